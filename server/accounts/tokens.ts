// Bearer secrets (session tokens, device codes): random 32 bytes handed out once, and their
// SHA-256, which is all the database keeps, so a copied database signs no one in.
import { createHash, randomBytes } from 'node:crypto';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** 32 bytes in base64url, as newToken makes them; anything else is not worth a query. */
export function looksLikeToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
