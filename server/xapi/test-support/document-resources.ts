// Test helper for the document resources: the three resources as a table, an LRS with a small
// document limit and credentials holding only the state, profile or define scope, and a request helper.
import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { TestDatabaseVariant } from '../../db/test-databases.ts';
import { CredentialStore } from '../credentials.ts';
import { SCENE } from './statements.ts';
import { basic, startXapiApp, xapiHeaders } from './xapi-test-app.ts';
import type { XapiTestApp } from './xapi-test-app.ts';

export const ACTIVITY = `${SCENE}/steps/q1`;
export const AGENT = JSON.stringify({ objectType: 'Agent', mbox: 'mailto:li.wei@example.gov.cn' });
export const OTHER_AGENT = JSON.stringify({ mbox: 'mailto:zhao.min@example.gov.cn' });
export const REGISTRATION = 'b3a2c8f1-4d5e-4f60-9a7b-1c2d3e4f5a6b';
/** The largest document the test LRS takes. */
export const DOCUMENT_BYTES = 4096;
export const etagOf = (content: string | Buffer): string => `"${createHash('sha1').update(content).digest('hex')}"`;

export const SCOPED = {
  state: basic('test-state', 'secret-state-0123456789'),
  profile: basic('test-profile', 'secret-profile-0123456789'),
  define: basic('test-define', 'secret-define-0123456789'),
} as const;

export type Method = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';

/** One document resource: its path and the parameters that address a document there. */
export interface Resource {
  readonly name: string;
  readonly path: string;
  readonly idParam: 'stateId' | 'profileId';
  readonly scope: (extra?: Record<string, string>) => Record<string, string>;
  /** PUT over an existing document without If-Match / If-None-Match is 409 (profiles), or allowed (state). */
  readonly putNeedsPrecondition: boolean;
}

export const RESOURCES: readonly Resource[] = [
  {
    name: 'State',
    path: '/xapi/activities/state',
    idParam: 'stateId',
    scope: (extra = {}) => ({ activityId: ACTIVITY, agent: AGENT, ...extra }),
    putNeedsPrecondition: false,
  },
  {
    name: 'Activity Profile',
    path: '/xapi/activities/profile',
    idParam: 'profileId',
    scope: (extra = {}) => ({ activityId: ACTIVITY, ...extra }),
    putNeedsPrecondition: true,
  },
  {
    name: 'Agent Profile',
    path: '/xapi/agents/profile',
    idParam: 'profileId',
    scope: (extra = {}) => ({ agent: AGENT, ...extra }),
    putNeedsPrecondition: true,
  },
];

/** The parameters of document `name` of `resource`. */
export const documentAt = (resource: Resource, name: string): Record<string, string> =>
  resource.scope({ [resource.idParam]: name });

/** A JSON body for `call`. */
export const json = (value: unknown, headers: Record<string, string> = {}) => ({
  body: JSON.stringify(value),
  contentType: 'application/json',
  headers,
});

export interface CallOptions {
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  readonly contentType?: string;
}

/** The xAPI app with a document limit of DOCUMENT_BYTES and the SCOPED credentials. */
export async function startDocumentsApp(variant: TestDatabaseVariant): Promise<XapiTestApp> {
  const lrs = await startXapiApp(variant, { limits: { documentBytes: DOCUMENT_BYTES } });
  const credentials = new CredentialStore(lrs.database.db);
  await credentials.save({ key: 'test-state', secret: 'secret-state-0123456789', scopes: ['state'] });
  await credentials.save({ key: 'test-profile', secret: 'secret-profile-0123456789', scopes: ['profile'] });
  await credentials.save({ key: 'test-define', secret: 'secret-define-0123456789', scopes: ['define'] });
  return lrs;
}

/** A request with the version header and the `all` credential unless `options.headers` says otherwise. */
export function callOf(lrs: () => XapiTestApp) {
  return (
    method: Method,
    path: string,
    query: Record<string, string>,
    options: CallOptions = {},
  ): Promise<LightMyRequestResponse> =>
    lrs().app.inject({
      method,
      url: path,
      query,
      headers: xapiHeaders({
        ...(options.contentType === undefined ? {} : { 'content-type': options.contentType }),
        ...options.headers,
      }),
      ...(options.body === undefined ? {} : { payload: options.body }),
    });
}
