// cmi5 (the xAPI profile for launching from an LMS), the assignable unit's side as plain data: the
// launch URL's parameters, the LMS.LaunchData state document, and the cmi5-defined statements an AU
// sends, each with the LMS's context template merged in. Network and timing live in src/client.

/** The cmi5 vocabulary (cmi5 spec, sections 9.3 and 9.6). */
export const CMI5_VERBS = {
  launched: 'http://adlnet.gov/expapi/verbs/launched',
  initialized: 'http://adlnet.gov/expapi/verbs/initialized',
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  failed: 'http://adlnet.gov/expapi/verbs/failed',
  abandoned: 'https://w3id.org/xapi/adl/verbs/abandoned',
  waived: 'https://w3id.org/xapi/adl/verbs/waived',
  terminated: 'http://adlnet.gov/expapi/verbs/terminated',
  satisfied: 'https://w3id.org/xapi/adl/verbs/satisfied',
} as const;
export type Cmi5Verb = keyof typeof CMI5_VERBS;

export const CMI5_CATEGORY = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
export const MOVEON_CATEGORY = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
export const CMI5_EXTENSIONS = {
  sessionId: 'https://w3id.org/xapi/cmi5/context/extensions/sessionid',
  masteryScore: 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore',
  launchMode: 'https://w3id.org/xapi/cmi5/context/extensions/launchmode',
  launchUrl: 'https://w3id.org/xapi/cmi5/context/extensions/launchurl',
  moveOn: 'https://w3id.org/xapi/cmi5/context/extensions/moveon',
  launchParameters: 'https://w3id.org/xapi/cmi5/context/extensions/launchparameters',
} as const;
/** The State document the LMS writes before a launch, and the Agent Profile of learner preferences. */
export const LAUNCH_DATA_STATE_ID = 'LMS.LaunchData';
export const LEARNER_PREFERENCES_PROFILE_ID = 'cmi5LearnerPreferences';

export const LAUNCH_MODES = ['Normal', 'Browse', 'Review'] as const;
export type LaunchMode = (typeof LAUNCH_MODES)[number];
export const MOVE_ON = ['Passed', 'Completed', 'CompletedAndPassed', 'CompletedOrPassed', 'NotApplicable'] as const;
export type MoveOn = (typeof MOVE_ON)[number];

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };
export type JsonObject = { readonly [key: string]: Json };

/** The actor cmi5 launches with: an Agent identified by an account (cmi5 spec 8.1.3). */
export interface Cmi5Actor {
  readonly objectType: 'Agent';
  readonly name?: string;
  readonly account: { readonly homePage: string; readonly name: string };
}

/** What the launch URL carries (cmi5 spec 8.1). */
export interface Cmi5Launch {
  /** The LMS's LRS, ending in "/". */
  readonly endpoint: string;
  readonly fetch: string;
  readonly actor: Cmi5Actor;
  readonly registration: string;
  readonly activityId: string;
}

export interface LaunchData {
  readonly contextTemplate: JsonObject;
  readonly launchMode: LaunchMode;
  readonly moveOn: MoveOn;
  readonly masteryScore?: number;
  readonly returnURL?: string;
  readonly launchParameters?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function absoluteUrl(text: string): boolean {
  try {
    return /^https?:$/.test(new URL(text).protocol);
  } catch {
    return false;
  }
}

/**
 * The cmi5 launch in a URL's query: null when the URL has none of its parameters (an ordinary
 * visit), a reason when some are there but the launch is not usable.
 */
export function readCmi5Launch(params: URLSearchParams): Cmi5Launch | string | null {
  const names = ['endpoint', 'fetch', 'actor', 'registration', 'activityId'] as const;
  if (!names.some((name) => params.has(name))) return null;
  const missing = names.filter((name) => !params.get(name));
  if (missing.length > 0) return `the cmi5 launch lacks ${missing.join(', ')}`;
  const endpoint = params.get('endpoint')!;
  const fetchUrl = params.get('fetch')!;
  if (!absoluteUrl(endpoint)) return 'the cmi5 endpoint is not an http(s) URL';
  if (!absoluteUrl(fetchUrl)) return 'the cmi5 fetch URL is not an http(s) URL';
  const registration = params.get('registration')!;
  if (!UUID.test(registration)) return 'the cmi5 registration is not a UUID';
  const activityId = params.get('activityId')!;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(activityId)) return 'the cmi5 activityId is not an IRI';
  let actor: unknown;
  try {
    actor = JSON.parse(params.get('actor')!);
  } catch {
    return 'the cmi5 actor is not JSON';
  }
  const account = isObject(actor) ? actor['account'] : undefined;
  if (!isObject(actor) || !isObject(account) || typeof account['homePage'] !== 'string' || typeof account['name'] !== 'string')
    return 'the cmi5 actor is not an Agent with an account';
  return {
    endpoint: endpoint.endsWith('/') ? endpoint : `${endpoint}/`,
    fetch: fetchUrl,
    actor: {
      objectType: 'Agent',
      ...(typeof actor['name'] === 'string' && { name: actor['name'] }),
      account: { homePage: account['homePage'], name: account['name'] },
    },
    registration,
    activityId,
  };
}

/** LMS.LaunchData as the AU reads it (cmi5 spec 10.0), or the reason it cannot be used. */
export function readLaunchData(document: unknown): LaunchData | string {
  if (!isObject(document)) return 'LMS.LaunchData is not a JSON object';
  const { contextTemplate, launchMode, moveOn, masteryScore, returnURL, launchParameters } = document;
  if (!isObject(contextTemplate)) return 'LMS.LaunchData has no contextTemplate object';
  if (typeof launchMode !== 'string' || !(LAUNCH_MODES as readonly string[]).includes(launchMode))
    return `LMS.LaunchData's launchMode must be one of ${LAUNCH_MODES.join(', ')}`;
  if (typeof moveOn !== 'string' || !(MOVE_ON as readonly string[]).includes(moveOn))
    return `LMS.LaunchData's moveOn must be one of ${MOVE_ON.join(', ')}`;
  if (masteryScore !== undefined && (typeof masteryScore !== 'number' || masteryScore < 0 || masteryScore > 1))
    return "LMS.LaunchData's masteryScore must be a number from 0 to 1";
  if (returnURL !== undefined && typeof returnURL !== 'string') return "LMS.LaunchData's returnURL must be text";
  if (launchParameters !== undefined && typeof launchParameters !== 'string')
    return "LMS.LaunchData's launchParameters must be text";
  return {
    contextTemplate: contextTemplate as JsonObject,
    launchMode: launchMode as LaunchMode,
    moveOn: moveOn as MoveOn,
    ...(masteryScore !== undefined && { masteryScore }),
    ...(returnURL !== undefined && { returnURL }),
    ...(launchParameters !== undefined && { launchParameters }),
  };
}

/** The session id the LMS put in the context template (cmi5 spec 9.6.3.1), if any. */
export function sessionIdOf(launchData: LaunchData): string | undefined {
  const extensions = launchData.contextTemplate['extensions'];
  const id = isObject(extensions) ? extensions[CMI5_EXTENSIONS.sessionId] : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** The first of the learner's preferred languages (cmi5LearnerPreferences) the app speaks. */
export function preferredLocale(preferences: unknown): 'zh-CN' | 'en' | null {
  const list = isObject(preferences) ? preferences['languagePreference'] : undefined;
  if (typeof list !== 'string') return null;
  for (const tag of list.split(',').map((t) => t.trim().toLowerCase())) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return null;
}

export interface Cmi5Result {
  readonly score?: { readonly scaled: number; readonly raw?: number; readonly min?: number; readonly max?: number };
  readonly success?: boolean;
  readonly completion?: boolean;
  readonly duration?: string;
}

/** A statement as cmi5 statements are written and read: plain JSON. */
export interface Cmi5Statement {
  readonly id: string;
  readonly actor: Cmi5Actor;
  readonly verb: { readonly id: string; readonly display: Readonly<Record<string, string>> };
  readonly object: { readonly objectType: 'Activity'; readonly id: string };
  readonly result?: Cmi5Result;
  readonly context: JsonObject & { readonly registration: string };
  readonly timestamp: string;
}

const activityList = (value: Json | undefined): readonly Json[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? (value as readonly Json[]) : [value];

/**
 * The statement's context: the LMS's template, kept whole (an AU must not overwrite what it
 * provides), with the registration and the cmi5 (and moveOn) categories added.
 */
export function cmi5Context(
  launch: Cmi5Launch,
  launchData: LaunchData,
  options: { readonly moveOn?: boolean; readonly masteryScore?: number } = {},
): Cmi5Statement['context'] {
  const template = launchData.contextTemplate;
  const activities = isObject(template['contextActivities']) ? (template['contextActivities'] as JsonObject) : {};
  const category = [...activityList(activities['category'])];
  const has = (id: string) => category.some((entry) => isObject(entry) && entry['id'] === id);
  for (const id of [CMI5_CATEGORY, ...(options.moveOn ? [MOVEON_CATEGORY] : [])])
    if (!has(id)) category.push({ objectType: 'Activity', id });
  const extensions = isObject(template['extensions']) ? (template['extensions'] as JsonObject) : {};
  return {
    ...template,
    registration: launch.registration,
    contextActivities: { ...activities, category },
    extensions: {
      ...(options.masteryScore !== undefined && { [CMI5_EXTENSIONS.masteryScore]: options.masteryScore }),
      ...extensions,
    },
  };
}

const DISPLAY: Record<Cmi5Verb, string> = {
  launched: 'launched',
  initialized: 'initialized',
  completed: 'completed',
  passed: 'passed',
  failed: 'failed',
  abandoned: 'abandoned',
  waived: 'waived',
  terminated: 'terminated',
  satisfied: 'satisfied',
};

/** One cmi5-defined statement from the AU: object the launched activity, actor as launched. */
export function cmi5Statement(
  verb: Cmi5Verb,
  launch: Cmi5Launch,
  launchData: LaunchData,
  input: { readonly id: string; readonly timestamp: string; readonly result?: Cmi5Result; readonly masteryScore?: number },
): Cmi5Statement {
  const judged = verb === 'completed' || verb === 'passed' || verb === 'failed';
  const mastery = verb === 'passed' || verb === 'failed' ? input.masteryScore : undefined;
  return {
    id: input.id,
    actor: launch.actor,
    verb: { id: CMI5_VERBS[verb], display: { 'en-US': DISPLAY[verb] } },
    object: { objectType: 'Activity', id: launch.activityId },
    ...(input.result && { result: input.result }),
    context: cmi5Context(launch, launchData, { moveOn: judged, ...(mastery !== undefined && { masteryScore: mastery }) }),
    timestamp: input.timestamp,
  };
}

/** How an attempt ended, as the AU judges it: the scaled score and the time spent. */
export interface AuOutcome {
  readonly scaled: number;
  readonly raw: number;
  readonly max: number;
  readonly duration: string;
}

/**
 * The verbs an AU sends when its content ends (before terminated): in Normal mode completed, then
 * passed or failed against the LMS's masteryScore (the course's own when the LMS gives none);
 * in Browse and Review modes nothing (cmi5 spec 10.0, launchMode).
 */
export function outcomeVerbs(
  launchData: LaunchData,
  outcome: AuOutcome,
  courseMastery: number,
): Array<'completed' | 'passed' | 'failed'> {
  if (launchData.launchMode !== 'Normal') return [];
  const mastery = launchData.masteryScore ?? courseMastery;
  return ['completed', outcome.scaled >= mastery ? 'passed' : 'failed'];
}
