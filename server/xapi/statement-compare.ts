// Statement comparison as xAPI defines it (Statement Comparison Requirements): differences the
// LRS may introduce or that only change serialization are ignored; every other difference counts.
import { canonicalJson, sha256Hex } from './canonical-json.ts';
import { parseTimestamp } from './validate/primitives.ts';
import type { Activity, Actor, Context, Statement, StatementObject, SubStatement } from './types.ts';

/**
 * Ignored, per the spec's immutability exceptions: the properties the LRS assigns (id, stored,
 * authority, version, and timestamp when either side lacks it — compared apart), Activity
 * definitions and Verb display (not part of the statement), the order of Group members (an
 * unordered list), one Activity versus a one-item array in contextActivities, and the case of UUIDs.
 */
function actorForm(actor: Actor): Actor {
  if (actor.objectType !== 'Group' || actor.member === undefined) return actor;
  const members = [...actor.member].sort((a, b) => (canonicalJson(a) < canonicalJson(b) ? -1 : 1));
  return { ...actor, member: members };
}

function activityForm(activity: Activity): Activity {
  return { objectType: 'Activity', id: activity.id };
}

function asList(value: Activity | readonly Activity[] | undefined): readonly Activity[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value as Activity];
}

function contextForm(context: Context): Context {
  const lists = context.contextActivities;
  const activities =
    lists === undefined
      ? undefined
      : Object.fromEntries(
          Object.entries(lists).map(([key, list]) => [key, asList(list as Activity | readonly Activity[])?.map(activityForm)]),
        );
  return {
    ...context,
    ...(context.registration === undefined ? {} : { registration: context.registration.toLowerCase() }),
    ...(context.instructor === undefined ? {} : { instructor: actorForm(context.instructor) }),
    ...(context.team === undefined ? {} : { team: actorForm(context.team) as typeof context.team }),
    ...(context.statement === undefined
      ? {}
      : { statement: { objectType: 'StatementRef', id: context.statement.id.toLowerCase() } }),
    ...(context.contextGroups === undefined
      ? {}
      : {
          contextGroups: context.contextGroups.map((entry) => ({
            ...entry,
            group: actorForm(entry.group) as typeof entry.group,
          })),
        }),
    ...(activities === undefined ? {} : { contextActivities: activities }),
  };
}

function objectForm(object: StatementObject): unknown {
  switch (object.objectType) {
    case undefined:
    case 'Activity':
      return activityForm(object as Activity);
    case 'StatementRef':
      return { objectType: 'StatementRef', id: object.id.toLowerCase() };
    case 'SubStatement':
      return coreForm(object);
    default:
      return actorForm(object);
  }
}

function coreForm(statement: Statement | SubStatement): Record<string, unknown> {
  const { id: _id, stored: _stored, authority: _authority, version: _version, timestamp, ...rest } = statement as Statement;
  // A sub-statement's timestamp is the client's own, never assigned by the LRS: it counts.
  const subTimestamp =
    (statement as SubStatement).objectType === 'SubStatement' && timestamp !== undefined
      ? { timestamp: parseTimestamp(timestamp) }
      : {};
  return {
    ...rest,
    ...subTimestamp,
    actor: actorForm(statement.actor),
    verb: { id: statement.verb.id },
    object: objectForm(statement.object),
    ...(statement.context === undefined ? {} : { context: contextForm(statement.context) }),
  };
}

export interface StatementIdentity {
  /** SHA-256 of the comparable form, without the top-level timestamp. */
  readonly fingerprint: string;
  /** The client's timestamp as an ISO instant, or null when it sent none. */
  readonly clientTimestamp: string | null;
}

export function statementIdentity(statement: Statement): StatementIdentity {
  const instant = statement.timestamp === undefined ? undefined : parseTimestamp(statement.timestamp);
  return {
    fingerprint: sha256Hex(canonicalJson(coreForm(statement))),
    clientTimestamp: instant === undefined ? null : new Date(instant).toISOString(),
  };
}

/** Same statement, per the comparison rules: timestamps count only when both sides sent one. */
export function sameStatement(a: StatementIdentity, b: StatementIdentity): boolean {
  if (a.fingerprint !== b.fingerprint) return false;
  return a.clientTimestamp === null || b.clientTimestamp === null || a.clientTimestamp === b.clientTimestamp;
}
