/** Service errors beyond bad input (`InputError`, 400): each carries its HTTP status. */

/** 404: an account (or other resource) the book does not hold. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  readonly statusCode = 404;
}

/** 503: the bounded queue is full; the client should retry later. */
export class OverloadedError extends Error {
  override readonly name = 'OverloadedError';
  readonly statusCode = 503;
}

/** 503: the service stopped accepting events (shutting down, or its database failed). */
export class UnavailableError extends Error {
  override readonly name = 'UnavailableError';
  readonly statusCode = 503;
}
