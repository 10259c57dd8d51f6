// Who is signed in: the one shape every server plugin reads. The accounts plugin resolves it from
// the session cookie (or a device-code session); other plugins receive a `UserResolver` and never
// look at cookies themselves.
import type { FastifyRequest } from 'fastify';

export const ROLES = ['learner', 'trainer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface SessionUser {
  /** Stable internal id (a UUID). */
  readonly id: string;
  /** Sign-in name; for imported learners, the employee id. Also the xAPI account name. */
  readonly username: string;
  readonly name: string;
  readonly role: Role;
  readonly employeeId: string | null;
  readonly department: string | null;
  readonly rank: string | null;
}

/**
 * The signed-in user of a request, or undefined when there is none. For an unsafe method
 * (POST/PUT/PATCH/DELETE) made with the session cookie but without the `x-shixun-csrf: 1`
 * header, it resolves to undefined: cross-site forms cannot act as the user.
 */
export type UserResolver = (request: FastifyRequest) => Promise<SessionUser | undefined>;
