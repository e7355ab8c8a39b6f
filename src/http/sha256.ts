// The hash persisted operations are known by (and pages' ETags are cut from): SHA-256 in hex.
import { createHash } from 'node:crypto';

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');
