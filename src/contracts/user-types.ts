// The signed-in user as the server answers it (GET /api/v1/auth/me, the sign-in answers, the
// admin's user list). One zod schema per shape: the server types what it sends with it, the
// browser checks what it receives with it in development and e2e builds.
import { z } from 'zod';

/** Who someone is on the platform: what they may see and do. */
export const userRoleSchema = z.enum(['learner', 'trainer', 'admin']);
export type UserRole = z.infer<typeof userRoleSchema>;

/** Every role, in the order forms and messages list them. */
export const USER_ROLES = userRoleSchema.options;

export const sessionUserViewSchema = z.object({
  /** Stable internal id (a UUID). */
  id: z.string(),
  /** Sign-in name; for imported learners, the employee id. Also the xAPI account name. */
  username: z.string(),
  name: z.string(),
  role: userRoleSchema,
  employeeId: z.string().nullable(),
  department: z.string().nullable(),
  rank: z.string().nullable(),
});
export type SessionUserView = Readonly<z.infer<typeof sessionUserViewSchema>>;

/** The xAPI actor the server writes for a user (the same shape as src/records' XapiAgent). */
export const accountAgentSchema = z.object({
  objectType: z.literal('Agent'),
  name: z.string().exactOptional(),
  account: z.object({ homePage: z.string(), name: z.string() }),
});

/**
 * GET /api/v1/auth/me, and the answer of every sign-in (password or device code): who is signed
 * in and the xAPI actor their records carry.
 */
export const meResponseSchema = z.object({
  user: sessionUserViewSchema,
  agent: accountAgentSchema,
});
export type MeResponse = Readonly<z.infer<typeof meResponseSchema>>;
