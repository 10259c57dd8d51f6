// The `Authorization: Bearer …` credential of a request, for the routes that take API tokens.
import type { FastifyRequest } from 'fastify';

/** The bearer token of a request, or undefined when it sends none. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? '';
}
