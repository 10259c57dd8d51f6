// Handlers of the State (/activities/state), Activity Profile (/activities/profile) and Agent
// Profile (/agents/profile) resources: GET one or the ids listing, PUT, POST (JSON merge) and
// DELETE, with ETags and If-Match / If-None-Match; HEAD is GET without the body.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { XapiPrincipal } from './auth.ts';
import { parseDocumentParams, resourceName } from './document-params.ts';
import type { DocumentKind, DocumentParams } from './document-params.ts';
import type { DocumentDecision, DocumentStore, StoredDocument } from './document-store.ts';
import { badRequest, XapiError } from './errors.ts';
import { agentKey } from './statement-prepare.ts';
import { accountNameOf } from './statements-routes.ts';
import { isObject } from './validate/primitives.ts';

export interface DocumentsContext {
  readonly store: DocumentStore;
  readonly caller: (request: FastifyRequest) => { readonly principal: XapiPrincipal };
}

const OCTET_STREAM = 'application/octet-stream';

function essence(contentType: string): string {
  return contentType.split(';')[0]?.trim().toLowerCase() ?? '';
}

/** The entity tags of an If-Match / If-None-Match header, without quotes or W/; undefined when absent. */
export function entityTags(header: string | string[] | undefined): string[] | undefined {
  if (header === undefined) return undefined;
  const text = Array.isArray(header) ? header.join(',') : header;
  return text
    .split(',')
    .map((tag) =>
      tag
        .trim()
        .replace(/^W\//, '')
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase(),
    )
    .filter((tag) => tag !== '');
}

/**
 * xAPI concurrency: If-Match must name the current ETag (or `*` for any document), If-None-Match
 * must not (`*`: there must be none) — else 412. Replacing an existing profile with PUT without
 * either header is 409: the client has not shown it knows what it overwrites.
 */
function checkPreconditions(request: FastifyRequest, kind: DocumentKind, current: StoredDocument | undefined): void {
  const ifMatch = entityTags(request.headers['if-match']);
  const ifNoneMatch = entityTags(request.headers['if-none-match']);
  if (ifMatch !== undefined) {
    if (current === undefined) throw new XapiError(412, 'If-Match names a document, but none is stored here.');
    if (!ifMatch.includes('*') && !ifMatch.includes(current.etag))
      throw new XapiError(412, `If-Match does not name the document's current ETag "${current.etag}": it was changed meanwhile.`);
  }
  if (ifNoneMatch !== undefined && current !== undefined) {
    if (ifNoneMatch.includes('*'))
      throw new XapiError(412, `If-None-Match: * asks to create the document, but one is stored (ETag "${current.etag}").`);
    if (ifNoneMatch.includes(current.etag))
      throw new XapiError(412, `If-None-Match names the document's current ETag "${current.etag}".`);
  }
  if (request.method === 'PUT' && kind !== 'state' && current !== undefined && ifMatch === undefined && ifNoneMatch === undefined)
    throw new XapiError(
      409,
      `This profile document exists: send If-Match: "${current.etag}" to replace it, or If-None-Match: * to write only a new one.`,
    );
}

function bodyOf(request: FastifyRequest): { contentType: string; content: Buffer } {
  const content = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  return { contentType: request.headers['content-type'] ?? OCTET_STREAM, content };
}

function jsonObject(contentType: string, content: Buffer, what: string): Record<string, unknown> {
  const hint = 'POST merges JSON objects; use PUT to store any other content';
  if (essence(contentType) !== 'application/json') throw badRequest(`${what} is ${essence(contentType) || 'untyped'}: ${hint}.`);
  let value: unknown;
  try {
    value = JSON.parse(content.toString('utf8'));
  } catch {
    throw badRequest(`${what} is not valid JSON: ${hint}.`);
  }
  if (!isObject(value)) throw badRequest(`${what} is JSON but not an object: ${hint}.`);
  return value;
}

/**
 * A signed-in person uses only their own State and Agent Profile (reading, as for statements,
 * also those of the people in their record scope); Activity Profiles, shared by every learner,
 * they read, and only the organisation admin writes them.
 */
export async function assertMayUseAgent(principal: XapiPrincipal, key: string, write: boolean, what: string): Promise<void> {
  const person = principal.person;
  if (person === undefined || key === agentKey(person.agent)) return;
  if (!write) {
    if (person.readsAll) return;
    const name = accountNameOf(key, person.agent.account?.homePage);
    if (name !== undefined && person.readsOf !== undefined && (await person.readsOf(name))) return;
  }
  const own = JSON.stringify({ account: person.agent.account });
  throw new XapiError(
    403,
    `Signed in as ${person.agent.account?.name ?? ''}, you can ${write ? 'write' : 'read'} ${what} only for your own agent: agent=${own}.`,
  );
}

async function assertMayUse(principal: XapiPrincipal, params: DocumentParams, write: boolean): Promise<void> {
  const person = principal.person;
  if (person === undefined) return;
  if (params.kind === 'activity-profile') {
    if (write && !person.readsAll)
      throw new XapiError(
        403,
        'Activity Profiles are shared by every learner: they are written with a credential holding the profile scope, or by the organisation admin.',
      );
    return;
  }
  await assertMayUseAgent(principal, params.agentKey, write, params.kind === 'state' ? 'State documents' : 'Agent Profiles');
}

function sendDocument(reply: FastifyReply, document: StoredDocument): FastifyReply {
  return reply
    .header('etag', `"${document.etag}"`)
    .header('last-modified', new Date(document.updated).toUTCString())
    .type(document.contentType)
    .send(document.content);
}

export function documentRoutes(context: DocumentsContext, kind: DocumentKind) {
  const name = resourceName(kind);
  const get = async (request: FastifyRequest, reply: FastifyReply) => {
    const params = parseDocumentParams(kind, request.query, 'GET');
    await assertMayUse(context.caller(request).principal, params, false);
    if (params.documentId === undefined) {
      return reply.type('application/json; charset=utf-8').send(await context.store.ids(params, params.since));
    }
    const document = await context.store.get(params, params.documentId);
    if (document === undefined) throw new XapiError(404, `No ${name} document "${params.documentId}" is stored here.`);
    return sendDocument(reply, document);
  };

  const put = async (request: FastifyRequest, reply: FastifyReply) => {
    const params = parseDocumentParams(kind, request.query, 'PUT');
    await assertMayUse(context.caller(request).principal, params, true);
    const body = bodyOf(request);
    await context.store.write(params, params.documentId ?? '', (current) => {
      checkPreconditions(request, kind, current);
      return { write: body };
    });
    return reply.code(204).send();
  };

  const post = async (request: FastifyRequest, reply: FastifyReply) => {
    const params = parseDocumentParams(kind, request.query, 'POST');
    await assertMayUse(context.caller(request).principal, params, true);
    const body = bodyOf(request);
    const posted = jsonObject(body.contentType, body.content, 'The posted document');
    await context.store.write(params, params.documentId ?? '', (current): DocumentDecision => {
      checkPreconditions(request, kind, current);
      if (current === undefined) return { write: body };
      const stored = jsonObject(current.contentType, current.content, 'The stored document');
      // xAPI merge: the posted object's top-level properties replace the stored ones of the same name.
      const merged = Buffer.from(JSON.stringify({ ...stored, ...posted }));
      return { write: { contentType: 'application/json', content: merged } };
    });
    return reply.code(204).send();
  };

  const remove = async (request: FastifyRequest, reply: FastifyReply) => {
    const params = parseDocumentParams(kind, request.query, 'DELETE');
    await assertMayUse(context.caller(request).principal, params, true);
    if (params.documentId === undefined) {
      await context.store.deleteAll(params);
      return reply.code(204).send();
    }
    await context.store.write(params, params.documentId, (current) => {
      checkPreconditions(request, kind, current);
      return current === undefined ? { nothing: true } : { delete: true };
    });
    return reply.code(204).send();
  };

  return { get, put, post, delete: remove };
}
