// GET /activities (an Activity with the definition merged from every stored statement that names
// it) and GET /agents (the Person object of an Agent): read-only views over stored statements.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import type { XapiPrincipal } from './auth.ts';
import { parseActivityIdParam, parseAgentParam, singleParams } from './document-params.ts';
import { assertMayUseAgent } from './documents-routes.ts';
import { canonicalActivity } from './statement-format.ts';
import { agentKey } from './statement-prepare.ts';
import type { Activity, ActivityDefinition, Actor, Agent, Statement, SubStatement } from './types.ts';

/** How many of the newest statements naming an activity or agent are read for its definition or names. */
const STATEMENTS_READ = 500;

export interface ActivitiesAgentsContext {
  readonly database: Database;
  readonly caller: (request: FastifyRequest) => { readonly principal: XapiPrincipal };
}

function asList<T>(value: T | readonly T[] | undefined): readonly T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

/** Every Activity a statement names: its object, its context activities, and the same in a SubStatement. */
function activitiesIn(core: Statement | SubStatement): Activity[] {
  const object = core.object;
  const own =
    object.objectType === undefined || object.objectType === 'Activity'
      ? [object as Activity]
      : object.objectType === 'SubStatement'
        ? activitiesIn(object)
        : [];
  const context = Object.values(core.context?.contextActivities ?? {}).flatMap((list) => [
    ...asList(list as Activity | readonly Activity[]),
  ]);
  return [...own, ...context];
}

/** Later definitions win property by property; language maps and extensions merge key by key. */
function mergeDefinition(base: ActivityDefinition | undefined, next: ActivityDefinition): ActivityDefinition {
  if (base === undefined) return next;
  return {
    ...base,
    ...next,
    ...(base.name !== undefined && next.name !== undefined ? { name: { ...base.name, ...next.name } } : {}),
    ...(base.description !== undefined && next.description !== undefined
      ? { description: { ...base.description, ...next.description } }
      : {}),
    ...(base.extensions !== undefined && next.extensions !== undefined
      ? { extensions: { ...base.extensions, ...next.extensions } }
      : {}),
  };
}

/** Every Agent a statement names, members of Groups included. */
function agentsIn(core: Statement | SubStatement): Agent[] {
  const actors: Actor[] = [core.actor];
  const object = core.object;
  if (object.objectType === 'Agent' || object.objectType === 'Group') actors.push(object);
  const context = core.context;
  if (context?.instructor !== undefined) actors.push(context.instructor);
  if (context?.team !== undefined) actors.push(context.team);
  for (const entry of context?.contextAgents ?? []) actors.push(entry.agent);
  for (const entry of context?.contextGroups ?? []) actors.push(entry.group);
  if ('authority' in core && core.authority !== undefined) actors.push(core.authority);
  const agents = actors.flatMap((actor) => (actor.objectType === 'Group' ? [...(actor.member ?? [])] : [actor as Agent]));
  return object.objectType === 'SubStatement' ? [...agents, ...agentsIn(object)] : agents;
}

export function activitiesRoute(context: ActivitiesAgentsContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const params = singleParams(request.query, ['activityId'], 'GET activities');
    const id = parseActivityIdParam(params.activityId);
    const rows = await context.database.db
      .selectFrom('xapi_statement_activities as a')
      .innerJoin('xapi_statements as s', 's.id', 'a.statement_id')
      .select(['s.seq', 's.statement'])
      .where('a.activity_id', '=', id)
      .where('s.voided', '=', 0)
      .orderBy('s.seq', 'desc')
      .limit(STATEMENTS_READ)
      .execute();
    const seen = new Set<number>();
    let definition: ActivityDefinition | undefined;
    for (const row of rows.reverse()) {
      if (seen.has(Number(row.seq))) continue;
      seen.add(Number(row.seq));
      for (const activity of activitiesIn(JSON.parse(row.statement) as Statement)) {
        if (activity.id === id && activity.definition !== undefined)
          definition = mergeDefinition(definition, activity.definition);
      }
    }
    const activity: Activity = { objectType: 'Activity', id, ...(definition === undefined ? {} : { definition }) };
    const language = request.headers['accept-language'];
    return reply
      .type('application/json; charset=utf-8')
      .send(language === undefined ? activity : canonicalActivity(activity, language));
  };
}

export function agentsRoute(context: ActivitiesAgentsContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const params = singleParams(request.query, ['agent'], 'GET agents');
    const { agent, key } = parseAgentParam(params.agent);
    await assertMayUseAgent(context.caller(request).principal, key, false, 'the Person object');
    const rows = await context.database.db
      .selectFrom('xapi_statement_agents as g')
      .innerJoin('xapi_statements as s', 's.id', 'g.statement_id')
      .select(['s.statement'])
      .where('g.agent_key', '=', key)
      .orderBy('s.seq', 'desc')
      .limit(STATEMENTS_READ)
      .execute();
    const names = new Set<string>();
    if (agent.name !== undefined) names.add(agent.name);
    for (const row of rows) {
      for (const named of agentsIn(JSON.parse(row.statement) as Statement)) {
        if (named.name !== undefined && agentKey(named) === key) names.add(named.name);
      }
    }
    // The LRS links no identifiers across agents, so the Person holds this agent's one identifier.
    const person = {
      objectType: 'Person',
      ...(names.size === 0 ? {} : { name: [...names] }),
      ...(agent.mbox === undefined ? {} : { mbox: [agent.mbox] }),
      ...(agent.mbox_sha1sum === undefined ? {} : { mbox_sha1sum: [agent.mbox_sha1sum] }),
      ...(agent.openid === undefined ? {} : { openid: [agent.openid] }),
      ...(agent.account === undefined ? {} : { account: [agent.account] }),
    };
    return reply.type('application/json; charset=utf-8').send(person);
  };
}
