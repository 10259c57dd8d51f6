// Every JSON endpoint of the API the browser calls, in one table: method, path (with `:name`
// parameters), the request body's schema, the answer's schema and the error body's schema. The
// browser's api() (src/client/api.ts) takes a key of this table, so a call site cannot pair a path
// with the wrong method, body or answer type; the server parses each body with the same request
// schema (server/http/request-body.ts' parseBody). server/http/endpoints.test.ts checks that every
// entry is a route the server registers with that method.
import {
  honourDecisionRequestSchema,
  honourDecisionSchema,
  honoursResponseSchema,
  myRecertificationSchema,
} from './honour-types.ts';
import { z } from 'zod';
import { cmi5LaunchRequestSchema, cmi5LaunchSchema } from './cmi5-types.ts';
import {
  adminAuditResponseSchema,
  changePasswordRequestSchema,
  resetPasswordRequestSchema,
  resetPasswordResponseSchema,
  signedInResponseSchema,
  userActionResponseSchema,
  xapiCredentialListSchema,
  xapiCredentialRequestSchema,
  xapiCredentialSecretSchema,
  extraTimeRequestSchema,
  extraTimeResponseSchema,
} from './account-lifecycle.ts';
import { putActionsRequestSchema } from './attempt-actions.ts';
import { myStandingSchema } from './my-standing-types.ts';
import {
  credentialItemSchema,
  credentialListSchema,
  revokeCredentialRequestSchema,
  verificationReportSchema,
  verifyCredentialRequestSchema,
} from './credential-types.ts';
import {
  directorySyncStatusSchema,
  signInOptionsSchema,
  signInSettingsSchema,
  ssoLogoutResponseSchema,
} from './identity-types.ts';
import { assessmentAllowanceSchema, attemptTicketSchema, attemptViewSchema } from './attempt-view.ts';
import {
  classListSchema,
  classSnapshotSchema,
  createdClassSchema,
  heartbeatRequestSchema,
  joinClassRequestSchema,
  membershipResponseSchema,
  newClassRequestSchema,
} from './class-types.ts';
import {
  assignRoleRequestSchema,
  exerciseReplaySchema,
  exerciseSeatSchema,
  exerciseSessionListSchema,
  exerciseSessionResponseSchema,
  forkExerciseSessionRequestSchema,
  joinExerciseSessionRequestSchema,
  newExerciseSessionRequestSchema,
  pickRoleRequestSchema,
} from './exercise-types.ts';
import {
  acknowledgementRequestSchema,
  acknowledgementSchema,
  myPrivacyStatusSchema,
  myRecordsSummarySchema,
  privacyNoticeInfoSchema,
} from './privacy-types.ts';
import {
  adjustmentRequestSchema,
  apiTokenCreatedSchema,
  apiTokenInfoSchema,
  apiTokenListSchema,
  apiTokenRequestSchema,
  attemptAdjustmentsSchema,
  ledgerProofSchema,
  policyRequestSchema,
  policyVersionsSchema,
  promotionReportSchema,
  reportAnalyticsSchema,
  resultAdjustmentSchema,
} from './report-types.ts';
import {
  deviceApproveRequestSchema,
  deviceApproveResponseSchema,
  deviceCodeResponseSchema,
  devicePollErrorSchema,
  deviceTokenRequestSchema,
  signInRequestSchema,
} from './sign-in-types.ts';
import {
  adminUserListSchema,
  createdUserSchema,
  createUserRequestSchema,
  importResultSchema,
  meResponseSchema,
} from './user-types.ts';

/**
 * How every route answers an error (server/http/api-errors.ts): `{ statusCode, error, message }`
 * plus what the error adds (`issues`, `received`, `problems`, …).
 */
export const apiErrorSchema = z.looseObject({
  statusCode: z.number(),
  error: z.string(),
  message: z.string(),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

/** PUT /api/v1/policy's 422: every problem of the file, each with where it is. */
export const policyErrorSchema = apiErrorSchema.extend({
  problems: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .readonly()
    .optional(),
});

/** PUT …/actions: a 409 says how many actions the server holds (`received`), to resend from there. */
export const actionsErrorSchema = apiErrorSchema.extend({ received: z.number().optional() });

/** POST /api/v1/device/token's 400 while the code is not approved: RFC 8628's code in `error`. */
export const devicePollErrorBodySchema = z.looseObject({
  statusCode: z.number(),
  error: z.union([devicePollErrorSchema, z.string()]),
  message: z.string(),
});

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * A body that is not JSON: the text of a CSV staff list. The one kind the table allows besides a
 * schema, because the server reads it as a file (text/csv), not as fields.
 */
export const CSV_BODY = 'text/csv; charset=utf-8';

export interface EndpointSpec {
  readonly method: HttpMethod;
  /** From the origin, with `:name` for each path parameter. */
  readonly path: string;
  /** The JSON body's schema; null when the request has no body; CSV_BODY for a CSV file's text. */
  readonly request: z.ZodType | typeof CSV_BODY | null;
  /** The success answer; z.undefined() for 204 No Content. */
  readonly answer: z.ZodType;
  /** The error answer's body. */
  readonly error: z.ZodType<{ readonly message: string }>;
}

function endpoint<
  const M extends HttpMethod,
  const P extends string,
  Q extends EndpointSpec['request'],
  A extends z.ZodType,
  E extends z.ZodType<{ readonly message: string }> = typeof apiErrorSchema,
>(method: M, path: P, request: Q, answer: A, error?: E) {
  return { method, path, request, answer, error: error ?? (apiErrorSchema as z.ZodType as E) };
}

const handled = z.object({ handled: z.literal(true) });

export const endpoints = {
  // Sign-in (server/accounts)
  'auth.login': endpoint('POST', '/api/v1/auth/login', signInRequestSchema, signedInResponseSchema),
  'auth.logout': endpoint('POST', '/api/v1/auth/logout', null, z.undefined()),
  'auth.me': endpoint('GET', '/api/v1/auth/me', null, signedInResponseSchema),
  'auth.password': endpoint('POST', '/api/v1/auth/password', changePasswordRequestSchema, z.undefined()),
  // Single sign-on (server/identity); /auth/oidc/:provider/start and /callback are page redirects, not JSON.
  'auth.providers': endpoint('GET', '/api/v1/auth/providers', null, signInOptionsSchema),
  'auth.ssoLogout': endpoint('POST', '/api/v1/auth/oidc/logout', null, ssoLogoutResponseSchema),
  'admin.signInSettings.get': endpoint('GET', '/api/v1/admin/sign-in-settings', null, signInSettingsSchema),
  'admin.signInSettings.put': endpoint('PUT', '/api/v1/admin/sign-in-settings', signInSettingsSchema, signInSettingsSchema),
  'admin.directorySync.get': endpoint('GET', '/api/v1/admin/directory-sync', null, directorySyncStatusSchema),
  'admin.directorySync.run': endpoint('POST', '/api/v1/admin/directory-sync/run', null, directorySyncStatusSchema),
  'device.code': endpoint('POST', '/api/v1/device/code', null, deviceCodeResponseSchema),
  'device.token': endpoint('POST', '/api/v1/device/token', deviceTokenRequestSchema, meResponseSchema, devicePollErrorBodySchema),
  'device.approve': endpoint('POST', '/api/v1/device/approve', deviceApproveRequestSchema, deviceApproveResponseSchema),
  // Administration of users (server/accounts)
  'admin.users.list': endpoint('GET', '/api/v1/admin/users', null, adminUserListSchema),
  'admin.users.create': endpoint('POST', '/api/v1/admin/users', createUserRequestSchema, createdUserSchema),
  'admin.users.import': endpoint('POST', '/api/v1/admin/users/import', CSV_BODY, importResultSchema),
  'admin.users.disable': endpoint('POST', '/api/v1/admin/users/:userId/disable', null, userActionResponseSchema),
  'admin.users.enable': endpoint('POST', '/api/v1/admin/users/:userId/enable', null, userActionResponseSchema),
  'admin.users.extraTime': endpoint(
    'POST',
    '/api/v1/admin/users/:userId/extra-time',
    extraTimeRequestSchema,
    extraTimeResponseSchema,
  ),
  'admin.users.endSessions': endpoint('POST', '/api/v1/admin/users/:userId/end-sessions', null, userActionResponseSchema),
  'admin.users.resetPassword': endpoint(
    'POST',
    '/api/v1/admin/users/:userId/password',
    resetPasswordRequestSchema,
    resetPasswordResponseSchema,
  ),
  'admin.audit': endpoint('GET', '/api/v1/admin/audit', null, adminAuditResponseSchema),
  // xAPI credentials for outside tools (server/xapi)
  'xapiCredentials.list': endpoint('GET', '/api/v1/admin/xapi-credentials', null, xapiCredentialListSchema),
  'xapiCredentials.create': endpoint(
    'POST',
    '/api/v1/admin/xapi-credentials',
    xapiCredentialRequestSchema,
    xapiCredentialSecretSchema,
  ),
  'xapiCredentials.rotate': endpoint('POST', '/api/v1/admin/xapi-credentials/:key/rotate', null, xapiCredentialSecretSchema),
  'xapiCredentials.revoke': endpoint('DELETE', '/api/v1/admin/xapi-credentials/:key', null, z.undefined()),
  // cmi5 launches Shixun prepares as the LMS (server/cmi5); the package download is a zip, not JSON.
  'cmi5.launch': endpoint('POST', '/api/v1/admin/cmi5/launches', cmi5LaunchRequestSchema, cmi5LaunchSchema),
  // Reports, policy and API tokens (server/reports)
  'policy.get': endpoint('GET', '/api/v1/policy', null, policyVersionsSchema),
  'policy.put': endpoint('PUT', '/api/v1/policy', policyRequestSchema, policyVersionsSchema, policyErrorSchema),
  'reports.promotion': endpoint('GET', '/api/v1/reports/promotion', null, promotionReportSchema),
  'reports.analytics': endpoint('GET', '/api/v1/reports/analytics', null, reportAnalyticsSchema),
  /** The signed-in learner's own standing, pass marks and starts left (server/reports/my-standing.ts). */
  'me.standing': endpoint('GET', '/api/v1/me/standing', null, myStandingSchema),
  'tokens.list': endpoint('GET', '/api/v1/admin/api-tokens', null, apiTokenListSchema),
  'tokens.create': endpoint('POST', '/api/v1/admin/api-tokens', apiTokenRequestSchema, apiTokenCreatedSchema),
  'tokens.revoke': endpoint('DELETE', '/api/v1/admin/api-tokens/:tokenId', null, apiTokenInfoSchema),
  'me.recertification': endpoint('GET', '/api/v1/me/recertification', null, myRecertificationSchema),
  // Honours: proposals and decisions (server/honours)
  'honours.list': endpoint('GET', '/api/v1/admin/honours', null, honoursResponseSchema),
  'honours.decide': endpoint('POST', '/api/v1/admin/honours/decisions', honourDecisionRequestSchema, honourDecisionSchema),
  // Assessment attempts and official results (server/grading)
  'attempts.get': endpoint('GET', '/api/v1/attempts/:attemptId', null, attemptViewSchema),
  'assessments.allowance': endpoint('GET', '/api/v1/courses/:id/assessment-allowance', null, assessmentAllowanceSchema),
  /** The id of the learner's next assessment attempt of the course, issued by the server (the same until used). */
  'assessments.ticket': endpoint('POST', '/api/v1/courses/:id/attempt-ticket', null, attemptTicketSchema),
  /** Sent by the outbox through apiFetch (src/client/sync-transport.ts), which judges each status itself. */
  'attempts.actions': endpoint(
    'PUT',
    '/api/v1/attempts/:attemptId/actions',
    putActionsRequestSchema,
    attemptViewSchema,
    actionsErrorSchema,
  ),
  'results.list': endpoint('GET', '/api/v1/results', null, z.object({ results: z.array(attemptViewSchema).readonly() })),
  'adjustments.list': endpoint('GET', '/api/v1/attempts/:attemptId/adjustments', null, attemptAdjustmentsSchema),
  'attempts.ledgerProof': endpoint('GET', '/api/v1/attempts/:attemptId/ledger-proof', null, ledgerProofSchema),
  'ledger.proof': endpoint('GET', '/api/v1/ledger/entries/:seq/proof', null, ledgerProofSchema),
  'adjustments.create': endpoint(
    'POST',
    '/api/v1/attempts/:attemptId/adjustments',
    adjustmentRequestSchema,
    resultAdjustmentSchema,
  ),
  // Verifiable credentials (server/credentials)
  'credentials.mine': endpoint('GET', '/api/v1/credentials/mine', null, credentialListSchema),
  'credentials.list': endpoint('GET', '/api/v1/admin/credentials', null, credentialListSchema),
  'credentials.revoke': endpoint(
    'POST',
    '/api/v1/admin/credentials/:credentialId/revoke',
    revokeCredentialRequestSchema,
    credentialItemSchema,
  ),
  'credentials.verify': endpoint('POST', '/api/v1/credentials/verify', verifyCredentialRequestSchema, verificationReportSchema),
  // Classes (server/classes)
  'classes.list': endpoint('GET', '/api/v1/classes', null, classListSchema),
  'classes.create': endpoint('POST', '/api/v1/classes', newClassRequestSchema, createdClassSchema),
  'classes.joined': endpoint('GET', '/api/v1/classes/joined', null, membershipResponseSchema),
  'classes.join': endpoint('POST', '/api/v1/classes/join', joinClassRequestSchema, membershipResponseSchema),
  'classes.get': endpoint('GET', '/api/v1/classes/:classId', null, classSnapshotSchema),
  /** A server-sent event stream, not one answer: each `snapshot` event's data has this schema. */
  'classes.events': endpoint('GET', '/api/v1/classes/:classId/events', null, classSnapshotSchema),
  'classes.end': endpoint('POST', '/api/v1/classes/:classId/end', null, classSnapshotSchema),
  'classes.helpHandled': endpoint('POST', '/api/v1/classes/:classId/members/:userId/help-handled', null, handled),
  'classes.progress': endpoint('POST', '/api/v1/classes/:classId/progress', heartbeatRequestSchema, membershipResponseSchema),
  'classes.help': endpoint('POST', '/api/v1/classes/:classId/help', null, membershipResponseSchema),
  'classes.leave': endpoint('POST', '/api/v1/classes/:classId/leave', null, membershipResponseSchema),
  // Joint-exercise sessions (server/exercises)
  'exerciseSessions.list': endpoint('GET', '/api/v1/exercise-sessions', null, exerciseSessionListSchema),
  'exerciseSessions.create': endpoint(
    'POST',
    '/api/v1/exercise-sessions',
    newExerciseSessionRequestSchema,
    exerciseSessionResponseSchema,
  ),
  'exerciseSessions.join': endpoint(
    'POST',
    '/api/v1/exercise-sessions/join',
    joinExerciseSessionRequestSchema,
    exerciseSessionResponseSchema,
  ),
  'exerciseSessions.get': endpoint('GET', '/api/v1/exercise-sessions/:sessionId', null, exerciseSessionResponseSchema),
  'exerciseSessions.assign': endpoint(
    'POST',
    '/api/v1/exercise-sessions/:sessionId/assignments',
    assignRoleRequestSchema,
    exerciseSessionResponseSchema,
  ),
  'exerciseSessions.pickRole': endpoint(
    'POST',
    '/api/v1/exercise-sessions/:sessionId/role',
    pickRoleRequestSchema,
    exerciseSessionResponseSchema,
  ),
  /** A seat in the live room, for the realtime client (@colyseus/sdk consumeSeatReservation). */
  'exerciseSessions.seat': endpoint('POST', '/api/v1/exercise-sessions/:sessionId/seat', null, exerciseSeatSchema),
  'exerciseSessions.resume': endpoint('POST', '/api/v1/exercise-sessions/:sessionId/resume', null, exerciseSessionResponseSchema),
  'exerciseSessions.end': endpoint('POST', '/api/v1/exercise-sessions/:sessionId/end', null, exerciseSessionResponseSchema),
  'exerciseSessions.replay': endpoint('GET', '/api/v1/exercise-sessions/:sessionId/replay', null, exerciseReplaySchema),
  'exerciseSessions.fork': endpoint(
    'POST',
    '/api/v1/exercise-sessions/:sessionId/fork',
    forkExerciseSessionRequestSchema,
    exerciseSessionResponseSchema,
  ),
  // Privacy (server/privacy)
  'privacy.notice': endpoint('GET', '/api/v1/privacy/notice', null, privacyNoticeInfoSchema),
  'privacy.status': endpoint('GET', '/api/v1/me/privacy', null, myPrivacyStatusSchema),
  'privacy.acknowledge': endpoint(
    'POST',
    '/api/v1/me/privacy/acknowledgements',
    acknowledgementRequestSchema,
    acknowledgementSchema,
  ),
  'records.summary': endpoint('GET', '/api/v1/me/records/summary', null, myRecordsSummarySchema),
} as const satisfies Record<string, EndpointSpec>;

export type Endpoints = typeof endpoints;
export type EndpointKey = keyof Endpoints;

type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

/** `{ classId: string }` for `/api/v1/classes/:classId/end`. */
export type PathParams<K extends EndpointKey> = { readonly [N in ParamNames<Endpoints[K]['path']>]: string };

/** What the browser sends: the schema's input (before the server's defaults and trimming). */
export type RequestBody<K extends EndpointKey> = Endpoints[K]['request'] extends z.ZodType
  ? z.input<Endpoints[K]['request']>
  : Endpoints[K]['request'] extends typeof CSV_BODY
    ? string
    : never;

export type Answer<K extends EndpointKey> = z.output<Endpoints[K]['answer']>;

/** The path with each `:name` filled in (URI-encoded) from `params`. */
export function endpointPath(path: string, params: Readonly<Record<string, string>> = {}): string {
  return path.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`${path} needs the path parameter ${name}.`);
    return encodeURIComponent(value);
  });
}
