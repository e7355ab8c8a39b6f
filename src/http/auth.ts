// Who may write: a request whose `Authorization: Bearer <token>` matches API_TOKEN. The comparison
// takes the same time whatever the token, and the token is never logged or echoed.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { WriteAccess } from '../graphql/builder.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

export function writeAccess(authorization: string | null, apiToken: string | undefined): WriteAccess {
  if (!apiToken) return 'writes-disabled';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return 'no-token';
  // Hashing first gives both sides the same length, so timingSafeEqual can compare them.
  return timingSafeEqual(digest(match[1]!), digest(apiToken)) ? 'granted' : 'wrong-token';
}
