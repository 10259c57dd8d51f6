// The attack of one learner on everyone: learners with long assessment attempts sending batches of
// answers as fast as the server answers, against the whole server listening on a port. Everyone
// else's requests (the health check, an xAPI statement) must stay fast, and the abusers must be
// slowed by 429s. And the cap on assessments open at once.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINI_PASSING } from '../../src/engine/test-course.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { DEFAULT_ASSESSMENT_POLICY } from './assessment-policy.ts';
import { CourseCatalog } from './course-catalog.ts';
import { measureAbuse, startAbuseServer, type AbuseServer } from './test-support/abusive-learners.ts';
import { assessmentLog, putActions, ROOMY_POLICY, startGradingApp, USERS } from './test-support/grading-test-app.ts';
import type { GradingTestApp } from './test-support/grading-test-app.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const catalog = CourseCatalog.load(path.join(ROOT, 'courses'));

describe('learners abusing the attempts API', () => {
  let database: TestDatabase;
  let server: AbuseServer;

  beforeAll(async () => {
    database = await TEST_DATABASES[0]!.open();
    server = await startAbuseServer(database);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await database?.dispose();
  });

  it('keeps /healthz and xAPI fast while four learners with long attempts send batches without pause', async () => {
    const result = await measureAbuse(server, database, catalog, { loops: 4, prefill: 2_000, batchActions: 10, probeMs: 2_500 });
    // The abusers were heard, and held to the limits: refused with 429, and accepted no more than
    // the batch rate allows (20 at once, then 10 a second, over the probes and the 300 ms before them).
    expect(result.statuses[200] ?? 0).toBeGreaterThan(0);
    expect(result.statuses[429] ?? 0).toBeGreaterThan(0);
    expect(result.statuses[200] ?? 0).toBeLessThanOrEqual(4 * (20 + 10 * 3.5));
    expect(
      Object.keys(result.statuses)
        .map(Number)
        .every((status) => status === 200 || status === 429),
    ).toBe(true);
    // Generous bounds: this machine is shared; before the fix three loops moved /healthz to hundreds of ms.
    expect(result.abused.healthz.count).toBeGreaterThan(10);
    expect(result.abused.healthz.p50).toBeLessThan(50);
    expect(result.abused.xapiPost.p50).toBeLessThan(100);
  }, 120_000);
});

describe('assessments open at once', () => {
  let grading: GradingTestApp;

  beforeAll(async () => {
    grading = await startGradingApp(TEST_DATABASES[0]!, { policy: { ...ROOMY_POLICY, maxOpenAttempts: 2 } });
  });

  afterAll(async () => {
    await grading?.close();
  });

  it('refuses a third open assessment with 409 and a reason, and allows it once one finishes', async () => {
    const logs = [assessmentLog(MINI_PASSING), assessmentLog(MINI_PASSING), assessmentLog(MINI_PASSING)];
    const ids = logs.map((log) => (log[0]?.kind === 'start' ? log[0].attemptId : ''));
    for (const [index, log] of logs.slice(0, 2).entries())
      expect((await putActions(grading.app, ids[index]!, log.slice(0, 1), { from: 0 })).statusCode).toBe(200);
    const refused = await putActions(grading.app, ids[2]!, logs[2]!.slice(0, 1), { from: 0 });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ reason: 'open-attempts', max: 2, open: [ids[0], ids[1]] });
    expect(refused.json<{ message: string }>().message).toMatch(/2 assessments in progress .* the most allowed at once \(2\)/);
    // Another learner is not affected.
    const other = assessmentLog(MINI_PASSING);
    const otherId = other[0]?.kind === 'start' ? other[0].attemptId : '';
    expect((await putActions(grading.app, otherId, other.slice(0, 1), { from: 0, as: USERS.learnerB })).statusCode).toBe(200);
    // Once one of the two finishes, the third may start.
    const finished = await putActions(grading.app, ids[0]!, logs[0]!.slice(1), { from: 1 });
    expect(finished.json<{ status: string }>().status).toBe('finished');
    expect((await putActions(grading.app, ids[2]!, logs[2]!.slice(0, 1), { from: 0 })).statusCode).toBe(200);
    expect(DEFAULT_ASSESSMENT_POLICY.maxOpenAttempts).toBe(2);
  });
});

describe('batches per learner', () => {
  let grading: GradingTestApp;

  beforeAll(async () => {
    grading = await startGradingApp(TEST_DATABASES[0]!, {
      policy: { ...ROOMY_POLICY, actionBatches: { perSecond: 1, burst: 2 } },
      now: () => Date.UTC(2026, 4, 6, 1, 0, 0),
    });
  });

  afterAll(async () => {
    await grading?.close();
  });

  it('answers 429 with Retry-After before reading the body, for that learner only', async () => {
    const log = assessmentLog(MINI_PASSING);
    const attemptId = log[0]?.kind === 'start' ? log[0].attemptId : '';
    expect((await putActions(grading.app, attemptId, log.slice(0, 1), { from: 0 })).statusCode).toBe(200);
    expect((await putActions(grading.app, attemptId, log.slice(1, 2), { from: 1 })).statusCode).toBe(200);
    const limited = await grading.app.inject({
      method: 'PUT',
      url: `/api/v1/attempts/${attemptId}/actions`,
      headers: { 'content-type': 'application/json', 'x-test-user': USERS.learnerA.username },
      payload: '{ this is not JSON',
    });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.json()).toMatchObject({ reason: 'action-rate' });
    const other = assessmentLog(MINI_PASSING);
    const otherId = other[0]?.kind === 'start' ? other[0].attemptId : '';
    expect((await putActions(grading.app, otherId, other.slice(0, 1), { from: 0, as: USERS.learnerB })).statusCode).toBe(200);
  });
});
