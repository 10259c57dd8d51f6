// Test helper: the whole server (API only) on a test database with an identity file whose `ldap:`
// settings point at a test directory, plus the settings the tests start from.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { stringify } from 'yaml';
import { buildServer } from '../../../build-server.ts';
import type { TestDatabase } from '../../../db/test-databases.ts';
import { miniCoursesDir } from '../../../grading/test-support/grading-test-app.ts';
import type { LdapConfigInput } from '../config.ts';
import type { SyncReport } from '../sync.ts';
import { GROUPS_DN, PASSWORDS, PEOPLE_DN, SERVICE_DN } from './slapd.ts';
import type { TestDirectory } from './slapd.ts';

export const ADMIN_PASSWORD = 'local-admin-password-1';

/** The OpenLDAP-style settings: uid, groups found by a search, disabled by employeeType. */
export function openLdapSettings(directory: TestDirectory): LdapConfigInput {
  return {
    provider: 'test-directory',
    url: directory.ldapsUrl,
    caFile: directory.certificates.caFile,
    bindDn: SERVICE_DN,
    bindPassword: PASSWORDS.service,
    baseDn: PEOPLE_DN,
    userFilter: '(&(objectClass=inetOrgPerson)(uid={username}))',
    attributes: { department: 'departmentNumber', rank: 'title' },
    groupSearch: { baseDn: GROUPS_DN, filter: '(&(objectClass=groupOfNames)(member={dn}))' },
    roles: { admin: [`cn=shixun-admins,${GROUPS_DN}`], trainer: [`cn=shixun-trainers,${GROUPS_DN}`] },
    disabled: { attribute: 'employeeType', values: ['disabled'] },
    timeoutMs: 3000,
  };
}

export interface LdapTestServer {
  readonly app: FastifyInstance;
  /** Where its ledger key is: a second server on the same database must use it too. */
  readonly ledgerKeyDir: string;
  /** Runs one directory sync, as `npm run identity:sync` does. */
  readonly sync: () => Promise<SyncReport>;
  close(): Promise<void>;
}

/** The server with `settings` as its `ldap:` key (undefined: no identity file at all). */
export async function startLdapTestServer(
  database: TestDatabase,
  settings: LdapConfigInput | undefined,
  ledgerKeyDir?: string,
): Promise<LdapTestServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'shixun-ldap-server-'));
  const courses = miniCoursesDir();
  const identityFile = path.join(dir, 'identity.yaml');
  if (settings !== undefined) await writeFile(identityFile, stringify({ ldap: settings }));
  let sync: (() => Promise<SyncReport>) | undefined;
  const app = await buildServer({
    apiOnly: true,
    logger: false,
    database,
    coursesDir: courses.dir,
    ledgerKeyDir: ledgerKeyDir ?? path.join(dir, 'ledger'),
    identityFile,
    onDirectorySync: (run) => (sync = run),
    env: { SHIXUN_ADMIN_PASSWORD: ADMIN_PASSWORD, SHIXUN_PUBLIC_URL: 'https://shixun.test/' },
  });
  await app.ready();
  return {
    app,
    ledgerKeyDir: ledgerKeyDir ?? path.join(dir, 'ledger'),
    sync: () => {
      if (sync === undefined) throw new Error('This server has no ldap: settings.');
      return sync();
    },
    async close() {
      await app.close();
      courses.remove();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
