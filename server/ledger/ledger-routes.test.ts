// The ledger through the real server on SQLite and PostgreSQL: graded attempts become `result`
// entries exactly once, admins correct results with a reason (the original stays visible), the
// key, head and export are published to the right people, and the audit catches edited scores.
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttemptAdjustments, LedgerAudit, ResultAdjustment, SignedLedgerHead } from '../../src/contracts/report-types.ts';
import { MINI_PASSING } from '../../src/engine/test-course.ts';
import { buildServer } from '../build-server.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { assessmentLog, headerUser, USERS } from '../grading/test-support/grading-test-app.ts';
import { checkpointSignatureValid, readEd25519PublicKey } from './chain.ts';
import { Ledger } from './ledger.ts';
import { ledgerPlugin } from './plugin.ts';
import { putActions, startLedgerServer } from './test-support/ledger-server.ts';
import { enrol } from '../classes/test-support/enrol.ts';
import type { LedgerServer, Person } from './test-support/ledger-server.ts';
import { verifyLedgerExport } from './verify.ts';

describe.each(TEST_DATABASES)(
  'ledger API on $name',
  (variant) => {
    let server: LedgerServer;
    let finished: string;

    const adjust = (person: Person | null, attemptId: string, body: unknown) =>
      server.app.inject({
        method: 'POST',
        url: `/api/v1/attempts/${attemptId}/adjustments`,
        headers: person?.headers ?? {},
        payload: body as object,
      });
    const getAs = (person: Person | null, url: string) =>
      server.app.inject({ method: 'GET', url, headers: person?.headers ?? {} });

    beforeAll(async () => {
      if (!variant.available) return;
      server = await startLedgerServer(variant);
      finished = await server.finish(server.alice);
    }, 60_000);

    afterAll(async () => {
      if (variant.available) await server.close();
    });

    it.skipIf(!variant.available)(
      'appends one result entry when an attempt finishes, also when the finishing batch is retried or sent three times at once',
      async () => {
        const attemptId = randomUUID();
        const log = assessmentLog(MINI_PASSING, attemptId);
        const half = Math.ceil(log.length / 2);
        expect((await putActions(server.app, server.bob, attemptId, 0, log.slice(0, half))).statusCode).toBe(200);
        const sends = await Promise.all(
          [0, 1, 2].map(() => putActions(server.app, server.bob, attemptId, half, log.slice(half))),
        );
        expect(sends.map((response) => response.statusCode)).toEqual([200, 200, 200]);
        expect((await putActions(server.app, server.bob, attemptId, half, log.slice(half))).statusCode).toBe(200);

        const view = (await getAs(server.admin, `/api/v1/attempts/${attemptId}/adjustments`)).json() as AttemptAdjustments;
        expect(view.ledger.map((entry) => entry.kind)).toEqual(['result']);
        const official = view.original;
        expect(official).not.toBeNull();
        const attempt = (await getAs(server.bob, `/api/v1/attempts/${attemptId}`)).json() as {
          official: { dimensions: unknown };
        };
        expect(view.ledger[0]?.payload).toEqual({
          attemptId,
          userId: expect.any(String),
          username: 'ledger-bob',
          courseId: 'mini',
          courseVersion: '1.0.0',
          score: official?.score,
          max: official?.max,
          scaled: official?.scaled,
          passed: official?.passed,
          finishedAt: official?.finishedAt,
          dimensions: attempt.official.dimensions,
          // The department and rank Bob held when the result was made.
          department: 'Records Office',
          rank: '科员',
        });
      },
    );

    it.skipIf(!variant.available)(
      'refuses adjustments: 401 signed out, 403 to a learner or trainer, 400 without a real reason, 404 unknown, 409 unfinished',
      async () => {
        const good = { scaled: 0.9, passed: true, reason: 'Appeal upheld: item 3 was ambiguous.' };
        expect((await adjust(null, finished, good)).statusCode).toBe(401);
        const { 'x-shixun-csrf': _csrf, ...cookieOnly } = server.admin.headers;
        expect(
          (
            await server.app.inject({
              method: 'POST',
              url: `/api/v1/attempts/${finished}/adjustments`,
              headers: cookieOnly,
              payload: good,
            })
          ).statusCode,
        ).toBe(401);
        expect((await adjust(server.alice, finished, good)).statusCode).toBe(403);
        const trainer = await adjust(server.trainer, finished, good);
        expect(trainer.statusCode).toBe(403);
        expect(trainer.json()).toMatchObject({ message: expect.stringContaining('Only an admin') });

        for (const [body, words] of [
          [{ scaled: 0.9, passed: true }, 'reason is required'],
          [{ scaled: 0.9, passed: true, reason: '   too short   ' }, 'at least 10 characters'],
          [{ scaled: 1.5, passed: true, reason: good.reason }, 'from 0 to 1'],
          [{ scaled: 0.9, passed: 'yes', reason: good.reason }, 'passed must be true or false'],
          [{ ...good, score: 9 }, 'Unknown field(s) score'],
        ] as const) {
          const response = await adjust(server.admin, finished, body);
          expect(response.statusCode, JSON.stringify(body)).toBe(400);
          expect((response.json() as { message: string }).message).toContain(words);
        }
        expect((await adjust(server.admin, randomUUID(), good)).statusCode).toBe(404);
        expect((await adjust(server.admin, 'not-a-uuid', good)).statusCode).toBe(400);
        const unfinished = await server.startOnly(server.alice);
        expect((await adjust(server.admin, unfinished, good)).statusCode).toBe(409);
        // Nothing refused reached the ledger.
        const view = (await getAs(server.admin, `/api/v1/attempts/${finished}/adjustments`)).json() as AttemptAdjustments;
        expect(view.adjustments).toEqual([]);
        expect(view.ledger.map((entry) => entry.kind)).toEqual(['result']);
      },
    );

    it.skipIf(!variant.available)(
      "records each adjustment as a ledger entry and keeps the original visible to the owner, the learner's trainers and admins",
      async () => {
        const before = (await getAs(server.admin, `/api/v1/attempts/${finished}/adjustments`)).json() as AttemptAdjustments;
        const original = before.original;
        expect(original).not.toBeNull();
        const first = await adjust(server.admin, finished, {
          scaled: 0.5,
          passed: false,
          reason: '  Grading error: scene 2 was scored twice.  ',
        });
        expect(first.statusCode).toBe(201);
        const made = first.json() as ResultAdjustment;
        expect(made).toMatchObject({
          attemptId: finished,
          scaled: 0.5,
          passed: false,
          reason: 'Grading error: scene 2 was scored twice.',
          adjustedBy: 'admin',
        });
        const second = (
          await adjust(server.admin, finished, { scaled: 0.8, passed: true, reason: 'Appeal upheld after review by the panel.' })
        ).json() as ResultAdjustment;
        expect(second.ledgerSeq).toBeGreaterThan(made.ledgerSeq);
        expect(Date.parse(second.adjustedAt)).toBeGreaterThan(Date.parse(made.adjustedAt));

        const view = (await getAs(server.alice, `/api/v1/attempts/${finished}/adjustments`)).json() as AttemptAdjustments;
        expect(view.original).toEqual(original);
        expect(view.adjustments).toEqual([made, second]);
        expect(view.ledger.map((entry) => [entry.kind, entry.seq])).toEqual([
          ['result', before.ledger[0]?.seq],
          ['adjustment', made.ledgerSeq],
          ['adjustment', second.ledgerSeq],
        ]);
        expect(view.ledger[1]?.payload).toMatchObject({
          adjustmentId: made.id,
          attemptId: finished,
          username: 'ledger-alice',
          courseId: 'mini',
          previous: { scaled: original?.scaled, passed: original?.passed },
          scaled: 0.5,
          passed: false,
          adjustedBy: 'admin',
          adjustedAt: made.adjustedAt,
        });
        expect(view.ledger[2]?.payload).toMatchObject({ previous: { scaled: 0.5, passed: false }, scaled: 0.8, passed: true });
        // The attempt's own grading is untouched.
        expect(
          ((await getAs(server.alice, `/api/v1/attempts/${finished}`)).json() as { official: { scaled: number } }).official
            .scaled,
        ).toBe(original?.scaled);

        // A trainer reads them once the learner is (or was) in one of the trainer's classes.
        expect((await getAs(server.trainer, `/api/v1/attempts/${finished}/adjustments`)).statusCode).toBe(403);
        await enrol(server.app, server.trainer.headers, server.alice.headers);
        expect((await getAs(server.trainer, `/api/v1/attempts/${finished}/adjustments`)).statusCode).toBe(200);
        expect((await getAs(server.bob, `/api/v1/attempts/${finished}/adjustments`)).statusCode).toBe(403);
        expect((await getAs(null, `/api/v1/attempts/${finished}/adjustments`)).statusCode).toBe(401);
        expect((await getAs(server.admin, `/api/v1/attempts/${randomUUID()}/adjustments`)).statusCode).toBe(404);
        // And the chain, adjustments included, verifies against the published key.
        expect(verifyLedgerExport(await server.exportLedger(), { publicKeyPem: await server.publicKeyPem() })).toMatchObject({
          ok: true,
        });
      },
    );

    it.skipIf(!variant.available)('publishes the key to anyone as PEM with its id, or as JSON', async () => {
      const pem = await getAs(null, '/api/v1/ledger/public-key');
      expect(pem.statusCode).toBe(200);
      expect(pem.headers['content-type']).toContain('application/x-pem-file');
      expect(pem.body).toMatch(/^-----BEGIN PUBLIC KEY-----/);
      const json = (await getAs(null, '/api/v1/ledger/public-key?format=json')).json() as {
        keyId: string;
        publicKey: string;
        algorithm: string;
      };
      expect(json).toEqual({ keyId: pem.headers['x-shixun-ledger-key-id'], publicKey: pem.body, algorithm: 'Ed25519' });
      expect(json.keyId).toMatch(/^[0-9a-f]{64}$/);
      expect((await getAs(null, '/api/v1/ledger/public-key?format=der')).statusCode).toBe(400);
    });

    it.skipIf(!variant.available)(
      'shows the stored checkpoint to admins only (never signing a new one), and exports the log as a file named by its size',
      async () => {
        for (const url of ['/api/v1/ledger/head', '/api/v1/ledger/export', '/api/v1/ledger/audit']) {
          expect((await getAs(null, url)).statusCode, url).toBe(401);
          expect((await getAs(server.trainer, url)).statusCode, url).toBe(403);
          expect((await getAs(server.alice, url)).statusCode, url).toBe(403);
        }
        const head = (await getAs(server.admin, '/api/v1/ledger/head')).json() as SignedLedgerHead;
        const publicKey = readEd25519PublicKey(await server.publicKeyPem(), 'test');
        expect(checkpointSignatureValid(publicKey, head)).toBe(true);
        expect(checkpointSignatureValid(publicKey, { ...head, seq: head.seq + 1 })).toBe(false);
        // Asked again, the same stored checkpoint comes back: nothing is signed on request.
        expect((await getAs(server.admin, '/api/v1/ledger/head')).json()).toEqual(head);
        const note = await getAs(server.admin, '/api/v1/ledger/head?format=note');
        expect(note.headers['content-type']).toContain('text/plain');
        expect(note.body).toBe(head.note);
        expect((await getAs(server.admin, '/api/v1/ledger/head?format=xml')).statusCode).toBe(400);

        const response = await getAs(server.admin, '/api/v1/ledger/export');
        expect(response.statusCode).toBe(200);
        const data = response.json() as { head: SignedLedgerHead; entries: unknown[] };
        expect(response.headers['content-disposition']).toBe(`attachment; filename="shixun-ledger-${data.head.seq}.json"`);
        expect(data.entries).toHaveLength(data.head.seq);
        expect(data.head.hash).toBe(head.hash);
      },
    );

    it.skipIf(!variant.available)(
      'audits: clean at first, then names an attempt whose score or scaled was changed in the attempts table, and an edited adjustment',
      async () => {
        const clean = (await getAs(server.admin, '/api/v1/ledger/audit')).json() as LedgerAudit;
        expect(clean).toMatchObject({ ok: true, mismatches: [], missingFromLedger: [] });
        expect(clean.attempts).toBeGreaterThanOrEqual(2);

        const victim = await server.finish(server.bob);
        const row = await server.database.db
          .selectFrom('attempts')
          .select(['scaled', 'score'])
          .where('attempt_id', '=', victim)
          .executeTakeFirstOrThrow();
        await server.database.db
          .updateTable('attempts')
          .set({ scaled: 0.125, score: 999 })
          .where('attempt_id', '=', victim)
          .execute();
        await server.database.db
          .updateTable('result_adjustments')
          .set({ reason: 'Changed quietly in the database.' })
          .where('attempt_id', '=', finished)
          .execute();
        try {
          const audit = (await getAs(server.admin, '/api/v1/ledger/audit')).json() as LedgerAudit;
          expect(audit.ok).toBe(false);
          expect(audit.mismatches).toEqual(
            expect.arrayContaining([
              { attemptId: victim, field: 'scaled', table: 0.125, ledger: Number(row.scaled) },
              { attemptId: victim, field: 'score', table: 999, ledger: Number(row.score) },
              { attemptId: victim, field: 'effective scaled', table: 0.125, ledger: Number(row.scaled) },
              expect.objectContaining({
                attemptId: finished,
                field: expect.stringMatching(/^adjustment .* reason$/),
                table: 'Changed quietly in the database.',
              }),
            ]),
          );
        } finally {
          await server.database.db
            .updateTable('attempts')
            .set({ scaled: row.scaled, score: row.score })
            .where('attempt_id', '=', victim)
            .execute();
        }
        // An attempt finished with no ledger entry (one written around the server) is listed as missing.
        const entries = await server.database.db
          .selectFrom('ledger_entries')
          .selectAll()
          .where('attempt_id', '=', victim)
          .execute();
        await server.database.db.deleteFrom('ledger_entries').where('attempt_id', '=', victim).execute();
        try {
          const missing = (await getAs(server.admin, '/api/v1/ledger/audit')).json() as LedgerAudit;
          expect(missing.missingFromLedger).toEqual([victim]);
        } finally {
          // Put back: the server refuses to append to a log that no longer matches its checkpoints.
          await server.database.db.insertInto('ledger_entries').values(entries).execute();
        }
      },
    );

    it.skipIf(!variant.available)(
      'audits the narrow attempt_results table too: a score changed there alone is named, and a missing or extra row',
      async () => {
        const victim = await server.finish(server.bob);
        const { db } = server.database;
        const original = await db.selectFrom('attempts').selectAll().where('attempt_id', '=', victim).executeTakeFirstOrThrow();
        const narrow = await db
          .selectFrom('attempt_results')
          .selectAll()
          .where('attempt_id', '=', victim)
          .executeTakeFirstOrThrow();
        // Written by the grader with the finish: the same result as the attempts row.
        expect({
          scaled: Number(narrow.scaled),
          score: Number(narrow.score),
          passed: narrow.passed,
          finished: narrow.finished,
        }).toEqual({
          scaled: Number(original.scaled),
          score: Number(original.score),
          passed: original.passed,
          finished: original.finished,
        });
        const about = async () =>
          ((await getAs(server.admin, '/api/v1/ledger/audit')).json() as LedgerAudit).mismatches.filter(
            (m) => m.attemptId === victim,
          );
        expect(await about()).toEqual([]);

        await db
          .updateTable('attempt_results')
          .set({ scaled: 0.25, score: 1, passed: 0 })
          .where('attempt_id', '=', victim)
          .execute();
        try {
          expect(await about()).toEqual([
            { attemptId: victim, field: 'attempt_results score', table: 1, ledger: Number(original.score) },
            { attemptId: victim, field: 'attempt_results scaled', table: 0.25, ledger: Number(original.scaled) },
            { attemptId: victim, field: 'attempt_results passed', table: false, ledger: Number(original.passed) === 1 },
          ]);
        } finally {
          await db
            .updateTable('attempt_results')
            .set({ scaled: narrow.scaled, score: narrow.score, passed: narrow.passed })
            .where('attempt_id', '=', victim)
            .execute();
        }
        expect(await about()).toEqual([]);

        await db.deleteFrom('attempt_results').where('attempt_id', '=', victim).execute();
        try {
          expect(await about()).toEqual([{ attemptId: victim, field: 'attempt_results', table: null, ledger: 'present' }]);
        } finally {
          await db.insertInto('attempt_results').values(narrow).execute();
        }
        expect(await about()).toEqual([]);
      },
    );

    it.skipIf(!variant.available)('refuses to start a second server on this database with another key', async () => {
      await expect(
        buildServer({ apiOnly: true, logger: false, database: server.database, ledgerKeyDir: `${server.keyDir}-other`, env: {} }),
      ).rejects.toThrow(/SHIXUN_LEDGER_KEY_FILE/);
    });

    it.skipIf(!variant.available)(
      'lets a request through the export with the authorize option (an API token), before the session check',
      async () => {
        const ledger = await Ledger.open(server.database, { keyDir: server.keyDir });
        const app = Fastify({ logger: false });
        const scopes: string[] = [];
        await app.register(ledgerPlugin, {
          prefix: '/api/v1',
          database: server.database,
          ledger,
          currentUser: headerUser,
          authorize: async (request, scope) => {
            scopes.push(scope);
            return request.headers.authorization === 'Bearer shx_test-token';
          },
        });
        try {
          expect(
            (
              await app.inject({
                method: 'GET',
                url: '/api/v1/ledger/export',
                headers: { authorization: 'Bearer shx_test-token' },
              })
            ).statusCode,
          ).toBe(200);
          expect(
            (await app.inject({ method: 'GET', url: '/api/v1/ledger/export', headers: { authorization: 'Bearer shx_revoked' } }))
              .statusCode,
          ).toBe(401);
          expect(
            (
              await app.inject({
                method: 'GET',
                url: '/api/v1/ledger/export',
                headers: { 'x-test-user': USERS.learnerA.username },
              })
            ).statusCode,
          ).toBe(403);
          expect(
            (await app.inject({ method: 'GET', url: '/api/v1/ledger/export', headers: { 'x-test-user': USERS.admin.username } }))
              .statusCode,
          ).toBe(200);
          expect(scopes).toEqual(['ledger:read', 'ledger:read', 'ledger:read', 'ledger:read']);
          // The token opens the export only, not the head or the audit.
          expect(
            (await app.inject({ method: 'GET', url: '/api/v1/ledger/head', headers: { authorization: 'Bearer shx_test-token' } }))
              .statusCode,
          ).toBe(401);
        } finally {
          await app.close();
        }
      },
    );
  },
  30_000,
);
