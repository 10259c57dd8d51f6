// Turns a validated statement into what the store keeps: the LRS-set properties filled in,
// contextActivities as arrays, and the agents and activities the query filters look up.
import { randomUUID } from 'node:crypto';
import { statementIdentity } from './statement-compare.ts';
import type { StatementIdentity } from './statement-compare.ts';
import { VOIDED_VERB } from './types.ts';
import type {
  Activity,
  Actor,
  Context,
  ContextActivities,
  Identified,
  Statement,
  StatementObject,
  StoredStatement,
} from './types.ts';

export type Relation = 'direct' | 'related';

export interface PreparedStatement extends StatementIdentity {
  readonly id: string;
  readonly statement: StoredStatement;
  readonly verbId: string;
  readonly registration: string | null;
  readonly targetId: string | null;
  readonly isVoiding: boolean;
  readonly agents: ReadonlyMap<string, Relation>;
  readonly activities: ReadonlyMap<string, Relation>;
}

export interface PrepareContext {
  /** `stored`, shared by every statement of one request. */
  readonly stored: string;
  readonly authority: Actor;
  /** Written into `version` when the client sent none. */
  readonly defaultVersion: string;
}

/**
 * The identity key of an Agent or identified Group: its type and its one IFI. Agents and
 * Groups are the same for the `agent` filter only when both match (xAPI "agent" parameter).
 */
export function agentKey(actor: Actor): string | undefined {
  const type = actor.objectType === 'Group' ? 'Group' : 'Agent';
  const ifi = ifiOf(actor);
  return ifi === undefined ? undefined : `${type}|${ifi}`;
}

function ifiOf(value: Identified): string | undefined {
  if (value.mbox !== undefined) return `mbox|${value.mbox}`;
  if (value.mbox_sha1sum !== undefined) return `mbox_sha1sum|${value.mbox_sha1sum.toLowerCase()}`;
  if (value.openid !== undefined) return `openid|${value.openid}`;
  if (value.account !== undefined) return `account|${JSON.stringify([value.account.homePage, value.account.name])}`;
  return undefined;
}

function asList(value: unknown): Activity[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]) as Activity[];
}

/** xAPI: the LRS returns every contextActivities value as an array, even one sent as an object. */
export function normalizeContext(context: Context): Context {
  if (context.contextActivities === undefined) return context;
  const lists = Object.fromEntries(
    Object.entries(context.contextActivities).map(([key, value]) => [key, asList(value)]),
  ) as ContextActivities;
  return { ...context, contextActivities: lists };
}

/** A SubStatement object's context is normalised like the statement's own. */
function normalizeObject(object: StatementObject): StatementObject {
  if (object.objectType !== 'SubStatement' || object.context === undefined) return object;
  return { ...object, context: normalizeContext(object.context) };
}

class Index {
  readonly agents = new Map<string, Relation>();
  readonly activities = new Map<string, Relation>();

  agent(actor: Actor | undefined, relation: Relation): void {
    const key = actor === undefined ? undefined : agentKey(actor);
    if (key !== undefined && this.agents.get(key) !== 'direct') this.agents.set(key, relation);
  }

  activity(id: string, relation: Relation): void {
    if (this.activities.get(id) !== 'direct') this.activities.set(id, relation);
  }

  object(object: StatementObject, relation: Relation): void {
    if (object.objectType === undefined || object.objectType === 'Activity') this.activity((object as Activity).id, relation);
    else if (object.objectType === 'Agent' || object.objectType === 'Group') this.agent(object, relation);
    else if (object.objectType === 'SubStatement') {
      // related_agents / related_activities look into a contained SubStatement too.
      this.agent(object.actor, 'related');
      this.object(object.object, 'related');
      this.context(object.context);
    }
  }

  context(context: Context | undefined): void {
    if (context === undefined) return;
    this.agent(context.instructor, 'related');
    this.agent(context.team, 'related');
    for (const entry of context.contextAgents ?? []) this.agent(entry.agent, 'related');
    for (const entry of context.contextGroups ?? []) this.agent(entry.group, 'related');
    for (const list of Object.values(context.contextActivities ?? {})) {
      for (const activity of asList(list)) this.activity(activity.id, 'related');
    }
  }
}

export function prepareStatement(input: Statement, context: PrepareContext): PreparedStatement {
  const id = (input.id ?? randomUUID()).toLowerCase();
  const statement: StoredStatement = {
    id,
    actor: input.actor,
    verb: input.verb,
    object: normalizeObject(input.object),
    ...(input.result === undefined ? {} : { result: input.result }),
    ...(input.context === undefined ? {} : { context: normalizeContext(input.context) }),
    // xAPI: a statement stored without a timestamp gets its `stored` time.
    timestamp: input.timestamp ?? context.stored,
    stored: context.stored,
    // The LRS vouches for who sent it, whatever the client claimed.
    authority: context.authority,
    version: input.version ?? context.defaultVersion,
    ...(input.attachments === undefined ? {} : { attachments: input.attachments }),
  };
  const index = new Index();
  index.agent(statement.actor, 'direct');
  index.object(statement.object, 'direct');
  index.agent(statement.authority, 'related');
  index.context(statement.context);
  const object = statement.object;
  const isVoiding = statement.verb.id === VOIDED_VERB;
  return {
    id,
    statement,
    ...statementIdentity(input),
    verbId: statement.verb.id,
    registration: statement.context?.registration?.toLowerCase() ?? null,
    targetId: object.objectType === 'StatementRef' ? object.id.toLowerCase() : null,
    isVoiding,
    agents: index.agents,
    activities: index.activities,
  };
}
