// Single sign-on: the providers the sign-in page offers (GET /api/v1/auth/providers), signing out
// of a session that may have started at a provider (POST /api/v1/auth/oidc/logout), and the
// admin's sign-in settings (GET/PUT /api/v1/admin/sign-in-settings) and the directory sync's
// status (GET /api/v1/admin/directory-sync, POST …/run).
import { z } from 'zod';

/** One OpenID Connect provider as a button on the sign-in page. */
export const signInProviderSchema = z.object({
  /** The provider id in `/api/v1/auth/oidc/:provider/start`. */
  id: z.string(),
  /** Its name in each language: the button reads 使用 {zh-CN} 登录 / Sign in with {en}. */
  displayName: z.object({ 'zh-CN': z.string(), en: z.string() }),
});
export type SignInProvider = Readonly<z.infer<typeof signInProviderSchema>>;

export const signInOptionsSchema = z.object({
  providers: z.array(signInProviderSchema),
  /** False when an admin has switched local passwords off for learners: they sign in through a provider. */
  learnerPasswords: z.boolean(),
});
export type SignInOptions = Readonly<z.infer<typeof signInOptionsSchema>>;

/** POST /api/v1/auth/oidc/logout: the session has ended; open `endSessionUrl` to sign out at the provider too. */
export const ssoLogoutResponseSchema = z.object({
  endSessionUrl: z.string().nullable(),
});
export type SsoLogoutResponse = Readonly<z.infer<typeof ssoLogoutResponseSchema>>;

/** GET and PUT /api/v1/admin/sign-in-settings. */
export const signInSettingsSchema = z.strictObject({
  /** Learners may sign in with a local password. Admins always may, so nobody is locked out. */
  learnerPasswords: z.boolean({ error: 'learnerPasswords must be true or false.' }),
});
export type SignInSettings = Readonly<z.infer<typeof signInSettingsSchema>>;

/** One run of the directory sync (server/identity/ldap/sync-status.ts). */
export const directorySyncRunSchema = z.object({
  /** What started it: the schedule, an admin's Run now, or `npm run identity:sync`. */
  trigger: z.enum(['schedule', 'admin', 'script']),
  /** The admin who started it, for `admin`. */
  actor: z.string().nullable(),
  started: z.string(),
  finished: z.string(),
  /** People the directory listed; linked accounts changed, disabled, and refused (an unknown rank, say). */
  read: z.number(),
  updated: z.number(),
  disabled: z.number(),
  refused: z.number(),
  /** Why the run failed; null when it finished. */
  error: z.string().nullable(),
});
export type DirectorySyncRun = Readonly<z.infer<typeof directorySyncRunSchema>>;

/** GET /api/v1/admin/directory-sync and POST …/run: the sync's settings, its latest run and its latest failure. */
export const directorySyncStatusSchema = z.object({
  /** False without `ldap:` in the identity file: there is no directory to sync. */
  configured: z.boolean(),
  provider: z.string().nullable(),
  /** Minutes between scheduled runs (0: none scheduled); null when not configured. */
  intervalMinutes: z.number().nullable(),
  last: directorySyncRunSchema.nullable(),
  lastError: directorySyncRunSchema.nullable(),
});
export type DirectorySyncStatus = Readonly<z.infer<typeof directorySyncStatusSchema>>;

/**
 * Why a single sign-on did not sign the person in, as the server sends them back to the sign-in
 * page (`?sso=`); the page explains each in the person's language.
 */
export const SSO_ERRORS = [
  'not-allowed',
  'missing-claim',
  'unknown-rank',
  'already-linked',
  'employee-id-taken',
  'username-taken',
  'invalid-identity',
  'disabled',
  'denied',
  'expired',
  'unknown-provider',
  'failed',
] as const;
export type SsoError = (typeof SSO_ERRORS)[number];

export function isSsoError(value: string): value is SsoError {
  return (SSO_ERRORS as readonly string[]).includes(value);
}
