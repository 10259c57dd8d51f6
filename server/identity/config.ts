// The OpenID Connect providers people may sign in with: from config/identity.yaml (optional) and
// from SHIXUN_OIDC_* variables (one provider, for a deployment without a config file). A bad file
// or variable stops the start with the file, the field and what to write instead.
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { userRoleSchema } from '../../src/contracts/user-types.ts';

const PROVIDER_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

const text = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .min(1, `${what} must not be empty`);

/** Who may sign in at all: a claim that must be present, equal a value, or (as a list) include it. */
const requireSchema = z.strictObject({
  claim: text('require.claim'),
  /** The claim must equal this (text) or, when it is a list, include it. Left out: only present. */
  value: z.string().optional(),
});

const claimsSchema = z.strictObject({
  /** @default employee_id */
  employeeId: text('claims.employeeId').default('employee_id'),
  /** @default name */
  name: text('claims.name').default('name'),
  department: text('claims.department').optional(),
  rank: text('claims.rank').optional(),
  /** A list (or a text) of group names, matched against `roles`. */
  groups: text('claims.groups').optional(),
});

export const oidcProviderSchema = z.strictObject({
  /** The id in the sign-in address and the audit log, e.g. `unified-id`. */
  id: z.string().regex(PROVIDER_ID, 'id must be 1 to 40 lower-case letters, digits or "-", starting with a letter or digit'),
  /** The issuer URL; https, or http on this machine's loopback address only. */
  issuer: z.url({ error: 'issuer must be a URL such as https://id.example.gov/' }),
  clientId: text('clientId'),
  /** The client secret itself (prefer clientSecretEnv: config files get copied around). */
  clientSecret: z.string().optional(),
  /** The name of an environment variable that holds the client secret. */
  clientSecretEnv: z.string().optional(),
  /** How the server authenticates at the token endpoint. @default client_secret_basic */
  tokenAuthMethod: z.enum(['client_secret_basic', 'client_secret_post', 'none']).default('client_secret_basic'),
  /** @default ['openid', 'profile'] */
  scopes: z.array(text('scopes[]')).default(['openid', 'profile']),
  /** The button's text: 使用 {zh-CN} 登录 / Sign in with {en}. */
  displayName: z.strictObject({ 'zh-CN': text('displayName.zh-CN'), en: text('displayName.en') }),
  claims: claimsSchema.default({ employeeId: 'employee_id', name: 'name' }),
  /** Group → role: the first role (in this order: admin, department-admin, trainer, learner) one of whose groups the person is in. */
  roles: z.partialRecord(userRoleSchema, z.array(text('roles[]'))).optional(),
  require: requireSchema.optional(),
});
export type OidcProviderConfig = z.infer<typeof oidcProviderSchema>;

const fileSchema = z.strictObject({
  oidc: z.array(oidcProviderSchema).default([]),
  /** The LDAP directory's settings, checked by server/identity/ldap/config.ts. */
  ldap: z.unknown().optional(),
});

/** A provider as the server uses it: the secret resolved. */
export interface OidcProvider extends Omit<OidcProviderConfig, 'clientSecret' | 'clientSecretEnv'> {
  readonly clientSecret: string | undefined;
}

export class IdentityConfigError extends Error {}

function problemsOf(error: z.ZodError, where: string): string {
  return error.issues
    .map(
      (issue) =>
        `${where}: ${issue.path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('') || '(top)'}: ${issue.message}`,
    )
    .join('\n');
}

function isLoopback(url: URL): boolean {
  return url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
}

/** True when the server may talk to this issuer over plain http: on this machine only. */
export function insecureAllowed(issuer: string): boolean {
  const url = new URL(issuer);
  return url.protocol === 'http:' && isLoopback(url);
}

function resolve(config: OidcProviderConfig, env: NodeJS.ProcessEnv, where: string): OidcProvider {
  const { clientSecret, clientSecretEnv, ...rest } = config;
  const url = new URL(config.issuer);
  if (url.protocol !== 'https:' && !insecureAllowed(config.issuer))
    throw new IdentityConfigError(
      `${where}: issuer: ${config.issuer} must use https (plain http only on this machine's loopback address).`,
    );
  let secret = clientSecret;
  if (clientSecretEnv !== undefined) {
    secret = env[clientSecretEnv];
    if (secret === undefined || secret === '')
      throw new IdentityConfigError(
        `${where}: clientSecretEnv: the variable ${clientSecretEnv} is not set; set it to the client secret.`,
      );
  }
  if (config.tokenAuthMethod !== 'none' && (secret === undefined || secret === ''))
    throw new IdentityConfigError(
      `${where}: clientSecret: ${config.tokenAuthMethod} needs a client secret (clientSecret or clientSecretEnv), or set tokenAuthMethod: none.`,
    );
  return { ...rest, clientSecret: secret };
}

/** The one provider SHIXUN_OIDC_* describe, or undefined when SHIXUN_OIDC_ISSUER is not set. */
function providerFromEnv(env: NodeJS.ProcessEnv): OidcProvider | undefined {
  if (!env.SHIXUN_OIDC_ISSUER) return undefined;
  const list = (value: string | undefined) =>
    value === undefined || value === '' ? undefined : value.split(/[ ,]+/).filter((item) => item !== '');
  const roleGroups = Object.fromEntries(
    (['admin', 'department-admin', 'trainer', 'learner'] as const)
      .map((role) => [role, list(env[`SHIXUN_OIDC_ROLE_${role.toUpperCase().replace('-', '_')}_GROUPS`])] as const)
      .filter(([, groups]) => groups !== undefined),
  );
  const raw = {
    id: env.SHIXUN_OIDC_PROVIDER_ID || 'sso',
    issuer: env.SHIXUN_OIDC_ISSUER,
    clientId: env.SHIXUN_OIDC_CLIENT_ID,
    ...(env.SHIXUN_OIDC_CLIENT_SECRET ? { clientSecret: env.SHIXUN_OIDC_CLIENT_SECRET } : {}),
    ...(list(env.SHIXUN_OIDC_SCOPES) ? { scopes: list(env.SHIXUN_OIDC_SCOPES) } : {}),
    ...(env.SHIXUN_OIDC_TOKEN_AUTH ? { tokenAuthMethod: env.SHIXUN_OIDC_TOKEN_AUTH } : {}),
    displayName: { 'zh-CN': env.SHIXUN_OIDC_NAME_ZH || '统一身份认证', en: env.SHIXUN_OIDC_NAME_EN || 'single sign-on' },
    claims: {
      employeeId: env.SHIXUN_OIDC_CLAIM_EMPLOYEE_ID || 'employee_id',
      name: env.SHIXUN_OIDC_CLAIM_NAME || 'name',
      ...(env.SHIXUN_OIDC_CLAIM_DEPARTMENT ? { department: env.SHIXUN_OIDC_CLAIM_DEPARTMENT } : {}),
      ...(env.SHIXUN_OIDC_CLAIM_RANK ? { rank: env.SHIXUN_OIDC_CLAIM_RANK } : {}),
      ...(env.SHIXUN_OIDC_CLAIM_GROUPS ? { groups: env.SHIXUN_OIDC_CLAIM_GROUPS } : {}),
    },
    ...(Object.keys(roleGroups).length > 0 ? { roles: roleGroups } : {}),
    ...(env.SHIXUN_OIDC_REQUIRE_CLAIM
      ? {
          require: {
            claim: env.SHIXUN_OIDC_REQUIRE_CLAIM,
            ...(env.SHIXUN_OIDC_REQUIRE_VALUE ? { value: env.SHIXUN_OIDC_REQUIRE_VALUE } : {}),
          },
        }
      : {}),
  };
  const parsed = oidcProviderSchema.safeParse(raw);
  if (!parsed.success) throw new IdentityConfigError(problemsOf(parsed.error, 'SHIXUN_OIDC_*'));
  return resolve(parsed.data, env, 'SHIXUN_OIDC_*');
}

/** Parses the text of an identity file; `display` names it in messages. */
export function parseIdentityFile(source: string, display: string, env: NodeJS.ProcessEnv): OidcProvider[] {
  let raw: unknown;
  try {
    raw = parseYaml(source);
  } catch (error) {
    throw new IdentityConfigError(`${display}: not valid YAML: ${(error as Error).message}`);
  }
  const parsed = fileSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new IdentityConfigError(problemsOf(parsed.error, display));
  return parsed.data.oidc.map((provider, i) => resolve(provider, env, `${display}: oidc[${i}]`));
}

/**
 * Every configured provider: the file's (SHIXUN_IDENTITY_FILE, default `defaultFile`, skipped when
 * it does not exist), then the environment's. Two providers with one id stop the start.
 */
export function loadOidcProviders(env: NodeJS.ProcessEnv, defaultFile: string): OidcProvider[] {
  const file = env.SHIXUN_IDENTITY_FILE || defaultFile;
  const providers: OidcProvider[] = [];
  if (existsSync(file)) providers.push(...parseIdentityFile(readFileSync(file, 'utf8'), file, env));
  else if (env.SHIXUN_IDENTITY_FILE) throw new IdentityConfigError(`SHIXUN_IDENTITY_FILE: ${file} does not exist.`);
  const fromEnv = providerFromEnv(env);
  if (fromEnv !== undefined) providers.push(fromEnv);
  const seen = new Set<string>();
  for (const provider of providers) {
    if (seen.has(provider.id))
      throw new IdentityConfigError(`Two OpenID Connect providers have the id "${provider.id}": give each its own id.`);
    seen.add(provider.id);
  }
  return providers;
}
