// The account lifecycle's requests and answers: changing one's own password, the admin's
// actions on a user (disable, enable, reset the password, end sessions), the admin audit log
// and the xAPI credentials list. The server parses with these schemas; the browser is typed by
// them and checks what it receives.
import { z } from 'zod';
import { optionalText, requiredText } from './request-text.ts';
import { meResponseSchema } from './user-types.ts';

/**
 * The answer of POST /api/v1/auth/login and GET /api/v1/auth/me: who is signed in, and whether
 * an admin set their password, in which case they must choose a new one before anything else.
 */
export const signedInResponseSchema = meResponseSchema.extend({
  mustChangePassword: z.boolean().exactOptional(),
});
export type SignedInResponse = Readonly<z.infer<typeof signedInResponseSchema>>;

/** POST /api/v1/auth/password: the current password is required. Answers 204. */
export const changePasswordRequestSchema = z.strictObject({
  currentPassword: requiredText('currentPassword', 1024),
  newPassword: requiredText('newPassword', 1024),
});
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;

/** POST /api/v1/admin/users/:id/password: a temporary password, or none to have one generated. */
export const resetPasswordRequestSchema = z.strictObject({
  password: requiredText('password', 1024).exactOptional(),
});
export type ResetPasswordRequest = z.infer<typeof resetPasswordRequestSchema>;

/** The answer of a password reset: the generated password, shown this once. */
export const resetPasswordResponseSchema = z.object({
  username: z.string(),
  password: z.string().exactOptional(),
});
export type ResetPasswordResponse = Readonly<z.infer<typeof resetPasswordResponseSchema>>;

/** POST /api/v1/admin/users/:id/disable, /enable and /end-sessions. */
export const userActionResponseSchema = z.object({
  username: z.string(),
  disabled: z.boolean(),
  /** Sessions (browser and headset) ended by this action. */
  sessionsEnded: z.number(),
});
export type UserActionResponse = Readonly<z.infer<typeof userActionResponseSchema>>;

/** The extra-time factors an admin may grant (src/engine/extra-time.ts); 1 is none. */
const EXTRA_TIME_CHOICES = [1, 1.25, 1.5, 2] as const;

/** POST /api/v1/admin/users/:id/extra-time: the learner's timed steps get `factor` times their limit. */
export const extraTimeRequestSchema = z.strictObject({
  factor: z
    .number({ error: `factor must be one of ${EXTRA_TIME_CHOICES.join(', ')}.` })
    .refine((factor) => (EXTRA_TIME_CHOICES as readonly number[]).includes(factor), {
      error: (issue) => `factor must be one of ${EXTRA_TIME_CHOICES.join(', ')}, not ${String(issue.input)}.`,
    }),
});
export type ExtraTimeRequest = z.input<typeof extraTimeRequestSchema>;

export const extraTimeResponseSchema = z.object({ username: z.string(), extraTime: z.number() });

export const adminAuditEntrySchema = z.object({
  at: z.string(),
  /** Username of the admin who acted. */
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  detail: z.string(),
  ip: z.string(),
  userAgent: z.string(),
});
export type AdminAuditEntry = Readonly<z.infer<typeof adminAuditEntrySchema>>;

/** GET /api/v1/admin/audit (newest first); GET /api/v1/admin/audit.csv is the same as CSV. */
export const adminAuditResponseSchema = z.object({ entries: z.array(adminAuditEntrySchema) });
export type AdminAuditResponse = Readonly<z.infer<typeof adminAuditResponseSchema>>;

export const xapiCredentialInfoSchema = z.object({
  key: z.string(),
  label: z.string(),
  scopes: z.array(z.string()),
  created: z.string(),
});
export type XapiCredentialInfo = Readonly<z.infer<typeof xapiCredentialInfoSchema>>;

/** GET /api/v1/admin/xapi-credentials. */
export const xapiCredentialListSchema = z.object({ credentials: z.array(xapiCredentialInfoSchema) });

/** What an xAPI credential may do on /xapi/. */
/**
 * xAPI's own scope names: `state` reads and writes State documents, `profile` Activity and Agent
 * Profiles (and reads GET agents), `define` reads GET activities; `all` covers every one.
 */
export const XAPI_CREDENTIAL_SCOPES = ['all', 'statements/read', 'statements/write', 'state', 'define', 'profile'] as const;
export type XapiCredentialScope = (typeof XAPI_CREDENTIAL_SCOPES)[number];

const scopesReason = `scopes must be a non-empty list drawn from ${XAPI_CREDENTIAL_SCOPES.join(', ')}.`;

/**
 * POST /api/v1/admin/xapi-credentials: the key (the Basic-auth user name; generated when left out),
 * a label (the key when left out) and the scopes.
 */
export const xapiCredentialRequestSchema = z.strictObject({
  key: optionalText('key', 64).refine((value) => value === null || !/[:\s]/.test(value), {
    error: 'key must not contain ":" or spaces (it is the Basic-auth user name).',
  }),
  label: optionalText('label', 100),
  scopes: z
    .array(z.enum(XAPI_CREDENTIAL_SCOPES, { error: scopesReason }), { error: scopesReason })
    .min(1, { error: scopesReason }),
});
export type XapiCredentialRequest = z.input<typeof xapiCredentialRequestSchema>;

/** POST /api/v1/admin/xapi-credentials and …/:key/rotate: the secret, shown this once. */
export const xapiCredentialSecretSchema = z.object({
  key: z.string(),
  secret: z.string(),
  scopes: z.array(z.string()),
  label: z.string(),
});
export type XapiCredentialSecret = Readonly<z.infer<typeof xapiCredentialSecretSchema>>;
