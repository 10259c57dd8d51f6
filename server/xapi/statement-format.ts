// The `format` parameter of GET statements: `exact` as stored, `ids` with only what identifies
// each Agent, Group, Activity and Verb, `canonical` with one language per language map.
import { IFI_PROPERTIES } from './validate/agents.ts';
import type {
  Activity,
  ActivityDefinition,
  Actor,
  Agent,
  AttachmentMetadata,
  Context,
  LanguageMap,
  StatementObject,
  StoredStatement,
  SubStatement,
} from './types.ts';

export type StatementFormat = 'exact' | 'ids' | 'canonical';

function idsActor(actor: Actor): Actor {
  const ifi = IFI_PROPERTIES.find((key) => actor[key] !== undefined);
  if (actor.objectType === 'Group') {
    if (ifi !== undefined) return { objectType: 'Group', [ifi]: actor[ifi] };
    return { objectType: 'Group', member: (actor.member ?? []).map((member) => idsActor(member) as Agent) };
  }
  return ifi === undefined ? { objectType: 'Agent' } : { objectType: 'Agent', [ifi]: actor[ifi] };
}

/** Walks the parts of a statement that hold Agents, Activities and language maps. */
interface Rewrite {
  actor(actor: Actor): Actor;
  activity(activity: Activity): Activity;
  verbDisplay(display: LanguageMap | undefined): LanguageMap | undefined;
  attachment(attachment: AttachmentMetadata): AttachmentMetadata;
}

function rewriteContext(context: Context, rewrite: Rewrite): Context {
  const lists = context.contextActivities;
  return {
    ...context,
    ...(context.instructor === undefined ? {} : { instructor: rewrite.actor(context.instructor) }),
    ...(context.team === undefined ? {} : { team: rewrite.actor(context.team) as typeof context.team }),
    ...(context.contextAgents === undefined
      ? {}
      : { contextAgents: context.contextAgents.map((entry) => ({ ...entry, agent: rewrite.actor(entry.agent) })) }),
    ...(context.contextGroups === undefined
      ? {}
      : {
          contextGroups: context.contextGroups.map((entry) => ({
            ...entry,
            group: rewrite.actor(entry.group) as typeof entry.group,
          })),
        }),
    ...(lists === undefined
      ? {}
      : {
          contextActivities: Object.fromEntries(
            // A row stored before SubStatement contexts were normalised may hold one Activity, not a list.
            Object.entries(lists).map(([key, list]) => [
              key,
              (Array.isArray(list) ? (list as Activity[]) : [list as Activity]).map((item) => rewrite.activity(item)),
            ]),
          ),
        }),
  } as Context;
}

function rewriteObject(object: StatementObject, rewrite: Rewrite): StatementObject {
  switch (object.objectType) {
    case undefined:
    case 'Activity':
      return rewrite.activity(object as Activity);
    case 'StatementRef':
      return object;
    case 'SubStatement':
      return rewriteCore(object, rewrite) as SubStatement;
    default:
      return rewrite.actor(object);
  }
}

function rewriteCore<T extends StoredStatement | SubStatement>(statement: T, rewrite: Rewrite): T {
  const display = rewrite.verbDisplay(statement.verb.display);
  const authority = 'authority' in statement ? { authority: rewrite.actor(statement.authority) } : {};
  return {
    ...statement,
    actor: rewrite.actor(statement.actor),
    verb: display === undefined ? { id: statement.verb.id } : { id: statement.verb.id, display },
    object: rewriteObject(statement.object, rewrite),
    ...(statement.context === undefined ? {} : { context: rewriteContext(statement.context, rewrite) }),
    ...(statement.attachments === undefined
      ? {}
      : { attachments: statement.attachments.map((item) => rewrite.attachment(item)) }),
    ...authority,
  };
}

/** Changes nothing but the shape of contextActivities, which xAPI returns as arrays. */
const EXACT: Rewrite = {
  actor: (actor) => actor,
  activity: (activity) => activity,
  verbDisplay: (display) => display,
  attachment: (attachment) => attachment,
};

const IDS: Rewrite = {
  actor: idsActor,
  activity: (activity) => ({ objectType: 'Activity', id: activity.id }),
  verbDisplay: () => undefined,
  attachment: (attachment) => attachment,
};

/** Accept-Language as an ordered list of lower-case tags (RFC 9110 quality values). */
export function acceptedLanguages(header: string | undefined): string[] {
  if (header === undefined) return [];
  return header
    .split(',')
    .map((entry, order) => {
      const [tag = '', ...params] = entry.trim().split(';');
      const q = params.map((param) => /^\s*q=([\d.]+)\s*$/i.exec(param)?.[1]).find((value) => value !== undefined);
      return { tag: tag.trim().toLowerCase(), quality: q === undefined ? 1 : Number(q), order };
    })
    .filter((entry) => entry.tag !== '' && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.order - b.order)
    .map((entry) => entry.tag);
}

/** The one entry of `map` the reader prefers: exact tag, then same primary language, then the first. */
function pickLanguage(map: LanguageMap, languages: readonly string[]): LanguageMap {
  const keys = Object.keys(map);
  for (const wanted of languages) {
    const key =
      wanted === '*'
        ? keys[0]
        : (keys.find((k) => k.toLowerCase() === wanted) ??
          keys.find((k) => k.toLowerCase().split('-')[0] === wanted.split('-')[0]));
    if (key !== undefined) return { [key]: map[key] ?? '' };
  }
  const first = keys[0];
  return first === undefined ? {} : { [first]: map[first] ?? '' };
}

function canonicalRewrite(languages: readonly string[]): Rewrite {
  const one = (map: LanguageMap | undefined): LanguageMap | undefined =>
    map === undefined ? undefined : pickLanguage(map, languages);
  const components = (list: ActivityDefinition['choices']) =>
    list?.map((item) => (item.description === undefined ? item : { ...item, description: one(item.description) ?? {} }));
  const definition = (def: ActivityDefinition): ActivityDefinition => {
    const out: Record<string, unknown> = { ...def };
    for (const key of ['name', 'description'] as const) if (def[key] !== undefined) out[key] = one(def[key]);
    for (const key of ['choices', 'scale', 'source', 'target', 'steps'] as const)
      if (def[key] !== undefined) out[key] = components(def[key]);
    return out as ActivityDefinition;
  };
  return {
    actor: (actor) => actor,
    activity: (activity) =>
      activity.definition === undefined ? activity : { ...activity, definition: definition(activity.definition) },
    verbDisplay: one,
    attachment: (attachment) => ({
      ...attachment,
      display: one(attachment.display) ?? {},
      ...(attachment.description === undefined ? {} : { description: one(attachment.description) ?? {} }),
    }),
  };
}

export function formatStatement(
  statement: StoredStatement,
  format: StatementFormat,
  acceptLanguage: string | undefined,
): StoredStatement {
  if (format === 'exact') return rewriteCore(statement, EXACT);
  return rewriteCore(statement, format === 'ids' ? IDS : canonicalRewrite(acceptedLanguages(acceptLanguage)));
}

/** An Activity with one language per language map, chosen by `Accept-Language` as for `format=canonical`. */
export function canonicalActivity(activity: Activity, acceptLanguage: string | undefined): Activity {
  return canonicalRewrite(acceptedLanguages(acceptLanguage)).activity(activity);
}
