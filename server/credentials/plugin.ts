// The credentials API (mounted at the root, paths in full): the issuer's DID document, the status
// lists, the verify endpoint (public: anyone checks a credential), a learner's own certificates
// and the admin's list and revocation.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { CredentialItem, CredentialList, CredentialStatus } from '../../src/contracts/credential-types.ts';
import {
  CREDENTIAL_STATUSES,
  revokeCredentialRequestSchema,
  verifyCredentialRequestSchema,
} from '../../src/contracts/credential-types.ts';
import { requireRole, requireUser } from '../accounts/guards.ts';
import type { RecordAdminAction } from '../accounts/admin-audit.ts';
import type { SessionUser, UserResolver } from '../accounts/session-user.ts';
import type { Ledger } from '../ledger/ledger.ts';
import { apiErrorHandler } from '../http/api-errors.ts';
import { acceptJsonBodies, parseBody } from '../http/request-body.ts';
import { RequestError } from '../http/request-error.ts';
import { issueCoursePasses } from './course-passes.ts';
import type { CoursePassDeps } from './course-passes.ts';
import { verifyPageUrl } from './credential-document.ts';
import type { CredentialRow } from './issue.ts';
import { revokeCredential, signedStatusList } from './revoke.ts';
import { CREDENTIALS_EXPORT_FORMAT, summaryOf, verifyCredential } from './verify.ts';
import type { CredentialsExport } from './verify.ts';

export interface CredentialsPluginOptions extends CoursePassDeps {
  readonly ledger: Pick<Ledger, 'appendWithin'>;
  readonly currentUser: UserResolver;
  readonly recordAdminAction: RecordAdminAction;
  readonly now?: () => Date;
}

const DID_MEDIA_TYPE = 'application/did+ld+json';

export const credentialsPlugin: FastifyPluginAsync<CredentialsPluginOptions> = async (app, options) => {
  const { database, issuer } = options;
  const now = options.now ?? (() => new Date());
  app.setErrorHandler(apiErrorHandler({ area: 'credentials', accepts: 'application/json' }));
  acceptJsonBodies(app, 256 * 1024);

  /** `revokedBy` only on the admin's answers: a learner's list does not name the admin. */
  function itemOf(row: CredentialRow, at: Date, shown: { revokedBy?: boolean } = {}): CredentialItem {
    const credential = JSON.parse(row.credential) as Record<string, unknown>;
    const summary = summaryOf(credential);
    const expired = row.valid_until !== null && new Date(row.valid_until).getTime() < at.getTime();
    return {
      id: `urn:uuid:${row.id}`,
      kind: row.kind === 'honour' ? 'honour' : 'course-pass',
      username: row.username,
      subjectName: summary.subjectName ?? row.username,
      achievementId: row.achievement_id,
      achievementName: JSON.parse(row.achievement_name) as CredentialItem['achievementName'],
      score: summary.score === null ? null : Number(summary.score),
      issuedAt: row.issued_at,
      validUntil: row.valid_until,
      status: row.revoked_at !== null ? 'revoked' : expired ? 'expired' : 'valid',
      revokedAt: row.revoked_at,
      revokedReason: row.revoked_reason,
      ...(shown.revokedBy === true ? { revokedBy: row.revoked_by } : {}),
      ledgerSeq: Number(row.ledger_seq),
      verifyUrl: verifyPageUrl(issuer, `urn:uuid:${row.id}`),
      credential,
    };
  }

  function listOf(rows: readonly CredentialRow[], shown: { revokedBy?: boolean } = {}): CredentialList {
    const at = now();
    return {
      issuer: { did: issuer.did, organisation: issuer.organisation },
      credentials: rows.map((row) => itemOf(row, at, shown)),
    };
  }

  async function statusListCredential(list: number): Promise<Record<string, unknown>> {
    return signedStatusList(database, issuer, list, now());
  }

  /** An admin, or a department admin (who manages their own department's credentials only). */
  async function manager(request: FastifyRequest, what: string): Promise<SessionUser> {
    const user = await requireUser(options.currentUser, request, 'Sign in first: credentials are managed by signed-in admins.');
    return requireRole(user, ['admin', 'department-admin'], `Only an admin or a department admin may ${what}`);
  }

  /** The department a department admin is limited to; undefined for the organisation admin. */
  function departmentOf(actor: SessionUser): string | undefined {
    if (actor.role !== 'department-admin') return undefined;
    if (actor.department === null)
      throw new RequestError(403, 'Your department admin account has no department; ask the organisation admin to set one.');
    return actor.department;
  }

  // Public on purpose: did:web resolves here, and every verifier needs the issuer key.
  app.get('/.well-known/did.json', async (_request, reply) => {
    return reply.type(DID_MEDIA_TYPE).header('cache-control', 'no-cache').send(issuer.didDocument);
  });
  // The same document as a file to keep for offline checks (npm run credential:verify -- --did).
  app.get('/api/v1/credentials/issuer', async (_request, reply) => {
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', 'attachment; filename="shixun-issuer-did.json"')
      .header('cache-control', 'no-cache')
      .send(issuer.didDocument);
  });

  // Public on purpose: verifiers read the revocation bits; a list of 131,072 entries hides which one is checked.
  app.get<{ Params: { list: string } }>('/api/v1/credentials/status/:list', async (request, reply) => {
    if (!/^[1-9]\d{0,8}$/.test(request.params.list))
      throw new RequestError(400, `Status list ${request.params.list} is not a list number: lists are numbered from 1.`);
    const list = Number(request.params.list);
    const exists = await database.db.selectFrom('credentials').select('id').where('status_list', '=', list).executeTakeFirst();
    if (exists === undefined) throw new RequestError(404, `There is no status list ${list}: no credential points at it.`);
    return reply
      .type('application/json; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(await statusListCredential(list));
  });

  // Public on purpose: the verify page posts what a visitor pasted; nothing is stored.
  app.post('/api/v1/credentials/verify', async (request) => {
    const { credential } = parseBody(verifyCredentialRequestSchema, request.body);
    const entry = typeof credential === 'object' ? credential.credentialStatus : undefined;
    const listUrl =
      typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>).statusListCredential : undefined;
    const prefix = `${issuer.baseUrl}api/v1/credentials/status/`;
    const list = typeof listUrl === 'string' && listUrl.startsWith(prefix) ? Number(listUrl.slice(prefix.length)) : undefined;
    const statusList =
      typeof credential === 'object' && list !== undefined && Number.isInteger(list) && list > 0
        ? await statusListCredential(list)
        : undefined;
    const report = await verifyCredential(credential, { didDocument: issuer.didDocument, statusList, now: now() });
    // A token's status entry is known once its signature is checked: then its list is read and it is checked again.
    if (typeof credential === 'string' && report.summary.id !== null) {
      const row = await rowOfCredentialId(report.summary.id);
      if (row !== undefined)
        return verifyCredential(credential, {
          didDocument: issuer.didDocument,
          statusList: await statusListCredential(row.status_list),
          now: now(),
        });
    }
    return report;
  });

  async function rowOfCredentialId(id: string): Promise<CredentialRow | undefined> {
    if (!id.startsWith('urn:uuid:')) return undefined;
    return database.db.selectFrom('credentials').selectAll().where('id', '=', id.slice('urn:uuid:'.length)).executeTakeFirst();
  }

  app.get('/api/v1/credentials/mine', async (request, reply) => {
    const user = await requireUser(options.currentUser, request, 'Sign in to see your certificates.');
    await issueCoursePasses(options, user.id);
    const rows = await database.db
      .selectFrom('credentials')
      .selectAll()
      .where('user_id', '=', user.id)
      .orderBy('issued_at', 'desc')
      .orderBy('id')
      .execute();
    void reply.header('cache-control', 'no-store');
    return listOf(rows);
  });

  // Everything an offline check needs, in one file: the credentials (both forms), the issuer's DID
  // document and the signed status lists they point at (npm run credential:verify reads it whole).
  app.get('/api/v1/credentials/mine/export', async (request, reply) => {
    const user = await requireUser(options.currentUser, request, 'Sign in to download your certificates.');
    await issueCoursePasses(options, user.id);
    const rows = await database.db
      .selectFrom('credentials')
      .selectAll()
      .where('user_id', '=', user.id)
      .orderBy('issued_at')
      .orderBy('id')
      .execute();
    const statusLists: Record<string, Record<string, unknown>> = {};
    for (const list of new Set(rows.map((row) => Number(row.status_list)))) {
      const signed = await statusListCredential(list);
      statusLists[String(signed.id)] = signed;
    }
    const body: CredentialsExport = {
      format: CREDENTIALS_EXPORT_FORMAT,
      formatVersion: 1,
      exportedAt: now().toISOString(),
      didDocument: issuer.didDocument,
      statusLists,
      credentials: rows.map((row) => ({
        id: `urn:uuid:${row.id}`,
        credential: JSON.parse(row.credential) as Record<string, unknown>,
        vcJwt: row.jwt,
      })),
    };
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', 'attachment; filename="shixun-credentials.json"')
      .header('cache-control', 'no-store')
      .send(body);
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/api/v1/admin/credentials', async (request, reply) => {
    const actor = await manager(request, 'list issued credentials');
    const { q, status } = request.query;
    if (status !== undefined && status !== '' && !CREDENTIAL_STATUSES.includes(status as CredentialStatus))
      throw new RequestError(
        400,
        `status must be one of ${CREDENTIAL_STATUSES.join(', ')} (or left out for all), not "${status}".`,
      );
    if (q !== undefined && q.length > 200) throw new RequestError(400, 'q (the search) must be at most 200 characters.');
    const at = now().toISOString();
    const search = q?.trim() ?? '';
    const pattern = `%${search.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    let query = database.db
      .selectFrom('credentials')
      .leftJoin('users', 'users.id', 'credentials.user_id')
      .selectAll('credentials')
      .orderBy('credentials.issued_at', 'desc')
      .orderBy('credentials.id')
      .limit(1000);
    const department = departmentOf(actor);
    if (department !== undefined) query = query.where('users.department', '=', department);
    if (search !== '')
      query = query.where((eb) =>
        eb.or(
          ['credentials.username', 'users.name', 'credentials.achievement_id', 'credentials.achievement_name'].map((column) =>
            eb(eb.fn('lower', [eb.ref(column as 'credentials.username')]), 'like', eb.val(pattern)),
          ),
        ),
      );
    if (status === 'revoked') query = query.where('credentials.revoked_at', 'is not', null);
    if (status === 'expired') query = query.where('credentials.revoked_at', 'is', null).where('credentials.valid_until', '<', at);
    if (status === 'valid')
      query = query
        .where('credentials.revoked_at', 'is', null)
        .where((eb) => eb.or([eb('credentials.valid_until', 'is', null), eb('credentials.valid_until', '>=', at)]));
    const rows = await query.execute();
    void reply.header('cache-control', 'no-store');
    return listOf(rows, { revokedBy: true });
  });

  app.post<{ Params: { credentialId: string } }>('/api/v1/admin/credentials/:credentialId/revoke', async (request) => {
    const actor = await manager(request, 'revoke a credential');
    const { reason } = parseBody(revokeCredentialRequestSchema, request.body);
    const raw = request.params.credentialId;
    const id = raw.startsWith('urn:uuid:') ? raw.slice('urn:uuid:'.length) : raw;
    const department = departmentOf(actor);
    if (department !== undefined) {
      const holder = await database.db
        .selectFrom('credentials')
        .leftJoin('users', 'users.id', 'credentials.user_id')
        .select('users.department')
        .where('credentials.id', '=', id)
        .executeTakeFirst();
      if (holder !== undefined && holder.department !== department)
        throw new RequestError(
          403,
          `You administer the department "${department}": this credential belongs to someone outside it, so the organisation admin revokes it.`,
        );
    }
    const row = await revokeCredential(options, {
      credentialId: id,
      reason: reason.trim(),
      revokedBy: actor.username,
      now: now(),
    });
    await options.recordAdminAction(request, actor, {
      action: 'credential.revoke',
      target: `urn:uuid:${row.id}`,
      detail: reason.trim(),
    });
    return itemOf(row, now(), { revokedBy: true });
  });
};
