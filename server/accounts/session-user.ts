// Who is signed in: the one shape every server plugin reads. The accounts plugin resolves it from
// the session cookie (or a device-code session); other plugins receive a `UserResolver` and never
// look at cookies themselves.
import type { FastifyRequest } from 'fastify';
import { USER_ROLES } from '../../src/contracts/user-types.ts';
import type { SessionUserView, UserRole } from '../../src/contracts/user-types.ts';

/** The roles, from the contract the browser shares (src/contracts/user-types.ts). */
export const ROLES = USER_ROLES;
export type Role = UserRole;

/** The signed-in user: exactly what GET /api/v1/auth/me answers about them. */
export type SessionUser = SessionUserView;

/**
 * The signed-in user of a request, or undefined when there is none. For an unsafe method
 * (POST/PUT/PATCH/DELETE) made with the session cookie but without the `x-shixun-csrf: 1`
 * header, it resolves to undefined: cross-site forms cannot act as the user.
 */
export type UserResolver = (request: FastifyRequest) => Promise<SessionUser | undefined>;
