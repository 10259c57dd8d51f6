// Reading statements: single fetch, every query filter, StatementRef targeting, paging with
// `more`, formats, ordering, HEAD and the consistency headers — on every database.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { getMore, getStatements, HOME_PAGE, postStatements, startXapiApp, xapiHeaders } from './test-support/xapi-test-app.ts';
import type { StatementResult, XapiTestApp } from './test-support/xapi-test-app.ts';
import { learner, statement, VERBS } from './test-support/statements.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const uniqueIri = (kind: string) => `https://shixun.test/${kind}/${randomUUID()}`;

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`xAPI statement queries on ${variant.name}`, () => {
    let lrs: XapiTestApp;
    beforeAll(async () => {
      lrs = await startXapiApp(variant);
    });
    afterAll(async () => {
      await lrs?.close();
    });

    async function post(...statements: Array<Record<string, unknown>>): Promise<void> {
      const res = await postStatements(lrs.app, statements);
      expect(res.statusCode, res.body).toBe(200);
    }

    async function ids(query: Record<string, string>, headers: Record<string, string> = {}): Promise<string[]> {
      const res = await getStatements(lrs.app, query, headers);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<StatementResult>().statements.map((s) => s.id);
    }

    it('fetches one statement by statementId, with Last-Modified and Consistent-Through', async () => {
      const s = statement();
      await post(s);
      const res = await getStatements(lrs.app, { statementId: String(s.id) });
      expect(res.statusCode).toBe(200);
      const stored = res.json();
      expect(stored).toMatchObject({ id: s.id, actor: s.actor, verb: s.verb, object: s.object });
      expect(res.headers['last-modified']).toBe(new Date(stored.stored).toUTCString());
      expect(Date.parse(String(res.headers['x-experience-api-consistent-through']))).toBeGreaterThanOrEqual(
        Date.parse(stored.stored),
      );
    });

    it('answers 404 for an unknown statement, and HEAD like GET without a body', async () => {
      const missing = await getStatements(lrs.app, { statementId: randomUUID() });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().message).toMatch(/No statement with id/);
      const s = statement();
      await post(s);
      const head = await lrs.app.inject({ method: 'HEAD', url: `/xapi/statements?statementId=${s.id}`, headers: xapiHeaders() });
      expect(head.statusCode).toBe(200);
      expect(head.body).toBe('');
      expect(head.headers['last-modified']).toBeDefined();
      expect(head.headers['x-experience-api-version']).toBe('2.0.0');
    });

    it('pages through results with more links, newest first or ascending', async () => {
      const registration = randomUUID();
      const posted: string[] = [];
      for (let i = 0; i < 7; i += 1) {
        const s = statement({ context: { registration } });
        await post(s);
        posted.push(String(s.id));
        if (i % 3 === 0) await pause(3);
      }
      for (const ascending of [false, true]) {
        const seen: string[] = [];
        let res = await getStatements(lrs.app, { registration, limit: '3', ...(ascending ? { ascending: 'true' } : {}) });
        for (let page = 0; page < 5; page += 1) {
          expect(res.statusCode).toBe(200);
          const body = res.json<StatementResult>();
          expect(body.statements.length).toBeLessThanOrEqual(3);
          seen.push(...body.statements.map((s) => s.id));
          if (body.more === '') break;
          expect(body.more).toMatch(/^\/xapi\/statements\?more=/);
          res = await getMore(lrs.app, body.more);
        }
        expect(seen).toEqual(ascending ? posted : [...posted].reverse());
      }
      expect(await ids({ registration, limit: '0' })).toHaveLength(7);
    });

    it('returns statements in stored order even when written concurrently', async () => {
      const registration = randomUUID();
      await Promise.all(Array.from({ length: 12 }, () => postStatements(lrs.app, statement({ context: { registration } }))));
      const res = await getStatements(lrs.app, { registration, ascending: 'true' });
      const stored = res.json<StatementResult>().statements.map((s) => String(s.stored));
      expect(stored).toHaveLength(12);
      expect(stored).toEqual([...stored].sort());
    });

    it('filters by verb, registration and activity, and combines filters with AND', async () => {
      const verb = uniqueIri('verbs');
      const activity = uniqueIri('activities');
      const registration = randomUUID();
      const a = statement({ verb: { id: verb }, object: { id: activity }, context: { registration } });
      const b = statement({ verb: { id: verb } });
      const c = statement({ object: { id: activity } });
      await post(a, b, c);
      expect(new Set(await ids({ verb }))).toEqual(new Set([a.id, b.id]));
      expect(new Set(await ids({ activity }))).toEqual(new Set([a.id, c.id]));
      expect(await ids({ registration })).toEqual([a.id]);
      expect(await ids({ verb, activity })).toEqual([a.id]);
      expect(await ids({ verb, registration: randomUUID() })).toEqual([]);
    });

    it('filters by agent as actor or object; related_agents reaches instructor, team, context agents, authority and sub-statements', async () => {
      const person = learner(`p${randomUUID().slice(0, 8)}`);
      const mbox = String(person.mbox);
      const asActor = statement({ actor: person });
      const asObject = statement({ object: person });
      const asInstructor = statement({ context: { instructor: person } });
      const asTeamMember = statement({ context: { team: { objectType: 'Group', mbox } } });
      const asContextAgent = statement({ context: { contextAgents: [{ objectType: 'contextAgent', agent: person }] } });
      const inSubStatement = statement({
        object: {
          objectType: 'SubStatement',
          actor: person,
          verb: { id: VERBS.completed },
          object: { id: uniqueIri('activities') },
        },
      });
      await post(asActor, asObject, asInstructor, asTeamMember, asContextAgent, inSubStatement);
      const agent = JSON.stringify({ mbox });
      expect(new Set(await ids({ agent }))).toEqual(new Set([asActor.id, asObject.id]));
      expect(new Set(await ids({ agent, related_agents: 'true' }))).toEqual(
        new Set([asActor.id, asObject.id, asInstructor.id, asContextAgent.id, inSubStatement.id]),
      );
      // An Agent and a Group with the same mailbox are different: the type must match too.
      expect(await ids({ agent: JSON.stringify({ objectType: 'Group', mbox }), related_agents: 'true' })).toEqual([
        asTeamMember.id,
      ]);
      const authority = JSON.stringify({ account: { homePage: HOME_PAGE, name: 'test-all' } });
      expect((await ids({ agent: authority, related_agents: 'true', limit: '1' })).length).toBe(1);
      expect(await ids({ agent: authority })).toEqual([]);
    });

    it('filters by activity; related_activities reaches context activities and sub-statements', async () => {
      const activity = uniqueIri('activities');
      const direct = statement({ object: { id: activity } });
      const asParent = statement({ context: { contextActivities: { parent: [{ id: activity }] } } });
      const asCategory = statement({ context: { contextActivities: { category: { id: activity } } } });
      const inSubStatement = statement({
        object: { objectType: 'SubStatement', actor: learner(), verb: { id: VERBS.completed }, object: { id: activity } },
      });
      await post(direct, asParent, asCategory, inSubStatement);
      expect(await ids({ activity })).toEqual([direct.id]);
      expect(new Set(await ids({ activity, related_activities: 'true' }))).toEqual(
        new Set([direct.id, asParent.id, asCategory.id, inSubStatement.id]),
      );
    });

    it('includes statements that target a matching statement, recursively', async () => {
      const verb = uniqueIri('verbs');
      const target = statement({ verb: { id: verb } });
      const comment = statement({
        verb: { id: 'http://adlnet.gov/expapi/verbs/commented' },
        object: { objectType: 'StatementRef', id: target.id },
      });
      const reply = statement({
        verb: { id: 'http://adlnet.gov/expapi/verbs/commented' },
        object: { objectType: 'StatementRef', id: comment.id },
      });
      await post(target, comment);
      await post(reply);
      expect(new Set(await ids({ verb }))).toEqual(new Set([target.id, comment.id, reply.id]));
    });

    it('filters by since (exclusive) and until (inclusive) on stored', async () => {
      const registration = randomUUID();
      const stored: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        const s = statement({ context: { registration } });
        await post(s);
        stored.push(String((await getStatements(lrs.app, { statementId: String(s.id) })).json().stored));
        await pause(5);
      }
      const [first, second, third] = stored as [string, string, string];
      expect(await ids({ registration, since: first, ascending: 'true' })).toHaveLength(2);
      expect(await ids({ registration, until: second })).toHaveLength(2);
      expect(await ids({ registration, since: first, until: second })).toHaveLength(1);
      expect(await ids({ registration, since: third })).toHaveLength(0);
      // The same instant in another zone selects the same statements.
      const shifted = new Date(Date.parse(first) + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
      expect(await ids({ registration, since: shifted })).toHaveLength(2);
    });

    it('returns format=ids with only identifiers and format=canonical with one language', async () => {
      const s = statement({ context: { registration: randomUUID() } });
      await post(s);
      const query = { statementId: String(s.id) };
      const ids = (await getStatements(lrs.app, { ...query, format: 'ids' })).json();
      expect(ids.actor).toEqual({ objectType: 'Agent', mbox: (s.actor as Record<string, unknown>).mbox });
      expect(ids.verb).toEqual({ id: VERBS.answered });
      expect(ids.object).toEqual({ objectType: 'Activity', id: (s.object as Record<string, unknown>).id });
      expect(ids.authority).toEqual({ objectType: 'Agent', account: { homePage: HOME_PAGE, name: 'test-all' } });
      const zh = (
        await getStatements(lrs.app, { ...query, format: 'canonical' }, { 'accept-language': 'zh-CN, en;q=0.5' })
      ).json();
      expect(zh.verb.display).toEqual({ 'zh-CN': '回答了' });
      const en = (await getStatements(lrs.app, { ...query, format: 'canonical' }, { 'accept-language': 'en-US' })).json();
      expect(en.verb.display).toEqual({ en: 'answered' });
      expect(en.object.definition.name).toEqual({ en: 'Question 1' });
      expect(en.actor).toEqual(s.actor);
      const exact = (
        await getStatements(lrs.app, {
          registration: String((s.context as Record<string, unknown>).registration),
          format: 'exact',
        })
      ).json<StatementResult>();
      expect(exact.statements[0]?.verb).toEqual(s.verb);
    });

    it('refuses unknown, repeated and malformed parameters with 400 and a reason', async () => {
      const cases: Array<[string, RegExp]> = [
        ['foo=1', /Unknown parameter/],
        ['verb=a&verb=b', /more than once/],
        ['agent=notjson', /agent must be/],
        ['agent=' + encodeURIComponent('{"name":"no identifier"}'), /agent must be/],
        ['verb=not%20an%20iri', /verb must be an IRI/],
        ['activity=nope', /activity must be an IRI/],
        ['registration=123', /registration must be a UUID/],
        ['since=yesterday', /since must be/],
        ['until=2026-01-01', /until must be/],
        ['limit=-1', /limit must be/],
        ['format=full', /format must be/],
        ['ascending=yes', /ascending must be/],
        ['attachments=1', /attachments must be/],
        ['related_agents=1', /related_agents must be/],
        [`statementId=${randomUUID()}&verb=${encodeURIComponent(VERBS.answered)}`, /only format and attachments/],
        [`statementId=${randomUUID()}&voidedStatementId=${randomUUID()}`, /not both/],
        ['statementId=abc', /must be a UUID/],
        ['more=garbage', /more link/],
        ['more=x&limit=1', /without other parameters/],
      ];
      for (const [query, reason] of cases) {
        const res = await lrs.app.inject({ method: 'GET', url: `/xapi/statements?${query}`, headers: xapiHeaders() });
        expect(res.statusCode, query).toBe(400);
        expect(res.json().message, query).toMatch(reason);
      }
    });

    describe('voiding', () => {
      const voiding = (targetId: unknown) =>
        statement({
          verb: { id: VERBS.voided, display: { en: 'voided' } },
          object: { objectType: 'StatementRef', id: targetId },
        });

      it('voids the target: gone from queries and statementId, found by voidedStatementId', async () => {
        const registration = randomUUID();
        const target = statement({ context: { registration } });
        await post(target);
        const voider = voiding(target.id);
        await post(voider);
        expect((await getStatements(lrs.app, { statementId: String(target.id) })).statusCode).toBe(404);
        const voided = await getStatements(lrs.app, { voidedStatementId: String(target.id) });
        expect(voided.statusCode).toBe(200);
        expect(voided.json().id).toBe(target.id);
        expect(await ids({ registration })).toEqual([voider.id]);
        expect((await getStatements(lrs.app, { voidedStatementId: String(voider.id) })).statusCode).toBe(404);
        expect((await getStatements(lrs.app, { statementId: String(voider.id) })).statusCode).toBe(200);
      });

      it('refuses to void a voiding statement', async () => {
        const target = statement();
        const voider = voiding(target.id);
        await post(target, voider);
        const res = await postStatements(lrs.app, voiding(voider.id));
        expect(res.statusCode).toBe(400);
        expect(res.json().message).toMatch(/cannot be voided/);
        expect((await getStatements(lrs.app, { statementId: String(voider.id) })).statusCode).toBe(200);
      });

      it('voids a statement that arrives after its voiding statement', async () => {
        const late = statement();
        await post(voiding(late.id));
        await post(late);
        expect((await getStatements(lrs.app, { statementId: String(late.id) })).statusCode).toBe(404);
        expect((await getStatements(lrs.app, { voidedStatementId: String(late.id) })).statusCode).toBe(200);
      });

      it('refuses a voiding statement whose object is not a StatementRef', async () => {
        const res = await postStatements(lrs.app, statement({ verb: { id: VERBS.voided } }));
        expect(res.statusCode).toBe(400);
        expect(res.json().message).toMatch(/voiding statement/);
      });
    });
  });
}
