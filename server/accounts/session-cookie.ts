// The session cookie, read and written by hand: one name holding an opaque token, so a dozen lines
// replace @fastify/cookie, whose signing and parsing options this cookie has no use for (the token
// is unguessable on its own and the database keeps only its hash).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { looksLikeToken } from './secrets.ts';

export const SESSION_COOKIE = 'shixun_session';

/** The session token the request carries, if any. */
export function readSessionToken(request: FastifyRequest): string | undefined {
  return sessionTokenOfCookies(request.headers.cookie);
}

/** The session token in a Cookie header, if any (also read from a WebSocket upgrade's headers). */
export function sessionTokenOfCookies(header: string | null | undefined): string | undefined {
  if (header === undefined || header === null) return undefined;
  for (const pair of header.split(';')) {
    const equals = pair.indexOf('=');
    if (equals < 0 || pair.slice(0, equals).trim() !== SESSION_COOKIE) continue;
    const value = pair
      .slice(equals + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (looksLikeToken(value)) return value;
  }
  return undefined;
}

function attributes(request: FastifyRequest): string {
  // Secure only over TLS: a LAN server on plain http must still be able to sign people in.
  return `Path=/; HttpOnly; SameSite=Strict${request.protocol === 'https' ? '; Secure' : ''}`;
}

/**
 * Sets the cookie. Without `maxAgeMs` it lasts until the browser closes (the server still ends
 * the session when it expires); with it, it survives restarts, as a headset's device session should.
 */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeMs?: number): void {
  const maxAge = maxAgeMs === undefined ? '' : `; Max-Age=${Math.floor(maxAgeMs / 1000)}`;
  void reply.header('set-cookie', `${SESSION_COOKIE}=${token}; ${attributes(request)}${maxAge}`);
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  void reply.header('set-cookie', `${SESSION_COOKIE}=; ${attributes(request)}; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`);
}
