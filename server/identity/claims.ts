// OpenID Connect claims → the person provisioning works with: which claim holds the employee id,
// the name, department, rank and groups, which groups give which role, and who may sign in at all.
import type { Role } from '../accounts/session-user.ts';
import type { OidcProvider } from './config.ts';
import type { ExternalIdentity } from './provision.ts';

export type Claims = Readonly<Record<string, unknown>>;

export type MappedClaims =
  | { readonly ok: true; readonly identity: ExternalIdentity }
  | { readonly ok: false; readonly code: 'not-allowed' | 'missing-claim'; readonly reason: string };

/** Roles from the strongest down: a person in groups of several roles gets the first. */
const ROLE_ORDER: readonly Role[] = ['admin', 'department-admin', 'trainer', 'learner'];

/** A claim by name; a dotted name reads into nested objects (`org.department`). */
function claim(claims: Claims, name: string): unknown {
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function textClaim(claims: Claims, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const value = claim(claims, name);
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function listClaim(claims: Claims, name: string | undefined): string[] {
  if (name === undefined) return [];
  const value = claim(claims, name);
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' ? value.split(/[ ,]+/).filter((item) => item !== '') : [];
}

/**
 * The role `groups` give under `provider.roles`: with roles configured, someone in none of the
 * groups is a learner (a person who left the admins' group stops being an admin); without, undefined
 * (a new account is a learner and an existing one keeps the role an admin gave it).
 */
export function roleOfGroups(provider: OidcProvider, groups: readonly string[]): Role | undefined {
  const roles = provider.roles;
  if (roles === undefined) return undefined;
  return ROLE_ORDER.find((role) => (roles[role] ?? []).some((group) => groups.includes(group))) ?? 'learner';
}

/** Maps one person's claims under `provider`'s settings, or says why they may not sign in. */
export function mapClaims(provider: OidcProvider, claims: Claims): MappedClaims {
  const rule = provider.require;
  if (rule !== undefined) {
    const present = claim(claims, rule.claim);
    const passes =
      rule.value === undefined
        ? present !== undefined && present !== null && present !== false && present !== ''
        : Array.isArray(present)
          ? present.includes(rule.value)
          : present === rule.value;
    if (!passes)
      return {
        ok: false,
        code: 'not-allowed',
        reason: `Your account at ${provider.displayName.en} is not cleared for this training platform.`,
      };
  }
  const subject = textClaim(claims, 'sub');
  const employeeId = textClaim(claims, provider.claims.employeeId);
  const name = textClaim(claims, provider.claims.name);
  const missing = [
    subject === undefined ? 'sub' : undefined,
    employeeId === undefined ? provider.claims.employeeId : undefined,
    name === undefined ? provider.claims.name : undefined,
  ].filter((item): item is string => item !== undefined);
  if (subject === undefined || employeeId === undefined || name === undefined)
    return {
      ok: false,
      code: 'missing-claim',
      reason: `${provider.displayName.en} did not send ${missing.join(', ')}; ask the identity administrator to release these claims to this application.`,
    };
  const department = textClaim(claims, provider.claims.department);
  const rank = textClaim(claims, provider.claims.rank);
  const role = roleOfGroups(provider, listClaim(claims, provider.claims.groups));
  return {
    ok: true,
    identity: {
      source: 'oidc',
      provider: provider.id,
      subject,
      employeeId,
      name,
      ...(department === undefined ? {} : { department }),
      ...(rank === undefined ? {} : { rank }),
      ...(role === undefined ? {} : { role }),
    },
  };
}
