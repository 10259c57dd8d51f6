import { describe, expect, it } from 'vitest';
import { validateStatement } from '../../server/xapi/validate/statement.ts';
import {
  CMI5_CATEGORY,
  CMI5_EXTENSIONS,
  cmi5Statement,
  MOVEON_CATEGORY,
  outcomeVerbs,
  preferredLocale,
  readCmi5Launch,
  readLaunchData,
  sessionIdOf,
  type Cmi5Launch,
  type Cmi5Statement,
  type LaunchData,
} from './cmi5.ts';
import { checkCmi5Session, moveOnMet, type SessionExpectation } from './cmi5-rules.ts';

const REGISTRATION = 'a3d5c1e2-7b4f-4c8a-9e21-5f6b7c8d9e0f';
const SESSION = '0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5';
const ACTIVITY = 'https://lms.example.gov.cn/au/data-security';
const actor = { objectType: 'Agent', name: '学员甲', account: { homePage: 'https://lms.example.gov.cn', name: 'zhang.wei' } };

const launchQuery = new URLSearchParams({
  endpoint: 'https://lms.example.gov.cn/xapi',
  fetch: 'https://lms.example.gov.cn/fetch/9f1',
  actor: JSON.stringify(actor),
  registration: REGISTRATION,
  activityId: ACTIVITY,
});
const launch = readCmi5Launch(launchQuery) as Cmi5Launch;
const launchData = readLaunchData({
  contextTemplate: {
    contextActivities: { grouping: [{ objectType: 'Activity', id: 'https://lms.example.gov.cn/course/1' }] },
    extensions: { [CMI5_EXTENSIONS.sessionId]: SESSION },
  },
  launchMode: 'Normal',
  moveOn: 'CompletedAndPassed',
  masteryScore: 0.8,
  returnURL: 'https://lms.example.gov.cn/home',
}) as LaunchData;
const expectation: SessionExpectation = {
  registration: REGISTRATION,
  activityId: ACTIVITY,
  actorAccount: 'zhang.wei',
  sessionId: SESSION,
  launchMode: 'Normal',
  moveOn: 'CompletedAndPassed',
  masteryScore: 0.8,
};

let n = 0;
const make = (verb: Parameters<typeof cmi5Statement>[0], result?: Cmi5Statement['result']): Cmi5Statement =>
  cmi5Statement(verb, launch, launchData, {
    id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    timestamp: '2026-12-08T02:00:00.000Z',
    ...(result && { result }),
    masteryScore: 0.8,
  });
const initialized = make('initialized');
const completed = make('completed', { completion: true, duration: 'PT5M' });
const passed = make('passed', { success: true, score: { scaled: 0.9 }, duration: 'PT5M' });
const failed = make('failed', { success: false, score: { scaled: 0.5 }, duration: 'PT5M' });
const terminated = make('terminated', { duration: 'PT5M1S' });
const satisfied = {
  ...make('satisfied'),
  verb: { id: 'https://w3id.org/xapi/adl/verbs/satisfied', display: { 'en-US': 'satisfied' } },
};
const good = [initialized, completed, passed, terminated];

describe('the cmi5 launch and LaunchData', () => {
  it('reads the five launch parameters and ends the endpoint with a slash', () => {
    expect(launch).toMatchObject({
      endpoint: 'https://lms.example.gov.cn/xapi/',
      registration: REGISTRATION,
      activityId: ACTIVITY,
    });
    expect(launch.actor.account.name).toBe('zhang.wei');
    expect(readCmi5Launch(new URLSearchParams('course=data-security'))).toBeNull();
  });

  it.each([
    ['a missing fetch', { fetch: '' }, 'lacks fetch'],
    ['a registration that is not a UUID', { registration: 'r-1' }, 'not a UUID'],
    ['an actor that is not JSON', { actor: '{' }, 'not JSON'],
    ['an actor without an account', { actor: JSON.stringify({ mbox: 'mailto:a@b.cn' }) }, 'with an account'],
    ['a relative endpoint', { endpoint: '/xapi/' }, 'endpoint is not'],
  ])('refuses %s with a reason', (_name, change, reason) => {
    const params = new URLSearchParams(launchQuery);
    for (const [key, value] of Object.entries(change)) params.set(key, value);
    expect(readCmi5Launch(params)).toContain(reason);
  });

  it('reads LaunchData and refuses a wrong launchMode, moveOn or masteryScore', () => {
    expect(launchData).toMatchObject({ launchMode: 'Normal', moveOn: 'CompletedAndPassed', masteryScore: 0.8 });
    expect(sessionIdOf(launchData)).toBe(SESSION);
    const base = { contextTemplate: {}, launchMode: 'Normal', moveOn: 'Passed' };
    expect(readLaunchData({ ...base, launchMode: 'Preview' })).toContain('launchMode');
    expect(readLaunchData({ ...base, moveOn: 'Done' })).toContain('moveOn');
    expect(readLaunchData({ ...base, masteryScore: 80 })).toContain('masteryScore');
    expect(readLaunchData({ launchMode: 'Normal', moveOn: 'Passed' })).toContain('contextTemplate');
  });

  it('takes the first language of the learner preferences the app speaks', () => {
    expect(preferredLocale({ languagePreference: 'fr-FR, en-US, zh-CN' })).toBe('en');
    expect(preferredLocale({ languagePreference: 'zh-Hans-CN' })).toBe('zh-CN');
    expect(preferredLocale({ languagePreference: 'fr' })).toBeNull();
    expect(preferredLocale('zh')).toBeNull();
  });
});

describe('cmi5-defined statements', () => {
  it('merge the context template, the registration and the cmi5 and moveOn categories, and pass the xAPI validator', () => {
    expect(passed.context).toMatchObject({
      registration: REGISTRATION,
      contextActivities: {
        grouping: [{ id: 'https://lms.example.gov.cn/course/1' }],
        category: [{ id: CMI5_CATEGORY }, { id: MOVEON_CATEGORY }],
      },
      extensions: { [CMI5_EXTENSIONS.sessionId]: SESSION, [CMI5_EXTENSIONS.masteryScore]: 0.8 },
    });
    expect(initialized.context['contextActivities']).toEqual({
      grouping: [{ objectType: 'Activity', id: 'https://lms.example.gov.cn/course/1' }],
      category: [{ objectType: 'Activity', id: CMI5_CATEGORY }],
    });
    for (const s of good) expect(validateStatement(JSON.parse(JSON.stringify(s)), 'statement', '1.0')).toEqual([]);
  });

  it('judges against the LMS masteryScore in Normal mode, and sends no judgement in Browse or Review', () => {
    const outcome = { scaled: 0.75, raw: 15, max: 20, duration: 'PT1M' };
    expect(outcomeVerbs(launchData, outcome, 0.7)).toEqual(['completed', 'failed']);
    expect(outcomeVerbs({ ...launchData, masteryScore: 0.7 }, outcome, 0.9)).toEqual(['completed', 'passed']);
    const { masteryScore: _drop, ...withoutMastery } = launchData;
    expect(outcomeVerbs(withoutMastery, outcome, 0.7)).toEqual(['completed', 'passed']);
    expect(outcomeVerbs({ ...launchData, launchMode: 'Browse' }, outcome, 0.7)).toEqual([]);
    expect(outcomeVerbs({ ...launchData, launchMode: 'Review' }, outcome, 0.7)).toEqual([]);
  });
});

describe('the cmi5 session rules checker', () => {
  it('accepts a conformant session, also with the LMS statements around it', () => {
    expect(checkCmi5Session(good, expectation)).toEqual([]);
    expect(checkCmi5Session([make('launched'), ...good, satisfied], expectation)).toEqual([]);
    expect(checkCmi5Session([initialized, completed, failed, terminated], expectation)).toEqual([]);
    expect(checkCmi5Session([initialized, terminated], { ...expectation, launchMode: 'Browse' })).toEqual([]);
  });

  const strip = (s: Cmi5Statement, change: (copy: Record<string, unknown>) => void): Cmi5Statement => {
    const copy = JSON.parse(JSON.stringify(s)) as Record<string, unknown>;
    change(copy);
    return copy as unknown as Cmi5Statement;
  };
  const ctx = (copy: Record<string, unknown>) => copy['context'] as Record<string, Record<string, unknown>>;

  it.each<[string, readonly Cmi5Statement[], Partial<SessionExpectation>, string]>([
    ['completed before initialized', [completed, initialized, passed, terminated], {}, 'sent before initialized'],
    ['no terminated', [initialized, completed, passed], {}, 'no terminated statement'],
    ['two terminated', [initialized, terminated, terminated], {}, 'sent after terminated'],
    ['a statement after terminated', [initialized, terminated, completed], {}, 'sent after terminated'],
    ['a second initialized', [initialized, initialized, terminated], {}, 'a second initialized'],
    ['a second completed', [initialized, completed, completed, terminated], {}, 'a second completed'],
    ['failed after passed', [initialized, passed, failed, terminated], {}, 'after passed'],
    ['passed in Browse mode', [initialized, passed, terminated], { launchMode: 'Browse' }, 'not allowed in Browse'],
    ['completed in Review mode', [initialized, completed, terminated], { launchMode: 'Review' }, 'not allowed in Review'],
    ['passed below masteryScore', [initialized, passed, terminated], { masteryScore: 0.95 }, 'contradicts masteryScore'],
    ['failed at masteryScore', [initialized, failed, terminated], { masteryScore: 0.5 }, 'contradicts masteryScore'],
    ['satisfied before moveOn is met', [initialized, completed, satisfied, passed, terminated], {}, 'before the moveOn criteria'],
    ['another registration', [initialized, terminated], { registration: '11111111-2222-4333-8444-555555555555' }, 'registration'],
    ['another session', [initialized, terminated], { sessionId: 'other' }, 'session id'],
    [
      'another activity',
      [initialized, terminated],
      { activityId: 'https://lms.example.gov.cn/au/2' },
      'not the launched activityId',
    ],
    [
      'a lost cmi5 category',
      [strip(initialized, (c) => delete ctx(c)['contextActivities']!['category']), terminated],
      {},
      'lacks the cmi5 category',
    ],
    [
      'a passed without the moveOn category',
      [initialized, strip(passed, (c) => (ctx(c)['contextActivities']!['category'] = [{ id: CMI5_CATEGORY }])), terminated],
      {},
      'lacks the moveOn category',
    ],
    [
      'a passed without the masteryScore extension',
      [initialized, strip(passed, (c) => delete ctx(c)['extensions']![CMI5_EXTENSIONS.masteryScore]), terminated],
      {},
      'masteryScore extension',
    ],
    [
      'a completed without duration',
      [initialized, strip(completed, (c) => delete (c['result'] as Record<string, unknown>)['duration']), terminated],
      {},
      'lacks result.duration',
    ],
    [
      'a passed with success false',
      [initialized, strip(passed, (c) => ((c['result'] as Record<string, unknown>)['success'] = false)), terminated],
      {},
      'result.success must be true',
    ],
  ])('refuses %s', (_name, statements, change, problem) => {
    const problems = checkCmi5Session(statements, { ...expectation, ...change });
    expect(problems.join('\n')).toContain(problem);
  });

  it('knows when each moveOn is met', () => {
    expect(moveOnMet('Completed', new Set(['completed']))).toBe(true);
    expect(moveOnMet('Passed', new Set(['completed']))).toBe(false);
    expect(moveOnMet('CompletedAndPassed', new Set(['completed']))).toBe(false);
    expect(moveOnMet('CompletedAndPassed', new Set(['completed', 'passed']))).toBe(true);
    expect(moveOnMet('CompletedOrPassed', new Set(['passed']))).toBe(true);
    expect(moveOnMet('NotApplicable', new Set())).toBe(true);
    expect(moveOnMet('Passed', new Set(['waived']))).toBe(true);
  });
});
