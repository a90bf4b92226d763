/** Largest request body the server takes unless told otherwise (bytes); its own module so the CLI can name it without loading fastify. */
export const DEFAULT_BODY_LIMIT = 4 * 2 ** 20;
