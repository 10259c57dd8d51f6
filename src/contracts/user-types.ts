// The signed-in user as the server answers it (GET /api/v1/auth/me, the sign-in answers, the
// admin's user list). One zod schema per shape: the server types what it sends with it, the
// browser checks what it receives with it in development and e2e builds.
import { z } from 'zod';
import { optionalText, requiredText } from './request-text.ts';

/**
 * Who someone is on the platform: what they may see and do. A trainer reads the records of the
 * learners in their own classes; a department admin manages and reads the users of their own
 * department (users.department); the organisation admin (`admin`) sees everyone.
 */
export const userRoleSchema = z.enum(['learner', 'trainer', 'department-admin', 'admin']);
export type UserRole = z.infer<typeof userRoleSchema>;

/** Every role, in the order forms and messages list them. */
export const USER_ROLES = userRoleSchema.options;

export function isUserRole(value: string): value is UserRole {
  return (USER_ROLES as readonly string[]).includes(value);
}

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
  /** Extra time on timed steps an admin granted (1.25, 1.5 or 2); absent: none. */
  extraTime: z.number().exactOptional(),
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

/** A user as the admin's list shows it (GET /api/v1/admin/users → { users }). */
export const adminUserRowSchema = sessionUserViewSchema.extend({
  /** When the account was created, ISO 8601. */
  created: z.string(),
  disabled: z.boolean(),
  /** An admin reset the password: the user must choose a new one at their next sign-in. */
  mustChangePassword: z.boolean(),
});
export type AdminUserRow = Readonly<z.infer<typeof adminUserRowSchema>>;

/** Account states the admin's list filters by. */
export const USER_STATUSES = ['active', 'disabled', 'must-change'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];
/** Orders of the admin's list: newest first (the default, so an import's people come first), or by a column. */
export const USER_SORTS = ['newest', 'username', 'name', 'department'] as const;
export type UserSort = (typeof USER_SORTS)[number];
export const USER_PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_USER_PAGE_SIZE = 50;

const queryText = (field: string, max: number) =>
  z
    .string({ error: `${field} must be text.` })
    .max(max, { error: `${field} is at most ${max} characters.` })
    .transform((text) => text.trim())
    .optional();
const queryNumber = (field: string, min: number, max: number) =>
  z
    .string({ error: `${field} must be a whole number.` })
    .regex(/^\d{1,6}$/, { error: `${field} must be a whole number from ${min} to ${max}.` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `${field} must be a whole number from ${min} to ${max}.` })
    .optional();

/**
 * GET /api/v1/admin/users query: search (username, employee id or name, any part, any case),
 * filters, order and page. Everything is optional; without it, the first page, newest first.
 */
export const adminUserQuerySchema = z.strictObject({
  q: queryText('q', 100),
  department: queryText('department', 100),
  rank: queryText('rank', 100),
  role: z.enum(USER_ROLES, { error: `role must be one of ${USER_ROLES.join(', ')}.` }).optional(),
  status: z.enum(USER_STATUSES, { error: `status must be one of ${USER_STATUSES.join(', ')}.` }).optional(),
  sort: z.enum(USER_SORTS, { error: `sort must be one of ${USER_SORTS.join(', ')}.` }).optional(),
  page: queryNumber('page', 1, 100_000),
  pageSize: queryNumber('pageSize', 1, 200),
});
export type AdminUserQuery = z.input<typeof adminUserQuerySchema>;

/** One page of the admin's list, how many match in all, and the values the filters offer. */
export const adminUserListSchema = z.object({
  users: z.array(adminUserRowSchema).readonly(),
  /** Users matching the search and filters (within what the caller administers). */
  total: z.number().int().nonnegative(),
  page: z.number().int().positive(),
  pageSize: z.number().int().positive(),
  /** Every department and rank among the users the caller administers, for the filter lists. */
  departments: z.array(z.string()).readonly(),
  ranks: z.array(z.string()).readonly(),
});
export type AdminUserList = z.infer<typeof adminUserListSchema>;

/** POST /api/v1/admin/users: one user made by hand. A password left out is generated. */
export const createUserRequestSchema = z.strictObject({
  username: requiredText('username', 64),
  name: requiredText('name', 100),
  /** Absent, null or empty: learner. */
  role: z
    .string({ error: `role must be one of ${USER_ROLES.join(', ')}.` })
    .nullish()
    .refine((role) => role === null || role === undefined || role === '' || isUserRole(role), {
      error: (issue) => `role must be one of ${USER_ROLES.join(', ')}, not "${String(issue.input)}".`,
    })
    .transform((role): UserRole => (role !== null && role !== undefined && isUserRole(role) ? role : 'learner')),
  password: optionalText('password', 1024),
  employeeId: optionalText('employeeId', 64),
  department: optionalText('department', 100),
  rank: optionalText('rank', 100),
});
export type CreateUserRequest = z.input<typeof createUserRequestSchema>;

/** The answer of POST /api/v1/admin/users (201): the user and, when the server made it, the initial password, shown this once. */
export const createdUserSchema = z.object({
  user: sessionUserViewSchema,
  password: z.string().exactOptional(),
});
export type CreatedUser = Readonly<z.infer<typeof createdUserSchema>>;

/** POST /api/v1/admin/users/import (a CSV staff list): what was created and updated, and every row refused. */
export const importResultSchema = z.object({
  created: z.number(),
  updated: z.number(),
  errors: z.array(z.object({ row: z.number(), field: z.string(), message: z.string() })).readonly(),
  /** Generated initial passwords of the users created now; shown once, never stored in clear. */
  passwords: z.array(z.object({ username: z.string(), password: z.string() })).readonly(),
});
export type ImportResult = Readonly<z.infer<typeof importResultSchema>>;
