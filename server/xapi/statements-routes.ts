// Handlers of /xapi/statements: POST (one or a batch), PUT (?statementId=), GET and HEAD (one
// statement or a filtered, paged query), with attachments as multipart/mixed both ways.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { attachmentsOf, matchAttachments, MultipartStatements } from './attachments.ts';
import type { ReceivedAttachment } from './attachments.ts';
import type { XapiPrincipal } from './auth.ts';
import { sendError } from '../http/api-errors.ts';
import { badRequest, issuesMessage, XapiError } from './errors.ts';
import { buildMultipart, newBoundary } from './multipart.ts';
import { checkSignature } from './signature.ts';
import { formatStatement } from './statement-format.ts';
import type { StatementFormat } from './statement-format.ts';
import { agentKey, prepareStatement } from './statement-prepare.ts';
import { encodeCursor, parseStatementsQuery } from './statement-query.ts';
import type { StatementQuery } from './statement-query.ts';
import type { StatementStore } from './statement-store.ts';
import type { Actor, Agent, Statement, StoredStatement } from './types.ts';
import { isObject } from './validate/primitives.ts';
import { validateStatement } from './validate/statement.ts';
import type { RequestVersion } from './version.ts';
import { assertMayVoid } from './voiding-rules.ts';
import type { WriteClock } from './write-clock.ts';

export interface StatementsContext {
  readonly store: StatementStore;
  readonly clock: WriteClock;
  /** Where the routes are mounted, e.g. `/xapi`, for `more` links. */
  readonly prefix: string;
  readonly pageSize: number;
  /** What the auth hook found for this request. */
  readonly caller: (request: FastifyRequest) => { readonly version: RequestVersion; readonly principal: XapiPrincipal };
}

function readBody(body: unknown): { json: unknown; parts: readonly ReceivedAttachment[] } {
  if (body instanceof MultipartStatements) return { json: body.json, parts: body.parts };
  if (body === undefined)
    throw badRequest('The request has no body: send a statement or an array of statements as application/json.');
  return { json: body, parts: [] };
}

function validated(items: readonly unknown[], version: RequestVersion, name: (index: number) => string): Statement[] {
  const issues = items.flatMap((item, index) => validateStatement(item, name(index), version.family));
  if (issues.length > 0) throw badRequest(`Invalid statement: ${issuesMessage(issues)}`, issues);
  return items as Statement[];
}

function refuseParams(request: FastifyRequest, allowed: readonly string[]): void {
  const extra = Object.keys(isObject(request.query) ? request.query : {}).filter((name) => !allowed.includes(name));
  if (extra.length > 0) throw badRequest(`Unexpected parameter(s) ${extra.join(', ')} for ${request.method} statements.`);
}

/** Whether `actor` is the account agent `agent` (same home page and name). */
function isAccount(actor: Actor, agent: Agent): boolean {
  return (
    actor.objectType !== 'Group' &&
    actor.account !== undefined &&
    actor.account.homePage === agent.account?.homePage &&
    actor.account.name === agent.account?.name
  );
}

/** A signed-in person writes only statements whose actor is their own account agent. */
function assertWritesAsSelf(principal: XapiPrincipal, statements: readonly Statement[]): void {
  const agent = principal.person?.agent;
  if (agent === undefined) return;
  const index = statements.findIndex((statement) => !isAccount(statement.actor, agent));
  if (index >= 0) {
    const where = statements.length > 1 ? `statements[${index}]` : 'The statement';
    throw new XapiError(
      403,
      `${where} has another actor: signed in as ${agent.account?.name ?? ''}, you can write only statements whose actor is {"account":{"homePage":"${agent.account?.homePage ?? ''}","name":"${agent.account?.name ?? ''}"}}.`,
    );
  }
}

const READ_OWN_ONLY = 'learners can read only their own statements';
const READ_SCOPE =
  'trainers read the statements of the learners in their classes, department admins those of the users of their department';

/** The account name of the agent filter `key` (see agentKey) when it is an account of `homePage`. */
export function accountNameOf(key: string | undefined, homePage: string | undefined): string | undefined {
  const prefix = 'Agent|account|';
  if (key === undefined || homePage === undefined || !key.startsWith(prefix)) return undefined;
  const [home, name] = JSON.parse(key.slice(prefix.length)) as [string, string];
  return home === homePage ? name : undefined;
}

/**
 * A person who does not read everything queries with one agent as the filter (not
 * related_agents): their own, or someone in their record scope.
 */
async function assertMayQuery(principal: XapiPrincipal, query: StatementQuery): Promise<void> {
  const person = principal.person;
  if (person === undefined || person.readsAll) return;
  const { agent, relatedAgents } = query.filter;
  if (!relatedAgents && agent !== undefined) {
    if (agent === agentKey(person.agent)) return;
    const name = accountNameOf(agent, person.agent.account?.homePage);
    if (name !== undefined && person.readsOf !== undefined && (await person.readsOf(name))) return;
  }
  const own = `agent=${JSON.stringify({ account: person.agent.account })}`;
  throw new XapiError(
    403,
    person.readsOf === undefined
      ? `${READ_OWN_ONLY}: add ${own} and leave related_agents off.`
      : `${READ_SCOPE}: add ${own}, or the account agent of one of them, and leave related_agents off.`,
  );
}

async function assertMayReadStatement(principal: XapiPrincipal, statement: StoredStatement): Promise<void> {
  const person = principal.person;
  if (person === undefined || person.readsAll || isAccount(statement.actor, person.agent)) return;
  const actor = statement.actor;
  const name =
    actor.objectType !== 'Group' && actor.account !== undefined && actor.account.homePage === person.agent.account?.homePage
      ? actor.account.name
      : undefined;
  if (name !== undefined && person.readsOf !== undefined && (await person.readsOf(name))) return;
  throw new XapiError(
    403,
    `${person.readsOf === undefined ? READ_OWN_ONLY : READ_SCOPE}; statement ${statement.id} belongs to someone else.`,
  );
}

async function storeAll(
  context: StatementsContext,
  request: FastifyRequest,
  statements: readonly Statement[],
  parts: readonly ReceivedAttachment[],
): Promise<string[]> {
  const { version, principal } = context.caller(request);
  // Only the grader writes official statements, and never through this resource.
  if (context.store.isOfficial(principal))
    throw new XapiError(403, "This account has the grader's name; official statements are written only by the grader.");
  assertWritesAsSelf(principal, statements);
  const ids = statements.flatMap((statement) => (statement.id === undefined ? [] : [statement.id.toLowerCase()]));
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
  if (repeated !== undefined) throw badRequest(`The batch holds statement id ${repeated} more than once.`);
  const byHash = matchAttachments(statements, parts);
  statements.forEach((statement, index) => checkSignature(statement, byHash, `statements[${index}]`, version.family));
  const write = context.clock.begin();
  try {
    const defaultVersion = version.family === '2.0' ? '2.0.0' : '1.0.0';
    const prepared = statements.map((statement) =>
      prepareStatement(statement, { stored: write.stored, authority: principal.authority, defaultVersion }),
    );
    await assertMayVoid(context.store, principal, prepared);
    await context.store.store(prepared, parts);
    return prepared.map((item) => item.id);
  } finally {
    write.end();
  }
}

export function postStatements(context: StatementsContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    refuseParams(request, []);
    const { json, parts } = readBody(request.body);
    const { version } = context.caller(request);
    if (Array.isArray(json) && json.length === 0) throw badRequest('The batch is empty: send at least one statement.');
    const statements = Array.isArray(json)
      ? validated(json, version, (index) => `statements[${index}]`)
      : validated([json], version, () => 'statement');
    const ids = await storeAll(context, request, statements, parts);
    return reply.code(200).send(ids);
  };
}

export function putStatement(context: StatementsContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    refuseParams(request, ['statementId']);
    const statementId = isObject(request.query) ? request.query.statementId : undefined;
    if (typeof statementId !== 'string') throw badRequest('PUT statements needs a statementId parameter (a UUID), given once.');
    const { json, parts } = readBody(request.body);
    if (!isObject(json)) throw badRequest('PUT statements takes one statement object; POST an array to store a batch.');
    const { version } = context.caller(request);
    const [statement] = validated([{ ...json, id: json.id ?? statementId }], version, () => 'statement');
    if (statement?.id?.toLowerCase() !== statementId.toLowerCase()) {
      throw badRequest(`The statement's id ${String(json.id)} differs from the statementId parameter ${statementId}.`);
    }
    await storeAll(context, request, [statement], parts);
    return reply.code(204).send();
  };
}

function lastModified(statements: readonly StoredStatement[]): string | undefined {
  const newest = statements.reduce<string | undefined>(
    (max, item) => (max === undefined || item.stored > max ? item.stored : max),
    undefined,
  );
  return newest === undefined ? undefined : new Date(newest).toUTCString();
}

/**
 * Attachment content is shared by hash, so a statement could name content that someone else
 * sent. A reader limited to their own statements gets content only where a statement they may
 * read carried it: an attachment without fileUrl, which could be stored only with its content.
 */
function assertMayReadContents(
  principal: XapiPrincipal,
  statements: readonly StoredStatement[],
  contents: readonly ReceivedAttachment[],
): void {
  if (principal.person === undefined || principal.person.readsAll) return;
  const carried = new Set(
    statements.flatMap((item) =>
      attachmentsOf(item).flatMap((attachment) => (attachment.fileUrl === undefined ? [attachment.sha2.toLowerCase()] : [])),
    ),
  );
  const foreign = contents.find((item) => !carried.has(item.sha2));
  if (foreign !== undefined)
    throw new XapiError(
      403,
      `The attachment with sha2 ${foreign.sha2} was not sent with a statement you may read; ask with attachments=false, or send its content with your own statement.`,
    );
}

async function sendStatements(
  context: StatementsContext,
  principal: XapiPrincipal,
  reply: FastifyReply,
  body: unknown,
  statements: readonly StoredStatement[],
  options: { format: StatementFormat; attachments: boolean },
): Promise<FastifyReply> {
  const modified = lastModified(statements);
  if (modified !== undefined) void reply.header('last-modified', modified);
  if (!options.attachments) return reply.type('application/json; charset=utf-8').send(body);
  const contents = await context.store.attachmentContents(
    statements.flatMap((item) => attachmentsOf(item).map((attachment) => attachment.sha2)),
  );
  assertMayReadContents(principal, statements, contents);
  const boundary = newBoundary();
  const parts = [
    { headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: Buffer.from(JSON.stringify(body)) },
    ...contents.map((item) => ({
      headers: { 'Content-Type': item.contentType, 'Content-Transfer-Encoding': 'binary', 'X-Experience-API-Hash': item.sha2 },
      body: item.content,
    })),
  ];
  return reply.type(`multipart/mixed; boundary=${boundary}`).send(buildMultipart(parts, boundary));
}

export function getStatements(context: StatementsContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const parsed = parseStatementsQuery(request.query, context.pageSize);
    const language = request.headers['accept-language'];
    if (parsed.kind === 'single') {
      const found = await context.store.find(parsed.id, parsed.voided);
      if (found === undefined) {
        const what = parsed.voided ? 'No voided statement' : 'No statement';
        const hint = parsed.voided ? '' : ' (a voided statement is fetched with voidedStatementId)';
        return sendError(reply, 404, `${what} with id ${parsed.id} is stored${hint}.`);
      }
      await assertMayReadStatement(context.caller(request).principal, found);
      const statement = formatStatement(found, parsed.format, language);
      return sendStatements(context, context.caller(request).principal, reply, statement, [found], parsed);
    }
    const { query } = parsed;
    await assertMayQuery(context.caller(request).principal, query);
    const page = await context.store.query(query);
    const more =
      page.continueAfter === undefined ? '' : `${context.prefix}/statements?more=${encodeCursor(query, page.continueAfter)}`;
    const statements = page.statements.map((item) => formatStatement(item, query.format, language));
    return sendStatements(context, context.caller(request).principal, reply, { statements, more }, page.statements, query);
  };
}
