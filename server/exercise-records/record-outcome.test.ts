// Recording a finished session of the real `resident-data-leak` exercise, on every database: the
// outcome comes from replaying a played log through the exercise engine; the server's recorder then
// writes result rows, ledger entries that verify, and xAPI statements found by the session's
// registration with the team and department as context groups; the promotion report counts the
// session against the policy's joint-exercise rule. A second recording writes nothing; bad input
// writes nothing; a result row changed in the database is flagged by the report.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerAudit, PromotionReport, ReportLearner } from '../../src/contracts/report-types.ts';
import { replay } from '../../src/exercise/replay.ts';
import type { ExerciseOutcome } from '../../src/exercise/rules.ts';
import { at, loadContentExercise, T0, TestSession } from '../../src/exercise/test-support/session.ts';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { verifyLedgerExport } from '../ledger/verify.ts';
import { createAccount, startReportsApp, testPolicyYaml, YEAR } from '../reports/test-support/reports-test-app.ts';
import type { ReportsTestApp } from '../reports/test-support/reports-test-app.ts';
import {
  EXERCISE_IRIS,
  ExerciseRecordError,
  exerciseResultId,
  type ExerciseOutcomeInput,
  type ExerciseParticipant,
} from './record-outcome.ts';

const exercise = loadContentExercise('resident-data-leak');

/** The test policy with a joint-exercise rule: division directors (处长) take part in one a year. */
function policyWithExercises(): string {
  return testPolicyYaml().replace(
    'minimumScore:\n  default: 0.6',
    `requiredExercises:
  - label: { zh-CN: 处长每年至少参加一次联合演练, en: "Division directors: one joint exercise a year" }
    count: 1
    ranks: [处长]
minimumScore:
  default: 0.6`,
  );
}

/** A short session played through the engine, then replayed from its log: the outcome the room would hand over. */
function playedOutcome(): ExerciseOutcome {
  const session = new TestSession(exercise, 'records-seed');
  session.ok('cyberspace', { type: 'act', action: 'convene' }, at(1));
  session.ok('police', { type: 'act', action: 'preserve-evidence' }, at(1, 20));
  session.ok(
    'police',
    { type: 'request', request: 'log-for-investigation', fields: ['batch-code', 'account', 'export-time'] },
    at(1, 40),
  );
  session.ok(
    'bigdata',
    {
      type: 'answer',
      requestId: session.requestId('log-for-investigation'),
      decision: 'grant',
      basis: 'pipl-13-3',
      fields: ['batch-code', 'account', 'export-time'],
    },
    at(3),
  );
  session.tick(at(5));
  session.ok('trainer', { type: 'end' }, at(6));
  const replayed = replay(session.rules, session.log, { seed: 'records-seed', startedAtMs: T0 });
  expect(replayed.mismatches).toEqual([]);
  expect(session.rules.stateHash(replayed.state)).toBe(session.rules.stateHash(session.state));
  return session.rules.outcome(replayed.state);
}

const PEOPLE = [
  { username: 'ex-cyber', name: '网信甲', department: '区委网信办', rank: '处长', roleId: 'cyberspace' },
  { username: 'ex-police', name: '公安乙', department: '区公安分局', rank: '科员', roleId: 'police' },
  { username: 'ex-bigdata', name: '数据丙', department: '大数据局', rank: '科员', roleId: 'bigdata' },
  { username: 'ex-civil', name: '民政丁', department: '区民政局', rank: '科员', roleId: 'civil-affairs' },
  { username: 'ex-press', name: '宣传戊', department: '区委宣传部', rank: '科员', roleId: 'press' },
] as const;

interface XapiResult {
  readonly statements: readonly {
    readonly actor: { readonly account: { readonly name: string } };
    readonly verb: { readonly id: string };
    readonly object: { readonly id: string };
    readonly result: {
      readonly score: { readonly raw: number; readonly max: number };
      readonly extensions: Record<string, unknown>;
    };
    readonly context: {
      readonly registration: string;
      readonly instructor: { readonly name: string; readonly account: { readonly name: string } };
      readonly contextGroups: readonly {
        readonly objectType: string;
        readonly group: {
          readonly name: string;
          readonly member?: readonly unknown[];
          readonly account?: { readonly name: string };
        };
        readonly relevantTypes: readonly string[];
      }[];
    };
  }[];
}

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`joint-exercise records on ${variant.name}`, () => {
    let t: ReportsTestApp;
    let outcome: ExerciseOutcome;
    let participants: ExerciseParticipant[];
    let input: ExerciseOutcomeInput;
    const sessionId = randomUUID();

    const count = async (table: 'exercise_results' | 'ledger_entries' | 'xapi_statements') =>
      Number(
        (
          await t.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const statementsOf = async (registration: string) => {
      const response = await t.app.inject({
        method: 'GET',
        url: `/xapi/statements?registration=${registration}&limit=50`,
        headers: { ...t.admin, 'x-experience-api-version': '2.0.0' },
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<XapiResult>().statements;
    };
    const report = async (): Promise<PromotionReport> => {
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/reports/promotion?period=${YEAR}`, headers: t.admin });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<PromotionReport>();
    };
    const audit = async (): Promise<LedgerAudit> => {
      const response = await t.app.inject({ method: 'GET', url: '/api/v1/ledger/audit', headers: t.admin });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<LedgerAudit>();
    };
    const row = (r: PromotionReport, username: string): ReportLearner => {
      const found = r.learners.find((learner) => learner.username === username);
      if (found === undefined) throw new Error(`${username} is not in the report`);
      return found;
    };

    beforeAll(async () => {
      t = await startReportsApp(variant, policyWithExercises());
      for (const { roleId: _role, ...person } of PEOPLE) await createAccount(t, person);
      await createAccount(t, { username: 'ex-absent', name: '缺席己', department: '区委网信办', rank: '处长' });
      await createAccount(t, { username: 'ex-trainer', name: '培训师', role: 'trainer' });
      const users = await t.database.db.selectFrom('users').select(['id', 'username']).execute();
      const idOf = (username: string) => users.find((user) => user.username === username)!.id;
      outcome = playedOutcome();
      participants = PEOPLE.map((person) => ({
        userId: idOf(person.username),
        username: person.username,
        name: person.name,
        department: person.department,
        rank: person.rank,
        roleId: person.roleId,
        roleName: exercise.roles.find((role) => role.id === person.roleId)!.name,
      }));
      input = {
        sessionId,
        exerciseId: 'resident-data-leak',
        courseId: 'joint-exercises',
        courseVersion: '1.0.0',
        exerciseTitle: exercise.title,
        endedAt: new Date().toISOString(),
        participants,
        outcome,
        trainerUsername: 'ex-trainer',
      };
    }, 120_000);
    afterAll(async () => {
      await t?.close();
    });

    it('records one result row, one ledger entry and one statement per participant', async () => {
      expect(outcome.finished).toBe(true);
      const recorded = await t.recordExercise(input);
      expect(recorded.recorded).toBe(true);
      expect(recorded.resultIds).toEqual(participants.map((p) => exerciseResultId(sessionId, p.userId)));

      const rows = await t.database.db.selectFrom('exercise_results').selectAll().where('session_id', '=', sessionId).execute();
      expect(rows).toHaveLength(5);
      for (const participant of participants) {
        const stored = rows.find((r) => r.user_id === participant.userId)!;
        expect(stored).toMatchObject({
          role_id: participant.roleId,
          exercise_id: 'resident-data-leak',
          trainer_username: 'ex-trainer',
          // The department and rank the participant held when the session ended.
          department: participant.department,
          rank: participant.rank,
        });
        expect(Number(stored.role_score)).toBe(outcome.roles[participant.roleId]!.score);
        expect(Number(stored.team_score)).toBe(outcome.team.score);
        expect(JSON.parse(stored.variables)).toEqual(outcome.variables);
      }
      // The played log earned points: the police preserved evidence, the big-data bureau answered.
      expect(outcome.roles.police!.score).toBeGreaterThan(0);

      const entries = await t.database.db
        .selectFrom('ledger_entries')
        .selectAll()
        .where('kind', '=', 'exercise-result')
        .execute();
      expect(entries).toHaveLength(5);
      const police = entries.map((e) => JSON.parse(e.payload) as Record<string, unknown>).find((p) => p.roleId === 'police')!;
      expect(police).toMatchObject({
        sessionId,
        username: 'ex-police',
        roleScore: outcome.roles.police!.score,
        teamScore: outcome.team.score,
        variables: outcome.variables,
        department: '区公安分局',
        rank: '科员',
      });
      // The whole ledger, exported, verifies offline (npm run ledger:verify does the same).
      const exported = await t.app.inject({ method: 'GET', url: '/api/v1/ledger/export', headers: t.admin });
      expect(exported.statusCode, exported.body).toBe(200);
      expect(verifyLedgerExport(JSON.parse(exported.body))).toMatchObject({ ok: true, entries: 5 });
      // The audit compares every result row with its entry: all match.
      expect(await audit()).toMatchObject({ ok: true, mismatches: [], missingFromLedger: [] });
    });

    it('makes xAPI statements found by the session registration, with the team and department as context groups', async () => {
      const statements = await statementsOf(sessionId);
      expect(statements).toHaveLength(5);
      const police = statements.find((s) => s.actor.account.name === 'ex-police')!;
      expect(police.verb.id).toBe('http://adlnet.gov/expapi/verbs/completed');
      expect(police.object.id).toBe('https://id.shixun.local/xapi/courses/joint-exercises/exercises/resident-data-leak');
      expect(police.context.registration).toBe(sessionId);
      expect(police.context.instructor).toMatchObject({ name: '培训师', account: { name: 'ex-trainer' } });
      expect(police.result.score).toMatchObject({ raw: outcome.roles.police!.score, max: outcome.roles.police!.max });
      expect(police.result.extensions[EXERCISE_IRIS.role]).toMatchObject({ id: 'police' });
      expect(police.result.extensions[EXERCISE_IRIS.teamScore]).toEqual({ score: outcome.team.score, max: outcome.team.max });
      const groups = police.context.contextGroups;
      expect(groups.map((g) => g.objectType)).toEqual(['contextGroup', 'contextGroup']);
      const team = groups.find((g) => g.relevantTypes.includes(EXERCISE_IRIS.teamType))!;
      expect(team.group.member).toHaveLength(5);
      const department = groups.find((g) => g.relevantTypes.includes(EXERCISE_IRIS.departmentType))!;
      expect(department.group.name).toBe('区公安分局');
      // Another registration finds none of them.
      expect(await statementsOf(randomUUID())).toHaveLength(0);
    });

    it('shows each learner’s joint exercises in the promotion report and the policy rule met or not', async () => {
      const r = await report();
      const director = row(r, 'ex-cyber');
      expect(director.standing.exercises).toMatchObject({ count: 1, met: true });
      expect(director.standing.exercises.required).toEqual([
        expect.objectContaining({ count: 1, done: 1, met: true, exercises: null }),
      ]);
      expect(director.standing.statuses.map((s) => s.kind)).not.toContain('missing-exercises');
      // The absent director is short of the rule, with its label as the reason.
      const absent = row(r, 'ex-absent');
      expect(absent.standing.exercises).toMatchObject({ count: 0, met: false });
      expect(absent.standing.meets).toBe(false);
      expect(absent.standing.statuses).toContainEqual({
        kind: 'missing-exercises',
        label: { 'zh-CN': '处长每年至少参加一次联合演练', en: 'Division directors: one joint exercise a year' },
        required: 1,
        done: 0,
      });
      // A staff member took part, and no rule applies to that rank.
      expect(row(r, 'ex-police').standing.exercises).toEqual({ count: 1, required: [], met: true });
      expect(row(r, 'ex-police').ledgerIssues).toEqual([]);
      expect(director.ledgerIssues).toEqual([]);

      const csv = await t.app.inject({
        method: 'GET',
        url: `/api/v1/reports/promotion?period=${YEAR}&format=csv&lang=en`,
        headers: t.admin,
      });
      expect(csv.statusCode, csv.body).toBe(200);
      const lines = csv.body.replace(/^\uFEFF/, '').split(/\r?\n/);
      const header = lines.find((line) => line.startsWith('Employee ID'))!;
      expect(header.endsWith('Policy version,Ledger,Joint exercises,Joint exercises required met,Honours awarded')).toBe(true);
      expect(lines.find((line) => line.includes('ex-cyber'))!.endsWith(',1,Yes,')).toBe(true);
      expect(lines.find((line) => line.includes('ex-absent'))!.endsWith(',0,No,')).toBe(true);
      expect(lines.find((line) => line.includes('ex-police'))!.endsWith(',1,Not required,')).toBe(true);
    });

    it('records nothing the second time the same session is recorded', async () => {
      const before = [await count('exercise_results'), await count('ledger_entries'), await count('xapi_statements')];
      const again = await t.recordExercise({ ...input, endedAt: new Date().toISOString() });
      expect(again.recorded).toBe(false);
      expect([await count('exercise_results'), await count('ledger_entries'), await count('xapi_statements')]).toEqual(before);
      // The session id in capitals names the same session.
      expect((await t.recordExercise({ ...input, sessionId: sessionId.toUpperCase() })).recorded).toBe(false);
      expect(await count('exercise_results')).toBe(before[0]);
    });

    it('records a session once when two recordings of it race', async () => {
      const before = [await count('exercise_results'), await count('ledger_entries'), await count('xapi_statements')];
      const racing = { ...input, sessionId: randomUUID(), participants: participants.slice(0, 1) };
      const results = await Promise.all([t.recordExercise(racing), t.recordExercise(racing)]);
      expect(results.map((r) => r.recorded).sort()).toEqual([false, true]);
      expect([await count('exercise_results'), await count('ledger_entries'), await count('xapi_statements')]).toEqual(
        before.map((n) => n + 1),
      );
      expect(await statementsOf(racing.sessionId)).toHaveLength(1);
    });

    it('refuses an unknown user, a role the exercise lacks and an unfinished session, writing nothing', async () => {
      const before = [await count('exercise_results'), await count('ledger_entries'), await count('xapi_statements')];
      const fresh = { ...input, sessionId: randomUUID() };
      const refused = async (bad: ExerciseOutcomeInput, code: string) => {
        const error = await t.recordExercise(bad).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ExerciseRecordError);
        expect((error as ExerciseRecordError).code).toBe(code);
      };
      // The last participant is not an account: the four valid rows before it are not written either.
      await refused(
        {
          ...fresh,
          participants: [...participants.slice(0, 4), { ...participants[4]!, userId: randomUUID(), username: 'nobody' }],
        },
        'unknown-user',
      );
      await refused({ ...fresh, participants: [{ ...participants[0]!, roleId: 'mayor' }] }, 'unknown-role');
      await refused({ ...fresh, exerciseId: 'no-such-exercise' }, 'unknown-exercise');
      await refused({ ...fresh, outcome: { ...outcome, finished: false } }, 'not-finished');
      await refused({ ...fresh, sessionId: 'not-a-uuid' }, 'bad-session');
      await refused({ ...fresh, participants: [participants[0]!, participants[0]!] }, 'duplicate-participant');
      await refused({ ...fresh, trainerUsername: 'no-such-trainer' }, 'unknown-trainer');
      const police = outcome.roles.police!;
      await refused(
        { ...fresh, outcome: { ...outcome, roles: { ...outcome.roles, police: { ...police, score: police.max + 1 } } } },
        'bad-score',
      );
      expect([await count('exercise_results'), await count('ledger_entries'), await count('xapi_statements')]).toEqual(before);
    });

    it('flags an exercise result row changed in the database, as it flags attempt results', async () => {
      const resultId = exerciseResultId(sessionId, participants[1]!.userId);
      await t.database.db.updateTable('exercise_results').set({ role_score: 99 }).where('result_id', '=', resultId).execute();
      const r = await report();
      expect(row(r, 'ex-police').ledgerIssues).toEqual([
        expect.objectContaining({ attemptId: resultId, courseId: 'joint-exercises', kind: 'differs' }),
      ]);
      expect(row(r, 'ex-police').ledgerIssues[0]!.detail).toContain('role score: report 99');
      const audited = await audit();
      expect(audited.ok).toBe(false);
      expect(audited.mismatches).toEqual([
        { attemptId: resultId, field: 'exercise_results roleScore', table: 99, ledger: outcome.roles.police!.score },
      ]);
      expect(row(r, 'ex-bigdata').ledgerIssues).toEqual([]);
      // A row with no ledger entry behind it is flagged as missing.
      await t.database.db
        .insertInto('exercise_results')
        .values({
          result_id: randomUUID(),
          session_id: randomUUID(),
          user_id: participants[2]!.userId,
          username: 'ex-bigdata',
          exercise_id: 'resident-data-leak',
          course_id: 'joint-exercises',
          course_version: '1.0.0',
          role_id: 'bigdata',
          role_score: 10,
          role_max: 10,
          team_score: 10,
          team_max: 10,
          variables: '{}',
          finished: new Date().toISOString(),
          trainer_username: 'ex-trainer',
        })
        .execute();
      const after = await report();
      expect(row(after, 'ex-bigdata').ledgerIssues).toEqual([
        expect.objectContaining({ kind: 'missing', courseId: 'joint-exercises' }),
      ]);
      expect(row(after, 'ex-bigdata').standing.exercises.count).toBe(2);
    });
  });
}
