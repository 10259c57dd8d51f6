// A course launched by an LMS with cmi5: the AU's side of the conversation with the LMS. Calls the
// fetch URL once for the auth token, reads LMS.LaunchData and the learner's preferences from the
// LMS's LRS, and sends the cmi5-defined statements there one after another, in order. Plain fetch,
// not the app's api(): the LMS's LRS speaks xAPI with the token, never Shixun's session.
import {
  cmi5Statement,
  LAUNCH_DATA_STATE_ID,
  LEARNER_PREFERENCES_PROFILE_ID,
  outcomeVerbs,
  preferredLocale,
  readLaunchData,
  type AuOutcome,
  type Cmi5Launch,
  type Cmi5Result,
  type Cmi5Verb,
  type LaunchData,
} from '../records/cmi5.ts';
import { isoDuration } from '../records/statements.ts';

/** cmi5 sits on xAPI 1.0.3; every LRS an LMS runs speaks it. */
const XAPI_VERSION = '1.0.3';

export class Cmi5Error extends Error {}

export interface Cmi5Session {
  readonly launch: Cmi5Launch;
  readonly launchData: LaunchData;
  /** The language the learner prefers (cmi5LearnerPreferences), when the app speaks it. */
  readonly locale: 'zh-CN' | 'en' | null;
  /**
   * The content has ended: completed and passed or failed (Normal mode only), then terminated.
   * `courseMastery` judges when the LMS gave no masteryScore.
   */
  finish(outcome: AuOutcome, courseMastery: number): Promise<void>;
  /** The learner leaves: terminated, unless already sent. Later calls send nothing. */
  terminate(): Promise<void>;
  readonly terminated: () => boolean;
}

export interface Cmi5Options {
  readonly fetch?: typeof globalThis.fetch;
  readonly now?: () => number;
  readonly newId?: () => string;
}

async function fetchToken(launch: Cmi5Launch, fetchFn: typeof globalThis.fetch): Promise<string> {
  const response = await fetchFn(launch.fetch, { method: 'POST', credentials: 'omit' });
  const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (response.ok && typeof body?.['auth-token'] === 'string') return body['auth-token'];
  // The LMS answers 200 with error-code/error-text when the token was already handed out (cmi5 spec 8.2.3).
  const reason = typeof body?.['error-text'] === 'string' ? body['error-text'] : `HTTP ${response.status}`;
  throw new Cmi5Error(`The LMS refused the launch token (${reason}). Launch the course again from the LMS.`);
}

export async function startCmi5Session(launch: Cmi5Launch, options: Cmi5Options = {}): Promise<Cmi5Session> {
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  const now = options.now ?? Date.now;
  const newId = options.newId ?? (() => crypto.randomUUID());
  const token = await fetchToken(launch, fetchFn);
  const headers = { Authorization: `Basic ${token}`, 'X-Experience-API-Version': XAPI_VERSION };
  const lrs = (resource: string, query: Record<string, string>) =>
    `${launch.endpoint}${resource}?${new URLSearchParams(query).toString()}`;
  const agent = JSON.stringify(launch.actor);

  const stateResponse = await fetchFn(
    lrs('activities/state', {
      stateId: LAUNCH_DATA_STATE_ID,
      activityId: launch.activityId,
      agent,
      registration: launch.registration,
    }),
    { headers, credentials: 'omit' },
  );
  if (!stateResponse.ok) throw new Cmi5Error(`The LMS has no launch data for this launch (HTTP ${stateResponse.status}).`);
  const launchData = readLaunchData(await stateResponse.json().catch(() => null));
  if (typeof launchData === 'string') throw new Cmi5Error(launchData);

  const preferences = await fetchFn(lrs('agents/profile', { agent, profileId: LEARNER_PREFERENCES_PROFILE_ID }), {
    headers,
    credentials: 'omit',
  });
  // No preferences document (404) is normal: the app keeps its language.
  const locale = preferences.ok ? preferredLocale(await preferences.json().catch(() => null)) : null;

  // Statements go one at a time, each after the previous one was stored, so the LRS keeps their order.
  let queue: Promise<void> = Promise.resolve();
  let ended = false;
  const startedAt = now();
  const send = (verb: Cmi5Verb, result?: Cmi5Result): Promise<void> => {
    const statement = cmi5Statement(verb, launch, launchData, {
      id: newId(),
      timestamp: new Date(now()).toISOString(),
      ...(result && { result }),
      ...(launchData.masteryScore !== undefined && { masteryScore: launchData.masteryScore }),
    });
    queue = queue.then(async () => {
      const response = await fetchFn(`${launch.endpoint}statements`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify(statement),
        credentials: 'omit',
        keepalive: true,
      });
      if (!response.ok) throw new Cmi5Error(`The LMS refused the ${verb} statement (HTTP ${response.status}).`);
    });
    return queue;
  };
  const terminate = () => {
    if (ended) return queue;
    ended = true;
    return send('terminated', { duration: isoDuration(now() - startedAt) });
  };

  await send('initialized');
  return {
    launch,
    launchData,
    locale,
    terminated: () => ended,
    terminate,
    async finish(outcome, courseMastery) {
      if (ended) return queue;
      const mastery = launchData.masteryScore ?? courseMastery;
      const score = { scaled: outcome.scaled, raw: outcome.raw, min: 0, max: outcome.max };
      for (const verb of outcomeVerbs(launchData, outcome, courseMastery)) {
        if (verb === 'completed') await send('completed', { completion: true, duration: outcome.duration });
        else await send(verb, { success: outcome.scaled >= mastery, score, duration: outcome.duration });
      }
      return terminate();
    },
  };
}
