// `npm run identity:sync` as an operator runs it: a separate process on the server's data folder,
// against a real slapd. It disables the account of a person who left, and says when directory
// sign-in is not configured.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../server/accounts/test-support/accounts-test-app.ts';
import { UserStore } from '../server/accounts/user-store.ts';
import { TEST_DATABASES } from '../server/db/test-databases.ts';
import type { TestDatabase } from '../server/db/test-databases.ts';
import { openLdapSettings, startLdapTestServer } from '../server/identity/ldap/test-support/ldap-test-server.ts';
import { PASSWORDS, PEOPLE_DN, slapdAvailable, startTestDirectory } from '../server/identity/ldap/test-support/slapd.ts';
import type { TestDirectory } from '../server/identity/ldap/test-support/slapd.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const sqlite = TEST_DATABASES.find((variant) => variant.name === 'sqlite');

function runSync(env: NodeJS.ProcessEnv, identityFile: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/identity-sync.ts', '--identity-file', identityFile], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.skipIf(!slapdAvailable() || sqlite === undefined)('npm run identity:sync', () => {
  let directory: TestDirectory;
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let identityFile: string;
  let dataDir: string;

  beforeAll(async () => {
    directory = await startTestDirectory();
    if (sqlite === undefined) throw new Error('The SQLite test database is always listed.');
    database = await sqlite.open();
    dataDir = database.config.dataDir ?? '';
    const server = await startLdapTestServer(database, openLdapSettings(directory), path.join(dataDir, 'ledger'));
    expect((await login(server.app, 'test.leaver', PASSWORDS['test.leaver'])).statusCode).toBe(200);
    await server.close();
    const { bindPassword, ...settings } = openLdapSettings(directory);
    identityFile = path.join(dataDir, 'identity.yaml');
    await writeFile(identityFile, stringify({ ldap: { ...settings, bindPasswordEnv: 'TEST_LDAP_PASSWORD' } }));
    env = { DATA_DIR: dataDir, TEST_LDAP_PASSWORD: bindPassword ?? '' };
  }, 60_000);

  afterAll(async () => {
    await database?.dispose();
    await directory?.stop();
  });

  it('disables the account of a person who left the directory, and prints what it did', async () => {
    const client = await directory.admin();
    await client.del(`uid=test.leaver,ou=Data Office,${PEOPLE_DN}`);
    await client.unbind();
    const result = await runSync(env, identityFile);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Directory sync: 5 people read, 1 account(s) updated, 1 disabled.');
    expect(await new UserStore(database.db).findByUsername('T-0004')).toMatchObject({ disabled: 1 });
  }, 120_000);

  it('exits 2 when the identity file has no ldap: settings', async () => {
    const result = await runSync(env, path.join(dataDir, 'no-such-identity.yaml'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('has no ldap: settings');
  }, 120_000);
});
