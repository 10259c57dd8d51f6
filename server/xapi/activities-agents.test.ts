// GET activities (the definition merged from stored statements) and GET agents (the Person object)
// on every database, with their scopes and their 400s.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../db/test-databases.ts';
import { AGENT, callOf, SCOPED, startDocumentsApp } from './test-support/document-resources.ts';
import { SCENE, statement } from './test-support/statements.ts';
import { postStatements } from './test-support/xapi-test-app.ts';
import type { XapiTestApp } from './test-support/xapi-test-app.ts';

for (const variant of TEST_DATABASES) {
  describe.skipIf(!variant.available)(`xAPI activities and agents on ${variant.name}`, () => {
    let lrs: XapiTestApp;
    beforeAll(async () => {
      lrs = await startDocumentsApp(variant);
    });
    afterAll(async () => {
      await lrs?.close();
    });
    const call = callOf(() => lrs);
    it('merges the definitions of every stored statement naming the activity, one language when asked', async () => {
      const activityId = `${SCENE}/steps/${randomUUID()}`;
      const withDefinition = (definition: Record<string, unknown>) =>
        statement({ object: { objectType: 'Activity', id: activityId, definition } });
      expect(
        (
          await postStatements(
            lrs.app,
            withDefinition({
              name: { en: 'Old name', 'zh-CN': '分类' },
              type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
            }),
          )
        ).statusCode,
      ).toBe(200);
      expect(
        (
          await postStatements(
            lrs.app,
            withDefinition({ name: { en: 'Classify the data' }, description: { en: 'Pick the fields.' } }),
          )
        ).statusCode,
      ).toBe(200);
      const res = await call('GET', '/xapi/activities', { activityId });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        objectType: 'Activity',
        id: activityId,
        definition: {
          name: { en: 'Classify the data', 'zh-CN': '分类' },
          description: { en: 'Pick the fields.' },
          type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
        },
      });
      const chinese = await call('GET', '/xapi/activities', { activityId }, { headers: { 'accept-language': 'zh-CN' } });
      expect(chinese.json().definition.name).toEqual({ 'zh-CN': '分类' });
      const unknown = await call('GET', '/xapi/activities', { activityId: `${SCENE}/never-used` });
      expect(unknown.statusCode).toBe(200);
      expect(unknown.json()).toEqual({ objectType: 'Activity', id: `${SCENE}/never-used` });
      expect((await call('HEAD', '/xapi/activities', { activityId })).body).toBe('');
      const defineOnly = await call('GET', '/xapi/activities', { activityId }, { headers: { authorization: SCOPED.define } });
      expect(defineOnly.statusCode).toBe(200);
      for (const [query, reason] of [
        [{}, /activityId parameter is required/],
        [{ activityId: 'relative' }, /absolute IRI/],
        [{ activityId, agent: AGENT }, /Unexpected parameter agent/],
      ] as const) {
        const bad = await call('GET', '/xapi/activities', query);
        expect(bad.statusCode).toBe(400);
        expect(bad.json().message).toMatch(reason);
      }
    });

    it('answers the Person object of an agent, with the names statements gave it', async () => {
      const mbox = `mailto:${randomUUID()}@example.gov.cn`;
      expect((await postStatements(lrs.app, statement({ actor: { mbox, name: '李伟' } }))).statusCode).toBe(200);
      expect((await postStatements(lrs.app, statement({ actor: { mbox, name: 'Li Wei' } }))).statusCode).toBe(200);
      const res = await call('GET', '/xapi/agents', { agent: JSON.stringify({ mbox }) });
      expect(res.statusCode).toBe(200);
      const person = res.json();
      expect(person.objectType).toBe('Person');
      expect(person.mbox).toEqual([mbox]);
      expect([...person.name].sort()).toEqual(['Li Wei', '李伟']);
      const head = await call('HEAD', '/xapi/agents', { agent: JSON.stringify({ mbox }) });
      expect(head.statusCode).toBe(200);
      expect(head.body).toBe('');
      expect(head.headers['content-type']).toMatch(/^application\/json/);
      const stranger = await call('GET', '/xapi/agents', {
        agent: JSON.stringify({ account: { homePage: 'https://hr.example.cn/', name: 'E1' } }),
      });
      expect(stranger.json()).toEqual({ objectType: 'Person', account: [{ homePage: 'https://hr.example.cn/', name: 'E1' }] });
      const bad = await call('GET', '/xapi/agents', { agent: JSON.stringify({ mbox: 'li.wei@example.cn' }) });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toMatch(/agent parameter is not a valid Agent: agent.mbox/);
    });
  });
}
