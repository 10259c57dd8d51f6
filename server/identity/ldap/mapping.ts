// A directory entry as the person provisioning knows: the configured attributes read into
// employee id, name, department and rank, group membership into a role, and the disabled rule.
import type { Role } from '../../accounts/session-user.ts';
import type { ExternalIdentity } from '../provision.ts';
import type { LdapConfig } from './config.ts';
import type { DirectoryEntry } from './directory.ts';

function first(entry: DirectoryEntry, attribute: string | undefined): string | undefined {
  if (attribute === undefined) return undefined;
  const value = entry.attributes[attribute.toLowerCase()]?.[0]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** A DN compared without regard to case or the spaces around `,` and `=` (cn=A, ou=B ≡ CN=a,OU=b). */
export function normalizeDn(dn: string): string {
  return dn
    .split(/(?<!\\),/)
    .map((part) =>
      part
        .split(/(?<!\\)=/)
        .map((side) => side.trim())
        .join('='),
    )
    .join(',')
    .toLowerCase();
}

const ROLE_ORDER = ['admin', 'department-admin', 'trainer'] as const;

/** The first role (admin, department admin, trainer) one of whose groups the person is in, else learner; undefined when no role groups are set. */
export function roleFromGroups(config: LdapConfig, groups: readonly string[]): Role | undefined {
  if (ROLE_ORDER.every((role) => config.roles[role].length === 0)) return undefined;
  const member = new Set(groups.map(normalizeDn));
  return ROLE_ORDER.find((role) => config.roles[role].some((dn) => member.has(normalizeDn(dn)))) ?? 'learner';
}

export function isDisabled(config: LdapConfig, entry: DirectoryEntry): boolean {
  const rule = config.disabled;
  if (rule === undefined) return false;
  const found = entry.attributes[rule.attribute.toLowerCase()] ?? [];
  if ('values' in rule) {
    const wanted = new Set(rule.values.map((value) => value.toLowerCase()));
    return found.some((value) => wanted.has(value.trim().toLowerCase()));
  }
  return found.some((value) => /^-?\d+$/.test(value.trim()) && (BigInt(value.trim()) & BigInt(rule.bits)) !== 0n);
}

/** The groups of an entry: its groups attribute (memberOf) and those a group search found. */
export function groupsOf(config: LdapConfig, entry: DirectoryEntry, searched: readonly string[]): string[] {
  const listed = config.attributes.groups === undefined ? [] : (entry.attributes[config.attributes.groups.toLowerCase()] ?? []);
  return [...listed, ...searched];
}

/** The identity provisioning receives; missing values are left to it to refuse (it names what is missing). */
export function identityOf(config: LdapConfig, entry: DirectoryEntry, groups: readonly string[]): ExternalIdentity {
  const { attributes } = config;
  const department = first(entry, attributes.department);
  const rank = first(entry, attributes.rank);
  const role = roleFromGroups(config, groups);
  return {
    source: 'ldap',
    provider: config.provider,
    subject: first(entry, attributes.id) ?? '',
    employeeId: first(entry, attributes.employeeId) ?? '',
    name: first(entry, attributes.name) ?? '',
    ...(department === undefined ? {} : { department }),
    ...(rank === undefined ? {} : { rank }),
    ...(role === undefined ? {} : { role }),
    disabled: isDisabled(config, entry),
  };
}
