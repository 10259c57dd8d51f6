// Administration: list and create users, import a staff list (CSV), the account lifecycle
// (disable, enable, reset a password, end sessions) and the audit log of all of it. Every route
// needs an admin or department admin session, and every change is recorded with who, when and
// from where. A department admin sees and manages the users of their own department only, never
// an admin account, and does not read the audit log (it covers every department). (xAPI
// credentials for external tools are managed by server/xapi/credentials-routes.ts.)
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { extraTimeRequestSchema, resetPasswordRequestSchema } from '../../src/contracts/account-lifecycle.ts';
import type { UserActionResponse } from '../../src/contracts/account-lifecycle.ts';
import { adminUserQuerySchema, createUserRequestSchema, DEFAULT_USER_PAGE_SIZE } from '../../src/contracts/user-types.ts';
import type { AdminUserList } from '../../src/contracts/user-types.ts';
import { parseBody } from '../http/request-body.ts';
import { RequestError } from '../http/request-error.ts';
import { requireUser } from './accounts-context.ts';
import type { AccountsContext } from './accounts-context.ts';
import { auditCsv } from './admin-audit.ts';
import { disableUser } from './disable-user.ts';
import { generatePassword, passwordProblem } from './passwords.ts';
import { administers } from './record-scope.ts';
import type { SessionUser } from './session-user.ts';
import { hashGeneratedSecret, hashSecret } from './secrets.ts';
import { decodeCsvBody, importUsers, rankProblem } from './user-import.ts';
import { toSessionUser, usernameProblem } from './user-store.ts';
import type { UserRow } from './user-store.ts';

const AUDIT_PAGE = 500;
const AUDIT_EXPORT = 100_000;

export function adminRoutes(context: AccountsContext) {
  return async (app: FastifyInstance) => {
    app.addHook('preHandler', async (request) => {
      await requireUser(context, request, ['admin', 'department-admin']);
    });
    /** The admin or department admin making this request (the preHandler has checked there is one). */
    const actor = (request: FastifyRequest) => requireUser(context, request, ['admin', 'department-admin']);
    /** The organisation admin: the audit log covers every department. */
    const orgAdmin = (request: FastifyRequest) => requireUser(context, request, ['admin']);

    /** The user the route names, when `admin` administers them: 404 unknown, 403 outside their department. */
    async function targetUser(request: FastifyRequest, admin: SessionUser): Promise<UserRow> {
      const { id } = request.params as { id: string };
      const row = await context.users.findById(id);
      if (row === undefined) throw new RequestError(404, `No user with id "${id}". Reload the user list.`);
      if (!administers(admin, row))
        throw new RequestError(
          403,
          `The user "${row.username}" is outside the department you administer ("${admin.department ?? ''}"); ask the organisation admin.`,
        );
      return row;
    }

    const actionAnswer = (row: UserRow, disabled: boolean, sessionsEnded: number): UserActionResponse => ({
      username: row.username,
      disabled,
      sessionsEnded,
    });

    // Disabling ends everything the user could still act with: sessions, headsets, device codes
    // they approved, and the API tokens they issued.
    app.post('/admin/users/:id/disable', async (request) => {
      const admin = await actor(request);
      const row = await targetUser(request, admin);
      if (row.id === admin.id) throw new RequestError(400, 'You cannot disable your own account; ask another admin.');
      const { sessionsEnded, tokensRevoked } = await disableUser(context, row);
      await context.audit.record(request, admin, {
        action: 'user.disable',
        target: row.username,
        detail: `${sessionsEnded} session(s) ended, ${tokensRevoked} API token(s) revoked`,
      });
      return actionAnswer(row, true, sessionsEnded);
    });

    app.post('/admin/users/:id/enable', async (request) => {
      const admin = await actor(request);
      const row = await targetUser(request, admin);
      await context.users.setDisabled(row.id, false);
      await context.audit.record(request, admin, { action: 'user.enable', target: row.username });
      return actionAnswer(row, false, 0);
    });

    // Extra time on timed steps, an accommodation: assessments started from now on are graded with it.
    app.post('/admin/users/:id/extra-time', async (request) => {
      const admin = await actor(request);
      const { factor } = parseBody(extraTimeRequestSchema, request.body ?? {});
      const row = await targetUser(request, admin);
      await context.users.setExtraTime(row.id, factor);
      await context.audit.record(request, admin, {
        action: 'user.extra-time',
        target: row.username,
        detail: `×${factor} (was ×${row.extra_time_percent / 100})`,
      });
      return { username: row.username, extraTime: factor };
    });

    app.post('/admin/users/:id/end-sessions', async (request) => {
      const admin = await actor(request);
      const row = await targetUser(request, admin);
      const sessionsEnded = await context.sessions.endAllFor(row.id);
      await context.audit.record(request, admin, {
        action: 'user.end-sessions',
        target: row.username,
        detail: `${sessionsEnded} session(s) ended`,
      });
      return actionAnswer(row, row.disabled === 1, sessionsEnded);
    });

    // A temporary password the user must change at the next sign-in; their sessions end now.
    app.post('/admin/users/:id/password', async (request, reply) => {
      const admin = await actor(request);
      const body = parseBody(resetPasswordRequestSchema, request.body ?? {});
      const row = await targetUser(request, admin);
      const user = toSessionUser(row);
      const given = body.password;
      const weak = given === undefined ? undefined : passwordProblem(given, user.role);
      if (weak !== undefined) throw new RequestError(400, `${weak} Leave password out to have one generated.`);
      const password = given ?? generatePassword();
      await context.users.setPasswordHash(row.id, await hashSecret(password), true);
      const sessionsEnded = await context.sessions.endAllFor(row.id);
      await context.audit.record(request, admin, {
        action: 'user.password-reset',
        target: row.username,
        detail: `${given === undefined ? 'generated' : 'set by admin'}; must change at sign-in; ${sessionsEnded} session(s) ended`,
      });
      void reply.header('cache-control', 'no-store');
      return given === undefined ? { username: row.username, password } : { username: row.username };
    });

    app.get('/admin/audit', async (request, reply) => {
      await orgAdmin(request);
      void reply.header('cache-control', 'no-store');
      return { entries: await context.audit.list(AUDIT_PAGE) };
    });

    app.get('/admin/audit.csv', async (request, reply) => {
      await orgAdmin(request);
      void reply
        .header('cache-control', 'no-store')
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="admin-audit.csv"');
      return auditCsv(await context.audit.list(AUDIT_EXPORT));
    });

    app.get('/admin/users', async (request, reply) => {
      const admin = await actor(request);
      const query = parseBody(adminUserQuerySchema, request.query ?? {});
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? DEFAULT_USER_PAGE_SIZE;
      void reply.header('cache-control', 'no-store');
      // A department admin without a department administers no one.
      if (admin.role !== 'admin' && admin.department === null)
        return { users: [], total: 0, page, pageSize, departments: [], ranks: [] } satisfies AdminUserList;
      const found = await context.users.search(
        { ...query, page, pageSize },
        admin.role === 'admin' ? {} : { department: admin.department ?? '' },
      );
      const answer: AdminUserList = { ...found, page, pageSize };
      return answer;
    });

    app.post('/admin/users', async (request, reply) => {
      const admin = await actor(request);
      const body = parseBody(createUserRequestSchema, request.body);
      const { username, role } = body;
      if (!administers(admin, { role, department: body.department }))
        throw new RequestError(
          403,
          role === 'admin'
            ? 'Only the organisation admin creates admin accounts.'
            : `You administer the department "${admin.department ?? ''}": create users with department "${admin.department ?? ''}".`,
        );
      const usernameIssue = usernameProblem(username);
      if (usernameIssue !== undefined) throw new RequestError(400, `username ${usernameIssue}.`);
      const given = body.password;
      const weak = given === null ? undefined : passwordProblem(given, role);
      if (weak !== undefined) throw new RequestError(400, `${weak} Leave password out to have one generated.`);
      const rankIssue = rankProblem(body.rank, await context.knownRanks());
      if (rankIssue !== undefined) throw new RequestError(400, `rank ${rankIssue}`);
      const password = given ?? generatePassword();
      const user = await context.users.create(
        {
          username,
          name: body.name,
          role,
          employeeId: body.employeeId,
          department: body.department,
          rank: body.rank,
        },
        given === null ? await hashGeneratedSecret(password) : await hashSecret(password),
      );
      await context.audit.record(request, admin, {
        action: 'user.create',
        target: user.username,
        detail: `role ${user.role}`,
      });
      void reply.header('cache-control', 'no-store');
      // A generated password is shown this once; one the admin chose is not echoed back.
      return reply.code(201).send(given === null ? { user, password } : { user });
    });

    app.post('/admin/users/import', async (request, reply) => {
      if (!Buffer.isBuffer(request.body))
        throw new RequestError(415, 'Send the staff list as the request body with Content-Type: text/csv.');
      const admin = await actor(request);
      if (admin.role === 'department-admin' && admin.department === null)
        throw new RequestError(403, 'Your department admin account has no department; ask the organisation admin to set one.');
      const department = admin.role === 'department-admin' ? (admin.department ?? undefined) : undefined;
      const result = await importUsers(context.database, decodeCsvBody(request.body), {
        department,
        knownRanks: await context.knownRanks(),
        actor: admin.username,
      });
      await context.audit.record(request, admin, {
        action: 'user.import',
        target: 'staff list',
        detail: `${result.created} created, ${result.updated} updated, ${result.errors.length} row(s) refused`,
      });
      void reply.header('cache-control', 'no-store');
      return result;
    });
  };
}
