// The credentials API through the real server on SQLite and PostgreSQL: a passed assessment
// becomes a course-pass credential when the learner lists their certificates, the DID document
// and status list are public, an admin revokes with a reason (ledger entry, audit log), the
// verify endpoint and the auditors' CLI give the verdicts.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CredentialItem, CredentialList, VerificationReportView } from '../../src/contracts/credential-types.ts';
import { signedIn } from '../accounts/test-support/accounts-test-app.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { startLedgerServer } from '../ledger/test-support/ledger-server.ts';
import type { LedgerServer, Person } from '../ledger/test-support/ledger-server.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function runCli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/credential-verify.ts', ...args],
      { cwd: ROOT, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
      },
    );
  });
}

describe.each(TEST_DATABASES)(
  'credentials API on $name',
  (variant) => {
    let server: LedgerServer;
    let files: string;
    const get = (person: Person | null, url: string) => server.app.inject({ method: 'GET', url, headers: person?.headers ?? {} });
    const post = (person: Person | null, url: string, payload: object) =>
      server.app.inject({ method: 'POST', url, headers: person?.headers ?? {}, payload });

    beforeAll(async () => {
      if (!variant.available) return;
      server = await startLedgerServer(variant);
      files = await mkdtemp(path.join(tmpdir(), 'shixun-credential-files-'));
    }, 60_000);

    afterAll(async () => {
      if (!variant.available) return;
      await server.close();
      await rm(files, { recursive: true, force: true });
    });

    it.skipIf(!variant.available)('issues, lists, verifies and revokes a course pass end to end', async () => {
      const did = await get(null, '/.well-known/did.json');
      expect(did.statusCode).toBe(200);
      expect(did.headers['content-type']).toContain('application/did+ld+json');
      const didDocument = did.json() as { id: string; verificationMethod: { type: string }[] };
      expect(didDocument.id).toBe('did:web:shixun.test');
      expect(didDocument.verificationMethod[0]?.type).toBe('Multikey');
      const download = await get(null, '/api/v1/credentials/issuer');
      expect(download.headers['content-disposition']).toContain('attachment');
      expect(download.json()).toEqual(didDocument);
      // The issuer key is not the ledger key.
      const ledgerKey = (await get(null, '/api/v1/ledger/public-key?format=json')).json() as { publicKey: string };
      expect(JSON.stringify(didDocument)).not.toContain(ledgerKey.publicKey.slice(30, 60));

      expect((await get(null, '/api/v1/credentials/mine')).statusCode).toBe(401);
      await server.finish(server.alice);
      const mine = (await get(server.alice, '/api/v1/credentials/mine')).json() as CredentialList;
      expect(mine.credentials).toHaveLength(1);
      const item = mine.credentials[0] as CredentialItem;
      expect(item).toMatchObject({
        kind: 'course-pass',
        username: 'ledger-alice',
        subjectName: 'Synthetic ledger-alice',
        achievementId: 'mini',
        status: 'valid',
      });
      expect(item.verifyUrl).toBe(`https://shixun.test/verify?id=${encodeURIComponent(item.id)}`);
      // Listing again issues nothing new; bob has none of alice's.
      expect(
        ((await get(server.alice, '/api/v1/credentials/mine')).json() as CredentialList).credentials.map((c) => c.id),
      ).toEqual([item.id]);
      expect(((await get(server.bob, '/api/v1/credentials/mine')).json() as CredentialList).credentials).toEqual([]);

      const verify = (credential: unknown) => post(null, '/api/v1/credentials/verify', { credential: credential as object });
      const valid = (await verify(item.credential)).json() as VerificationReportView;
      expect(valid).toMatchObject({ status: 'valid', revocationChecked: true });
      const changed = structuredClone(item.credential);
      (changed.credentialSubject as Record<string, unknown>).name = 'Someone else';
      const tampered = (await verify(changed)).json() as VerificationReportView;
      expect(tampered.status).toBe('tampered');
      expect(tampered.reasons).toContainEqual(expect.objectContaining({ code: 'changed', field: 'subject' }));
      expect((await post(null, '/api/v1/credentials/verify', {})).statusCode).toBe(400);
      expect((await post(null, '/api/v1/credentials/verify', { credential: 42 })).statusCode).toBe(400);

      const listUrl = '/api/v1/credentials/status/1';
      const before = (await get(null, listUrl)).json() as Record<string, unknown>;
      expect(before.type).toEqual(['VerifiableCredential', 'BitstringStatusListCredential']);
      expect((await get(null, '/api/v1/credentials/status/7')).statusCode).toBe(404);
      expect((await get(null, '/api/v1/credentials/status/x')).statusCode).toBe(400);

      // The auditors' CLI, offline, with the saved DID document and status list.
      const credentialFile = path.join(files, 'credential.json');
      const didFile = path.join(files, 'did.json');
      const statusFile = path.join(files, 'status.json');
      await writeFile(credentialFile, JSON.stringify(item.credential));
      await writeFile(didFile, JSON.stringify(didDocument));
      await writeFile(statusFile, JSON.stringify(before));
      const ok = await runCli([credentialFile, '--did', didFile, '--status', statusFile, '--offline']);
      expect(ok.stdout).toContain('VALID');
      expect(ok.code).toBe(0);

      const revokeUrl = `/api/v1/admin/credentials/${encodeURIComponent(item.id)}/revoke`;
      expect((await post(server.alice, revokeUrl, { reason: 'Not allowed for learners' })).statusCode).toBe(403);
      const short = await post(server.admin, revokeUrl, { reason: 'short' });
      expect(short.statusCode).toBe(400);
      expect(short.json()).toMatchObject({ message: expect.stringContaining('at least 10 characters') });
      expect(
        (
          await post(server.admin, '/api/v1/admin/credentials/urn:uuid:00000000-0000-4000-8000-000000000000/revoke', {
            reason: 'No such credential here',
          })
        ).statusCode,
      ).toBe(404);
      const revoked = await post(server.admin, revokeUrl, { reason: 'Result annulled after review' });
      expect(revoked.statusCode).toBe(200);
      expect(revoked.json()).toMatchObject({ status: 'revoked', revokedReason: 'Result annulled after review' });
      expect((await post(server.admin, revokeUrl, { reason: 'Result annulled after review' })).statusCode).toBe(409);

      expect(((await verify(item.credential)).json() as VerificationReportView).status).toBe('revoked');
      const audit = (await get(server.admin, '/api/v1/admin/audit')).json() as {
        entries: { action: string; target: string; detail: string }[];
      };
      expect(audit.entries).toContainEqual(
        expect.objectContaining({ action: 'credential.revoke', target: item.id, detail: 'Result annulled after review' }),
      );
      const ledgerExport = await server.exportLedger();
      expect(ledgerExport.entries.at(-1)).toMatchObject({
        kind: 'credential-revocation',
        payload: { reason: 'Result annulled after review', revokedBy: 'admin' },
      });
      const adminList = (await get(server.admin, '/api/v1/admin/credentials')).json() as CredentialList;
      expect(adminList.credentials.find((c) => c.id === item.id)?.status).toBe('revoked');
      expect((await get(server.alice, '/api/v1/admin/credentials')).statusCode).toBe(403);

      // The learner's export carries what an offline check needs; the CLI checks it whole.
      const exported = await get(server.alice, '/api/v1/credentials/mine/export');
      expect(exported.headers['content-disposition']).toContain('attachment');
      const bundle = exported.json() as {
        format: string;
        didDocument: unknown;
        statusLists: Record<string, unknown>;
        credentials: { id: string; vcJwt: string }[];
      };
      expect(bundle).toMatchObject({ format: 'shixun-credentials-export', didDocument });
      expect(Object.keys(bundle.statusLists)).toEqual(['https://shixun.test/api/v1/credentials/status/1']);
      expect(bundle.credentials.map((c) => c.id)).toEqual([item.id]);
      expect(bundle.credentials[0]?.vcJwt.split('.')).toHaveLength(3);
      expect((await get(null, '/api/v1/credentials/mine/export')).statusCode).toBe(401);
      const bundleFile = path.join(files, 'export.json');
      await writeFile(bundleFile, exported.body);
      const cliBundle = await runCli([bundleFile]);
      expect(cliBundle.stdout).toContain('REVOKED');
      expect(cliBundle.stdout).toContain('0 of 1 credentials valid');
      expect(cliBundle.code).toBe(1);
      const tokenFile = path.join(files, 'token.jwt');
      await writeFile(tokenFile, bundle.credentials[0]?.vcJwt ?? '');
      const cliToken = await runCli([tokenFile, '--did', didFile, '--offline']);
      expect(cliToken.stdout).toContain('VALID');
      expect(cliToken.stdout).toContain('(vc-jose)');

      await writeFile(statusFile, (await get(null, listUrl)).body);
      const cli = await runCli([credentialFile, '--did', didFile, '--status', statusFile]);
      expect(cli.stdout).toContain('REVOKED');
      expect(cli.code).toBe(1);
      await writeFile(credentialFile, JSON.stringify(changed));
      const cliTampered = await runCli([credentialFile, '--did', didFile, '--offline']);
      expect(cliTampered.stdout).toContain('TAMPERED');
      expect(cliTampered.stdout).toContain("the learner's name or id was changed");
      expect(cliTampered.code).toBe(1);
      expect((await runCli([credentialFile, '--offline'])).code).toBe(2);
    });

    it.skipIf(!variant.available)(
      "lists by search and status, and limits a department admin to their department's credentials",
      async () => {
        const departmentAdmin = async (username: string, department: string): Promise<Person> => {
          const created = await post(server.admin, '/api/v1/admin/users', {
            username,
            name: `Synthetic ${username}`,
            role: 'department-admin',
            department,
            rank: '科员',
          });
          expect(created.statusCode, created.body).toBe(201);
          return { username, headers: await signedIn(server.app, username, (created.json() as { password: string }).password) };
        };
        const records = await departmentAdmin('cred-records-admin', 'Records Office');
        const other = await departmentAdmin('cred-audit-admin', 'Audit Office');
        await server.finish(server.bob);
        const bobs = ((await get(server.bob, '/api/v1/credentials/mine')).json() as CredentialList).credentials;
        expect(bobs).toHaveLength(1);
        const bobId = bobs[0]!.id;
        const list = async (person: Person, query = '') => {
          const response = await get(person, `/api/v1/admin/credentials${query}`);
          expect(response.statusCode, response.body).toBe(200);
          return (response.json() as CredentialList).credentials;
        };

        // Search by learner or course, and by status.
        expect((await list(server.admin, '?q=LEDGER-BOB')).map((c) => c.id)).toEqual([bobId]);
        expect((await list(server.admin, '?q=mini')).map((c) => c.id)).toContain(bobId);
        expect(await list(server.admin, '?q=nobody-has-this')).toEqual([]);
        expect((await list(server.admin, '?q=100%25')).length).toBe(0);
        const valid = await list(server.admin, '?status=valid');
        expect(valid.map((c) => c.id)).toContain(bobId);
        expect(valid.every((c) => c.status === 'valid')).toBe(true);
        expect((await list(server.admin, '?status=revoked')).map((c) => c.id)).not.toContain(bobId);
        const bad = await get(server.admin, '/api/v1/admin/credentials?status=lost');
        expect(bad.statusCode).toBe(400);
        expect(bad.json()).toMatchObject({ message: expect.stringContaining('status must be one of valid, revoked, expired') });

        // A department admin sees and revokes their own department's only.
        expect((await list(records)).map((c) => c.id)).toContain(bobId);
        expect(await list(other)).toEqual([]);
        const revokeUrl = `/api/v1/admin/credentials/${encodeURIComponent(bobId)}/revoke`;
        const refused = await post(other, revokeUrl, { reason: 'Outside my department, refused' });
        expect(refused.statusCode).toBe(403);
        expect(refused.json()).toMatchObject({
          message: expect.stringContaining('You administer the department "Audit Office"'),
        });
        expect((await list(server.admin, '?status=revoked')).map((c) => c.id)).not.toContain(bobId);
        const revoked = await post(records, revokeUrl, { reason: 'Entered for the wrong person' });
        expect(revoked.statusCode, revoked.body).toBe(200);
        expect(revoked.json()).toMatchObject({ status: 'revoked', revokedBy: 'cred-records-admin' });
        const [shown] = await list(server.admin, '?status=revoked&q=ledger-bob');
        expect(shown).toMatchObject({
          id: bobId,
          revokedBy: 'cred-records-admin',
          revokedReason: 'Entered for the wrong person',
        });
        expect(shown?.revokedAt).toEqual(expect.any(String));
        // The learner's own list does not name the admin.
        const own = ((await get(server.bob, '/api/v1/credentials/mine')).json() as CredentialList).credentials[0];
        expect(own).toMatchObject({ status: 'revoked' });
        expect(own).not.toHaveProperty('revokedBy');
      },
    );
  },
  120_000,
);
