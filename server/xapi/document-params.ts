// The query parameters of the State, Activity Profile and Agent Profile resources, checked the way
// statement queries are: unknown or repeated parameters, a malformed agent, IRI, UUID or `since`
// are answered 400 with the reason.
import { badRequest } from './errors.ts';
import { agentKey } from './statement-prepare.ts';
import type { Agent } from './types.ts';
import { agent as agentCheck } from './validate/agents.ts';
import { isIri, isObject, isUuid, parseTimestamp } from './validate/primitives.ts';
import type { Issue } from './validate/primitives.ts';

export type DocumentKind = 'state' | 'activity-profile' | 'agent-profile';

/** Where a document lives; parts a resource does not use are ''. */
export interface DocumentScope {
  readonly kind: DocumentKind;
  readonly activityId: string;
  /** The agent as sent, when the resource has one. */
  readonly agent: Agent | undefined;
  readonly agentKey: string;
  readonly registration: string;
}

export interface DocumentParams extends DocumentScope {
  /** `stateId` / `profileId`; undefined when left out (an ids listing, or DELETE of all state). */
  readonly documentId: string | undefined;
  /** ISO instant, ids listings only. */
  readonly since: string | undefined;
}

const RESOURCE: Readonly<Record<DocumentKind, { name: string; idParam: string; params: readonly string[] }>> = {
  state: { name: 'activities/state', idParam: 'stateId', params: ['activityId', 'agent', 'registration', 'stateId', 'since'] },
  'activity-profile': { name: 'activities/profile', idParam: 'profileId', params: ['activityId', 'profileId', 'since'] },
  'agent-profile': { name: 'agents/profile', idParam: 'profileId', params: ['agent', 'profileId', 'since'] },
};

export function resourceName(kind: DocumentKind): string {
  return RESOURCE[kind].name;
}

/** The query as single strings; repeated or unknown parameters are refused. */
export function singleParams(query: unknown, allowed: readonly string[], where: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(isObject(query) ? query : {})) {
    if (!allowed.includes(name)) throw badRequest(`Unexpected parameter ${name} for ${where}; it takes ${allowed.join(', ')}.`);
    if (typeof value !== 'string') throw badRequest(`The ${name} parameter is given more than once; give it once.`);
    params[name] = value;
  }
  return params;
}

/** The `agent` parameter: JSON for an Agent with exactly one identifier. */
export function parseAgentParam(text: string | undefined): { agent: Agent; key: string } {
  if (text === undefined)
    throw badRequest('The agent parameter is required: an Agent as JSON, e.g. {"mbox":"mailto:li.wei@example.cn"}.');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest('The agent parameter is not JSON: send an Agent object, e.g. {"mbox":"mailto:li.wei@example.cn"}.');
  }
  const issues: Issue[] = [];
  agentCheck(value, 'agent', issues);
  const first = issues[0];
  if (first !== undefined) throw badRequest(`The agent parameter is not a valid Agent: ${first.path}: ${first.message}.`, issues);
  const agent = value as Agent;
  const key = agentKey(agent);
  if (key === undefined)
    throw badRequest('The agent parameter needs exactly one identifier (mbox, mbox_sha1sum, openid or account).');
  return { agent, key };
}

export function parseActivityIdParam(text: string | undefined): string {
  if (text === undefined) throw badRequest('The activityId parameter is required: the activity IRI.');
  if (!isIri(text)) throw badRequest(`The activityId parameter must be an absolute IRI, not "${text.slice(0, 80)}".`);
  return text;
}

/**
 * The parameters of a document request. `needsId`: PUT and POST name one document, and so does
 * DELETE on a profile; GET without an id lists ids, DELETE of state without one deletes them all.
 */
export function parseDocumentParams(kind: DocumentKind, query: unknown, method: string): DocumentParams {
  const resource = RESOURCE[kind];
  const params = singleParams(query, resource.params, `${method} ${resource.name}`);
  const activityId = kind === 'agent-profile' ? '' : parseActivityIdParam(params.activityId);
  const parsedAgent = kind === 'activity-profile' ? undefined : parseAgentParam(params.agent);
  const registration = params.registration?.toLowerCase() ?? '';
  if (params.registration !== undefined && !isUuid(params.registration))
    throw badRequest(`The registration parameter must be a UUID, not "${params.registration.slice(0, 80)}".`);
  const documentId = params[resource.idParam];
  if (documentId === '') throw badRequest(`The ${resource.idParam} parameter must not be empty.`);
  const needsId = method === 'PUT' || method === 'POST' || (method === 'DELETE' && kind !== 'state');
  if (needsId && documentId === undefined)
    throw badRequest(`${method} ${resource.name} needs the ${resource.idParam} parameter: the id of one document.`);
  let since: string | undefined;
  if (params.since !== undefined) {
    if (method !== 'GET' || documentId !== undefined)
      throw badRequest(`The since parameter goes only with GET ${resource.name} without ${resource.idParam} (the ids listing).`);
    const instant = parseTimestamp(params.since);
    if (instant === undefined)
      throw badRequest(`The since parameter must be an ISO 8601 date-time with a time zone, not "${params.since.slice(0, 80)}".`);
    since = new Date(instant).toISOString();
  }
  return {
    kind,
    activityId,
    agent: parsedAgent?.agent,
    agentKey: parsedAgent?.key ?? '',
    registration,
    documentId,
    since,
  };
}
