// Canonical JSON (keys sorted at every level) and its SHA-256, so that two serializations of
// the same statement compare equal whatever their property order or whitespace.
import { createHash } from 'node:crypto';

// One canonical form for the project: the credentials' field digests use the same function.
export { canonicalJson } from '../../src/credentials/field-digests.ts';

export function sha256Hex(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}
