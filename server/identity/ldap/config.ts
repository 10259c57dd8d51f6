// The `ldap:` part of config/identity.yaml: where the directory is, how Shixun binds to it, how a
// person is found and how their entry maps to an account. A bad setting stops the start with a
// message naming the field (docs/identity-ldap.md documents every field).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const text = z.string().trim().min(1);
const groupList = z.array(text).default([]);

const disabledRuleSchema = z.union([
  z.strictObject({
    /** The entry is disabled when this attribute holds one of `values` (case-insensitive). */
    attribute: text,
    values: z.array(text).min(1),
  }),
  z.strictObject({
    /** The entry is disabled when this integer attribute has any of `bits` set (AD userAccountControl: 2). */
    attribute: text,
    bits: z.number().int().positive(),
  }),
]);

export const ldapConfigSchema = z
  .strictObject({
    /** The id this directory's links carry (identity_links.provider) and the audit log names. */
    provider: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'use lower-case letters, digits and hyphens, e.g. corp-ad')
      .default('directory'),
    url: z.string().regex(/^ldaps?:\/\/[^/\s]+\/?$/i, 'give ldaps://host:port or ldap://host:port'),
    starttls: z.boolean().default(false),
    /** Plain ldap:// without StartTLS sends passwords readable on the network: only on purpose. */
    allowPlaintext: z.boolean().default(false),
    /** PEM file of the CA(s) that issued the directory's certificate; default: the system's CAs. */
    caFile: text.optional(),
    bindDn: text,
    /** Prefer bindPasswordEnv: the password then stays out of the file. */
    bindPassword: z.string().min(1).optional(),
    bindPasswordEnv: text.default('SHIXUN_LDAP_BIND_PASSWORD'),
    baseDn: text,
    /** `{username}` is replaced by the typed username, escaped (RFC 4515). */
    userFilter: text.refine((value) => value.includes('{username}'), 'must contain {username}'),
    /** Which entries the sync reads; default: userFilter with `{username}` as `*`. */
    syncFilter: text.optional(),
    attributes: z
      .strictObject({
        /** A stable id of the entry that survives renames and moves: entryUUID (OpenLDAP), objectGUID (AD). */
        id: text.default('entryUUID'),
        employeeId: text.default('employeeNumber'),
        name: text.default('displayName'),
        department: text.optional(),
        rank: text.optional(),
        /** An attribute of the entry listing its groups' DNs (memberOf). */
        groups: text.optional(),
      })
      .prefault({}),
    /** Groups found by a search instead of (or beside) attributes.groups; `{dn}` is the person's DN, escaped. */
    groupSearch: z
      .strictObject({
        baseDn: text,
        filter: text.refine((value) => value.includes('{dn}'), 'must contain {dn}'),
      })
      .optional(),
    /** Group DNs that make a person an admin, a department admin or a trainer (in that order); everyone else is a learner. */
    roles: z.strictObject({ admin: groupList, 'department-admin': groupList, trainer: groupList }).prefault({}),
    disabled: disabledRuleSchema.optional(),
    /** Milliseconds for connecting and for each operation. */
    timeoutMs: z.number().int().min(100).max(120_000).default(5000),
    sync: z
      .strictObject({
        /** Minutes between scheduled syncs in the server; 0: only `npm run identity:sync`. */
        intervalMinutes: z.number().int().min(0).max(10_080).default(0),
        pageSize: z.number().int().min(1).max(5000).default(200),
      })
      .prefault({}),
  })
  .superRefine((config, context) => {
    const plain = config.url.toLowerCase().startsWith('ldap://');
    if (plain && !config.starttls && !config.allowPlaintext)
      context.addIssue({
        code: 'custom',
        path: ['url'],
        message:
          'ldap:// without starttls sends passwords readable on the network: use ldaps://, set starttls: true, or set allowPlaintext: true on purpose',
      });
    if (!plain && config.starttls)
      context.addIssue({
        code: 'custom',
        path: ['starttls'],
        message: 'starttls is for ldap:// URLs; ldaps:// is already encrypted',
      });
  });

export type LdapConfigInput = z.input<typeof ldapConfigSchema>;
export type LdapConfigFields = z.output<typeof ldapConfigSchema>;

/** The settings with the secrets resolved: the service password and the CA certificates. */
export interface LdapConfig extends Omit<LdapConfigFields, 'bindPassword' | 'caFile'> {
  readonly bindPassword: string;
  /** PEM text of caFile, when given. */
  readonly ca?: string;
}

export class LdapConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LdapConfigError';
  }
}

function issuesText(error: z.ZodError, where: string): string {
  return error.issues.map((issue) => `${where}: ldap.${issue.path.join('.')}: ${issue.message}`).join('\n');
}

/** Checks `raw` (the value of the `ldap:` key) and resolves its secrets; `where` names the file in messages. */
export function ldapConfigFrom(raw: unknown, env: NodeJS.ProcessEnv, where: string, baseDir = process.cwd()): LdapConfig {
  const parsed = ldapConfigSchema.safeParse(raw);
  if (!parsed.success) throw new LdapConfigError(issuesText(parsed.error, where));
  const { bindPassword: inFile, caFile, ...fields } = parsed.data;
  const bindPassword = inFile ?? env[fields.bindPasswordEnv];
  if (bindPassword === undefined || bindPassword === '')
    throw new LdapConfigError(
      `${where}: ldap.bindPasswordEnv: set ${fields.bindPasswordEnv} to the password of ${fields.bindDn} (or give ldap.bindPassword).`,
    );
  let ca: string | undefined;
  if (caFile !== undefined) {
    const file = path.resolve(baseDir, caFile);
    try {
      ca = readFileSync(file, 'utf8');
    } catch (error) {
      throw new LdapConfigError(
        `${where}: ldap.caFile: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`,
      );
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----'))
      throw new LdapConfigError(`${where}: ldap.caFile: ${file} holds no PEM certificate (-----BEGIN CERTIFICATE-----).`);
  }
  return { ...fields, bindPassword, ...(ca === undefined ? {} : { ca }) };
}

/**
 * The `ldap:` key of the identity file, or undefined when the file or the key is absent (directory
 * sign-in off). Other keys of the file (`oidc:`) are not this module's.
 */
export function loadLdapConfig(file: string, env: NodeJS.ProcessEnv): LdapConfig | undefined {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new LdapConfigError(`${file}: cannot be read (${String(error)}).`);
  }
  let document: unknown;
  try {
    document = parseYaml(source);
  } catch (error) {
    throw new LdapConfigError(`${file}: is not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (document === null || document === undefined) return undefined;
  if (typeof document !== 'object' || Array.isArray(document))
    throw new LdapConfigError(`${file}: must be a mapping of settings.`);
  const raw = (document as Record<string, unknown>).ldap;
  if (raw === undefined || raw === null) return undefined;
  return ldapConfigFrom(raw, env, file, path.dirname(file));
}
