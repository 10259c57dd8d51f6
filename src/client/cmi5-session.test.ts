// The AU's conversation with an LMS, against a fake LMS written from the cmi5 launch sequence:
// one fetch, LaunchData and preferences read with the token, statements in order, nothing after
// terminated, and the LMS's refusals said plainly.
import { describe, expect, it } from 'vitest';
import { CMI5_EXTENSIONS, type Cmi5Launch, type Cmi5Statement } from '../records/cmi5.ts';
import { checkCmi5Session } from '../records/cmi5-rules.ts';
import { Cmi5Error, startCmi5Session } from './cmi5-session.ts';

const REGISTRATION = '6a0b5a8e-3c1d-4f2e-9b7a-1d2c3b4a5f6e';
const SESSION = 'f2e1d0c9-b8a7-4695-8473-6251403f2e1d';
const launch: Cmi5Launch = {
  endpoint: 'https://lms.test/xapi/',
  fetch: 'https://lms.test/fetch/1',
  actor: { objectType: 'Agent', account: { homePage: 'https://lms.test', name: 'li.na' } },
  registration: REGISTRATION,
  activityId: 'https://lms.test/au/1',
};

function fakeLms(launchData: Record<string, unknown>, options: { preferences?: unknown; refuseStatements?: boolean } = {}) {
  const statements: Cmi5Statement[] = [];
  const seen: string[] = [];
  let fetched = 0;
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const auth = new Headers(init?.headers).get('authorization');
    seen.push(`${init?.method ?? 'GET'} ${url.pathname}`);
    if (url.href === launch.fetch) {
      fetched += 1;
      return fetched === 1
        ? json({ 'auth-token': 'dG9rZW46c2VjcmV0' })
        : json({ 'error-code': '1', 'error-text': 'already in use' });
    }
    if (auth !== 'Basic dG9rZW46c2VjcmV0') return json({ message: 'no' }, 401);
    if (url.pathname === '/xapi/activities/state') {
      expect(url.searchParams.get('stateId')).toBe('LMS.LaunchData');
      expect(url.searchParams.get('registration')).toBe(REGISTRATION);
      return json(launchData);
    }
    if (url.pathname === '/xapi/agents/profile')
      return options.preferences === undefined ? json({ message: 'none' }, 404) : json(options.preferences);
    if (url.pathname === '/xapi/statements') {
      if (options.refuseStatements) return json({ message: 'refused' }, 400);
      statements.push(JSON.parse(String(init?.body)) as Cmi5Statement);
      return json([statements.at(-1)!.id]);
    }
    return json({}, 404);
  };
  return { fetch, statements, seen };
}

const launchData = (launchMode: string, masteryScore?: number) => ({
  contextTemplate: { extensions: { [CMI5_EXTENSIONS.sessionId]: SESSION } },
  launchMode,
  moveOn: 'CompletedAndPassed',
  ...(masteryScore !== undefined && { masteryScore }),
  returnURL: 'https://lms.test/back',
});
const expectation = (launchMode: 'Normal' | 'Browse' | 'Review', masteryScore?: number) => ({
  registration: REGISTRATION,
  activityId: launch.activityId,
  actorAccount: 'li.na',
  sessionId: SESSION,
  launchMode,
  moveOn: 'CompletedAndPassed' as const,
  ...(masteryScore !== undefined && { masteryScore }),
});
const outcome = { scaled: 0.65, raw: 13, max: 20, duration: 'PT3M' };

describe('the cmi5 session of a launched course', () => {
  it('fetches once, reads LaunchData and preferences, then sends initialized … terminated in order and nothing after', async () => {
    const lms = fakeLms(launchData('Normal', 0.6), { preferences: { languagePreference: 'en-GB,zh-CN' } });
    let clock = Date.UTC(2026, 11, 8, 2, 0, 0);
    const session = await startCmi5Session(launch, { fetch: lms.fetch, now: () => (clock += 1000) });
    expect(session.locale).toBe('en');
    expect(lms.seen.slice(0, 3)).toEqual(['POST /fetch/1', 'GET /xapi/activities/state', 'GET /xapi/agents/profile']);
    await session.finish(outcome, 0.9);
    await session.terminate();
    await session.finish(outcome, 0.9);
    expect(lms.statements.map((s) => s.verb.display['en-US'])).toEqual(['initialized', 'completed', 'passed', 'terminated']);
    expect(lms.seen.filter((s) => s === 'POST /fetch/1')).toHaveLength(1);
    expect(checkCmi5Session(lms.statements, expectation('Normal', 0.6))).toEqual([]);
    expect(lms.statements[2]!.result).toMatchObject({ success: true, score: { scaled: 0.65, raw: 13, max: 20 } });
    expect(lms.statements[3]!.result?.duration).toMatch(/^PT\d/);
  });

  it("judges with the course's masteryScore when the LMS gives none, without the masteryScore extension", async () => {
    const lms = fakeLms(launchData('Normal'));
    const session = await startCmi5Session(launch, { fetch: lms.fetch });
    expect(session.locale).toBeNull();
    await session.finish(outcome, 0.7);
    expect(lms.statements.map((s) => s.verb.display['en-US'])).toEqual(['initialized', 'completed', 'failed', 'terminated']);
    expect(lms.statements[2]!.context['extensions']).not.toHaveProperty(CMI5_EXTENSIONS.masteryScore);
    expect(checkCmi5Session(lms.statements, expectation('Normal'))).toEqual([]);
  });

  it.each(['Browse', 'Review'] as const)('in %s mode sends initialized and terminated only', async (mode) => {
    const lms = fakeLms(launchData(mode, 0.6));
    const session = await startCmi5Session(launch, { fetch: lms.fetch });
    await session.finish(outcome, 0.7);
    expect(lms.statements.map((s) => s.verb.display['en-US'])).toEqual(['initialized', 'terminated']);
    expect(checkCmi5Session(lms.statements, expectation(mode, 0.6))).toEqual([]);
  });

  it('says why when the token was already handed out, or the LaunchData or a statement is refused', async () => {
    const used = fakeLms(launchData('Normal'));
    await used.fetch(launch.fetch);
    await expect(startCmi5Session(launch, { fetch: used.fetch })).rejects.toThrow(/already in use.*Launch the course again/);
    await expect(startCmi5Session(launch, { fetch: fakeLms({ launchMode: 'Normal' }).fetch })).rejects.toThrow(
      new Cmi5Error('LMS.LaunchData has no contextTemplate object'),
    );
    await expect(
      startCmi5Session(launch, { fetch: fakeLms(launchData('Normal'), { refuseStatements: true }).fetch }),
    ).rejects.toThrow('refused the initialized statement');
  });
});
