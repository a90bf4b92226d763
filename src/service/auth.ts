/** Optional bearer-token auth: `Authorization: Bearer <token>`, compared in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';

/** A checker for one token; undefined token = no auth. */
export function bearerCheck(token: string | undefined): ((authorization: string | undefined) => boolean) | undefined {
  if (token === undefined || token === '') return undefined;
  const want = digest(token);
  return (authorization) => {
    const m = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
    return m !== null && timingSafeEqual(digest(m[1].trim()), want);
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
