// The xAPI 2.0 LRS as a Fastify plugin (mount it at /xapi): content parsing and limits, the
// version header, authorization and scopes, errors as `{ error, message }`, and the routes of the
// statements, State, Activity Profile, Agent Profile, Activities, Agents and About resources.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import { activitiesRoute, agentsRoute } from './activities-agents.ts';
import { parseMultipartStatements } from './attachments.ts';
import { basicAuthorizer, hasScope } from './auth.ts';
import type { Authorize, XapiPrincipal } from './auth.ts';
import { CredentialStore } from './credentials.ts';
import type { XapiScope } from './credentials.ts';
import { DocumentStore } from './document-store.ts';
import { documentRoutes } from './documents-routes.ts';
import { apiErrorHandler, sendError } from '../http/api-errors.ts';
import { forwardConfigFromEnv } from './forward-config.ts';
import type { ForwardConfig } from './forward-config.ts';
import { startForwarding } from './forward-setup.ts';
import { badRequest } from './errors.ts';
import { parseJsonBody } from './json-body.ts';
import { StatementStore } from './statement-store.ts';
import { getStatements, postStatements, putStatement } from './statements-routes.ts';
import type { StatementsContext } from './statements-routes.ts';
import { parseVersionHeader, SUPPORTED_VERSIONS, VERSION_HEADER } from './version.ts';
import type { RequestVersion } from './version.ts';
import { WriteClock } from './write-clock.ts';

export interface XapiPluginOptions {
  readonly database: Database;
  /** Who is calling. Default: HTTP Basic against the xAPI credentials table. */
  readonly authorize?: Authorize;
  /** `account.homePage` of the authority written for Basic-auth clients. */
  readonly authorityHomePage?: string;
  /** Created (or updated) at start with scope `all`: SHIXUN_XAPI_KEY / SHIXUN_XAPI_SECRET. */
  readonly seedCredential?: { readonly key: string; readonly secret: string };
  /** Send every stored statement on to another LRS (XAPI_FORWARD_URL…); off when undefined. */
  readonly forward?: ForwardConfig | undefined;
  /** `stored` times and Consistent-Through; share one with every other writer of statements (grading). */
  readonly clock?: WriteClock;
  /**
   * The store to write through; share one with every other writer (grading) so all writes meet
   * in one group committer and are all forwarded. Default: a store of its own, with `forward`.
   */
  readonly store?: StatementStore;
  readonly limits?: {
    /** Largest application/json body. Default 1 MiB. */
    readonly jsonBytes?: number;
    /** Largest multipart/mixed body (statements with attachments). Default 10 MiB. */
    readonly multipartBytes?: number;
    /** Most statements in one GET answer (`limit=0` means this). Default 100. */
    readonly pageSize?: number;
    /** Largest State or Profile document. Default 1 MiB. */
    readonly documentBytes?: number;
  };
}

/** Reads the plugin settings a deployment gives through the environment. */
export function xapiOptionsFromEnv(
  env: NodeJS.ProcessEnv,
): Pick<XapiPluginOptions, 'seedCredential' | 'authorityHomePage' | 'forward'> {
  const { SHIXUN_XAPI_KEY: key, SHIXUN_XAPI_SECRET: secret } = env;
  if ((key === undefined) !== (secret === undefined))
    throw new Error('Set both SHIXUN_XAPI_KEY and SHIXUN_XAPI_SECRET, or neither.');
  return {
    ...(key !== undefined && secret !== undefined ? { seedCredential: { key, secret } } : {}),
    authorityHomePage: homePageFromEnv(env),
    forward: forwardConfigFromEnv(env),
  };
}

/** The server's public URL, `account.homePage` of every account agent it writes or accepts. */
export function homePageFromEnv(env: NodeJS.ProcessEnv): string {
  return env.SHIXUN_PUBLIC_URL || `http://localhost:${env.PORT || '8080'}/`;
}

const MiB = 1024 * 1024;
const DEFAULT_VERSION: RequestVersion = { family: '2.0', responseVersion: '2.0.0' };
const ROUTES =
  'statements, activities/state, activities/profile, agents/profile (GET/HEAD/POST/PUT, and DELETE for documents), GET activities, GET agents and GET about';

interface CallerState {
  version: RequestVersion | undefined;
  principal: XapiPrincipal | undefined;
}

function needsWrite(request: FastifyRequest): boolean {
  return request.method === 'POST' || request.method === 'PUT' || request.method === 'DELETE';
}

/**
 * The scopes that let a credential call a route (`all` always does), after xAPI's scope list:
 * `state` for State documents, `profile` for Activity and Agent Profiles, `define` or
 * `statements/read` to read activity definitions, `profile` or `statements/read` for agents.
 */
function acceptedScopes(route: string, write: boolean): readonly XapiScope[] {
  if (route.endsWith('/activities/state')) return ['state'];
  if (route.endsWith('/activities/profile') || route.endsWith('/agents/profile')) return ['profile'];
  if (route.endsWith('/activities')) return ['statements/read', 'define'];
  if (route.endsWith('/agents')) return ['statements/read', 'profile'];
  return [write ? 'statements/write' : 'statements/read'];
}

export const xapiPlugin: FastifyPluginAsync<XapiPluginOptions> = async (app, options) => {
  const credentials = new CredentialStore(options.database.db);
  if (options.seedCredential !== undefined) {
    await credentials.save({ ...options.seedCredential, scopes: ['all'] });
  }
  const authorize = options.authorize ?? basicAuthorizer(credentials, options.authorityHomePage ?? 'http://localhost:8080/');
  const jsonBytes = options.limits?.jsonBytes ?? 1 * MiB;
  const multipartBytes = options.limits?.multipartBytes ?? 10 * MiB;
  const documentBytes = options.limits?.documentBytes ?? 1 * MiB;
  const callers = new WeakMap<FastifyRequest, CallerState>();

  const context: StatementsContext = {
    store:
      options.store ?? new StatementStore(options.database, startForwarding(app, options.database, options.forward).storeOptions),
    clock: options.clock ?? new WriteClock(),
    prefix: app.prefix,
    pageSize: options.limits?.pageSize ?? 100,
    caller: (request) => {
      const state = callers.get(request);
      if (state?.version === undefined || state.principal === undefined)
        throw new Error('xAPI route reached without the auth hook');
      return { version: state.version, principal: state.principal };
    },
  };

  // Only the two bodies xAPI defines; anything else is answered 415 before a handler runs.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: jsonBytes }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.addContentTypeParser('multipart/mixed', { parseAs: 'buffer', bodyLimit: multipartBytes }, (request, body, done) => {
    try {
      done(null, parseMultipartStatements(body as Buffer, request.headers['content-type'] ?? ''));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  // The spec's error for the wrong multipart type is 400, not 415: attachments travel only as multipart/mixed.
  app.addContentTypeParser('multipart/form-data', (_request, _payload, done) => {
    done(badRequest('Statements with attachments are sent as multipart/mixed, not multipart/form-data.') as Error, undefined);
  });

  app.addHook('onRequest', async (request, reply) => {
    const state: CallerState = { version: parseVersionHeader(request.headers[VERSION_HEADER]), principal: undefined };
    callers.set(request, state);
    // GET about is public: clients read it to learn the versions before they authenticate.
    const route = request.routeOptions.url;
    if (request.is404 || route === `${app.prefix}/about` || route === `${app.prefix}/*`) return;
    state.principal = await authorize(request);
    if (state.principal === undefined) {
      void reply.header('www-authenticate', 'Basic realm="Shixun xAPI", charset="UTF-8"');
      return sendError(
        reply,
        401,
        'Send xAPI credentials with HTTP Basic authentication (Authorization: Basic base64(key:secret)), or sign in and send the session cookie (with x-shixun-csrf: 1 on POST, PUT and DELETE).',
      );
    }
    if (state.version === undefined) {
      const sent = request.headers[VERSION_HEADER];
      const what = sent === undefined ? 'is missing' : `"${String(sent)}" is not supported`;
      return sendError(reply, 400, `The X-Experience-API-Version header ${what}: send 2.0.0 (or 1.0.3).`);
    }
    const accepted = acceptedScopes(route ?? '', needsWrite(request));
    if (!hasScope(state.principal, accepted))
      return sendError(reply, 403, `These credentials lack the ${accepted.join(' or ')} scope (or all).`);
  });

  app.addHook('onSend', async (request, reply) => {
    void reply.header(VERSION_HEADER, (callers.get(request)?.version ?? DEFAULT_VERSION).responseVersion);
    // xAPI: every answer of the statements resource says how far it is consistent, errors included.
    if (request.url.split('?')[0] === `${app.prefix}/statements`)
      void reply.header('x-experience-api-consistent-through', context.clock.consistentThrough());
  });

  app.setErrorHandler(
    apiErrorHandler({
      area: 'xAPI',
      accepts: 'application/json, or multipart/mixed with attachments',
      tooLarge: () =>
        `The body is too large: statements take at most ${jsonBytes} bytes of JSON or ${multipartBytes} bytes of multipart/mixed (split the batch), a State or Profile document at most ${documentBytes} bytes.`,
      serverError: 'The LRS could not handle this request; the error has been logged.',
    }),
  );

  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    sendError(
      reply,
      404,
      `No xAPI resource at ${request.method} ${request.url.split('?')[0]}. This LRS serves ${ROUTES} under ${app.prefix}/.`,
    );
  app.setNotFoundHandler(notFound);
  // An explicit catch-all, because the app's own wildcard route would otherwise answer
  // unknown /xapi/ paths with the web page.
  app.all('/*', notFound);

  app.get('/about', async () => ({ version: [...SUPPORTED_VERSIONS] }));
  app.post('/statements', postStatements(context));
  app.put('/statements', putStatement(context));
  app.get('/statements', getStatements(context));

  // Documents are any content type, so they get a context of their own with one raw-body parser;
  // the statements routes keep answering 415 to anything but JSON and multipart/mixed.
  const documents = { store: new DocumentStore(options.database), caller: context.caller };
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: documentBytes }, (_request, body, done) => {
      done(null, body);
    });
    for (const [path, kind] of [
      ['/activities/state', 'state'],
      ['/activities/profile', 'activity-profile'],
      ['/agents/profile', 'agent-profile'],
    ] as const) {
      const handlers = documentRoutes(documents, kind);
      scope.get(path, handlers.get);
      scope.put(path, handlers.put);
      scope.post(path, handlers.post);
      scope.delete(path, handlers.delete);
    }
    scope.get('/activities', activitiesRoute({ database: options.database, caller: context.caller }));
    scope.get('/agents', agentsRoute({ database: options.database, caller: context.caller }));
  });
};
