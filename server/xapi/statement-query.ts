// Reads the GET statements parameters into a typed request (single fetch or filtered query),
// rejecting unknown and malformed ones, and encodes the opaque cursor behind `more` links.
import { badRequest } from './errors.ts';
import { agentKey } from './statement-prepare.ts';
import type { StatementFormat } from './statement-format.ts';
import type { Actor } from './types.ts';
import { actor } from './validate/agents.ts';
import { isIri, isObject, isUuid, parseTimestamp } from './validate/primitives.ts';
import type { Issue } from './validate/primitives.ts';

export interface StatementFilter {
  readonly agent?: string;
  readonly verb?: string;
  readonly activity?: string;
  readonly registration?: string;
  readonly relatedAgents: boolean;
  readonly relatedActivities: boolean;
  /** Exclusive lower bound on `stored`, as `toISOString()`. */
  readonly since?: string;
  /** Inclusive upper bound on `stored`. */
  readonly until?: string;
}

/** A place in `stored` order; `seq` breaks ties within one millisecond. */
export interface QueryPosition {
  readonly stored: string;
  readonly seq: number;
}

export interface StatementQuery {
  readonly filter: StatementFilter;
  readonly limit: number;
  readonly format: StatementFormat;
  readonly attachments: boolean;
  readonly ascending: boolean;
  /** Continue after this statement in result order (from a `more` cursor). */
  readonly after?: QueryPosition;
}

export type StatementsRequest =
  | {
      readonly kind: 'single';
      readonly id: string;
      readonly voided: boolean;
      readonly format: StatementFormat;
      readonly attachments: boolean;
    }
  | { readonly kind: 'query'; readonly query: StatementQuery };

const QUERY_PARAMS = new Set([
  'agent',
  'verb',
  'activity',
  'registration',
  'related_activities',
  'related_agents',
  'since',
  'until',
  'limit',
  'format',
  'attachments',
  'ascending',
]);
const SINGLE_PARAMS = new Set(['statementId', 'voidedStatementId', 'format', 'attachments']);

function single(params: Record<string, string>, name: string): string | undefined {
  return params[name];
}

function booleanParam(params: Record<string, string>, name: string): boolean {
  const value = single(params, name);
  if (value === undefined) return false;
  if (value !== 'true' && value !== 'false') throw badRequest(`${name} must be "true" or "false", not "${value}".`);
  return value === 'true';
}

function formatParam(params: Record<string, string>): StatementFormat {
  const value = single(params, 'format') ?? 'exact';
  if (value !== 'exact' && value !== 'ids' && value !== 'canonical')
    throw badRequest(`format must be "exact", "ids" or "canonical", not "${value}".`);
  return value;
}

function timeParam(params: Record<string, string>, name: string): string | undefined {
  const value = single(params, name);
  if (value === undefined) return undefined;
  const instant = parseTimestamp(value);
  if (instant === undefined)
    throw badRequest(
      `${name} must be an ISO 8601 date-time with a time zone, before the year 10000 in UTC, e.g. 2026-05-01T00:00:00Z.`,
    );
  return new Date(instant).toISOString();
}

function agentParam(value: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw badRequest('agent must be an Agent or identified Group as JSON, e.g. {"mbox":"mailto:learner@example.com"}.');
  }
  const issues: Issue[] = [];
  actor(parsed, 'agent', issues);
  const key = issues.length === 0 ? agentKey(parsed as Actor) : undefined;
  if (key === undefined) throw badRequest('agent must be an Agent or identified Group with one identifier.', issues);
  return key;
}

/** Flattens Fastify's query object, refusing repeated parameters. */
function plainParams(query: unknown): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(isObject(query) ? query : {})) {
    if (typeof value !== 'string') throw badRequest(`The parameter ${name} is given more than once.`);
    params[name] = value;
  }
  return params;
}

export function parseStatementsQuery(query: unknown, maxLimit: number): StatementsRequest {
  const params = plainParams(query);
  const names = Object.keys(params);
  if (params.more !== undefined) {
    if (names.length > 1) throw badRequest('A more link is used as given: send it without other parameters.');
    return { kind: 'query', query: decodeCursor(params.more) };
  }
  const id = params.statementId ?? params.voidedStatementId;
  if (id !== undefined) {
    if (params.statementId !== undefined && params.voidedStatementId !== undefined)
      throw badRequest('Give statementId or voidedStatementId, not both.');
    const extra = names.filter((name) => !SINGLE_PARAMS.has(name));
    if (extra.length > 0)
      throw badRequest(`With statementId or voidedStatementId only format and attachments are allowed, not ${extra.join(', ')}.`);
    if (!isUuid(id))
      throw badRequest(`${params.statementId === undefined ? 'voidedStatementId' : 'statementId'} must be a UUID.`);
    return {
      kind: 'single',
      id: id.toLowerCase(),
      voided: params.voidedStatementId !== undefined,
      format: formatParam(params),
      attachments: booleanParam(params, 'attachments'),
    };
  }
  const unknown = names.filter((name) => !QUERY_PARAMS.has(name));
  if (unknown.length > 0)
    throw badRequest(
      `Unknown parameter(s) ${unknown.join(', ')}. Known: statementId, voidedStatementId, ${[...QUERY_PARAMS].join(', ')}, more.`,
    );
  const { verb, activity, registration } = params;
  if (verb !== undefined && !isIri(verb)) throw badRequest('verb must be an IRI.');
  if (activity !== undefined && !isIri(activity)) throw badRequest('activity must be an IRI.');
  if (registration !== undefined && !isUuid(registration)) throw badRequest('registration must be a UUID.');
  const limitText = params.limit ?? '0';
  if (!/^\d+$/.test(limitText)) throw badRequest(`limit must be a whole number (0 for the server's maximum, ${maxLimit}).`);
  const limit = Number(limitText);
  const since = timeParam(params, 'since');
  const until = timeParam(params, 'until');
  const filter: StatementFilter = {
    ...(params.agent === undefined ? {} : { agent: agentParam(params.agent) }),
    ...(verb === undefined ? {} : { verb }),
    ...(activity === undefined ? {} : { activity }),
    ...(registration === undefined ? {} : { registration: registration.toLowerCase() }),
    relatedAgents: booleanParam(params, 'related_agents'),
    relatedActivities: booleanParam(params, 'related_activities'),
    ...(since === undefined ? {} : { since }),
    ...(until === undefined ? {} : { until }),
  };
  return {
    kind: 'query',
    query: {
      filter,
      limit: limit === 0 || limit > maxLimit ? maxLimit : limit,
      format: formatParam(params),
      attachments: booleanParam(params, 'attachments'),
      ascending: booleanParam(params, 'ascending'),
    },
  };
}

/** The cursor carries the whole query, so a `more` link needs no server-side state. */
export function encodeCursor(query: StatementQuery, last: QueryPosition): string {
  return Buffer.from(JSON.stringify({ v: 1, q: { ...query, after: last } })).toString('base64url');
}

function decodeCursor(token: string): StatementQuery {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const query = isObject(decoded) && decoded.v === 1 && isObject(decoded.q) ? decoded.q : undefined;
  const filter = isObject(query?.filter) ? query.filter : undefined;
  const strings = ['agent', 'verb', 'activity', 'registration', 'since', 'until'];
  const valid =
    query !== undefined &&
    filter !== undefined &&
    strings.every((name) => filter[name] === undefined || typeof filter[name] === 'string') &&
    typeof filter.relatedAgents === 'boolean' &&
    typeof filter.relatedActivities === 'boolean' &&
    Number.isInteger(query.limit) &&
    isObject(query.after) &&
    typeof query.after.stored === 'string' &&
    Number.isInteger(query.after.seq) &&
    ['exact', 'ids', 'canonical'].includes(String(query.format)) &&
    typeof query.attachments === 'boolean' &&
    typeof query.ascending === 'boolean';
  if (!valid) throw badRequest('The more link is not one this server issued: start the query again.');
  return query as unknown as StatementQuery;
}
