// Administration: list and create users, and import a staff list (CSV). Every route needs an
// admin session. (xAPI credentials for external tools are issued by server/xapi/credentials-routes.ts.)
import type { FastifyInstance } from 'fastify';
import { createUserRequestSchema } from '../../src/contracts/user-types.ts';
import { parseBody } from '../http/request-body.ts';
import { RequestError } from '../http/request-error.ts';
import { requireUser } from './accounts-context.ts';
import type { AccountsContext } from './accounts-context.ts';
import { generatePassword, passwordProblem } from './passwords.ts';
import { hashGeneratedSecret, hashSecret } from './secrets.ts';
import { decodeCsvBody, importUsers } from './user-import.ts';
import { usernameProblem } from './user-store.ts';

export function adminRoutes(context: AccountsContext) {
  return async (app: FastifyInstance) => {
    app.addHook('preHandler', async (request) => {
      await requireUser(context, request, ['admin']);
    });

    app.get('/admin/users', async (_request, reply) => {
      void reply.header('cache-control', 'no-store');
      return { users: await context.users.list() };
    });

    app.post('/admin/users', async (request, reply) => {
      const body = parseBody(createUserRequestSchema, request.body);
      const { username, role } = body;
      const usernameIssue = usernameProblem(username);
      if (usernameIssue !== undefined) throw new RequestError(400, `username ${usernameIssue}.`);
      const given = body.password;
      const weak = given === null ? undefined : passwordProblem(given);
      if (weak !== undefined) throw new RequestError(400, `${weak} Leave password out to have one generated.`);
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
      void reply.header('cache-control', 'no-store');
      // A generated password is shown this once; one the admin chose is not echoed back.
      return reply.code(201).send(given === null ? { user, password } : { user });
    });

    app.post('/admin/users/import', async (request, reply) => {
      if (!Buffer.isBuffer(request.body))
        throw new RequestError(415, 'Send the staff list as the request body with Content-Type: text/csv.');
      const result = await importUsers(context.database, decodeCsvBody(request.body));
      void reply.header('cache-control', 'no-store');
      return result;
    });
  };
}
