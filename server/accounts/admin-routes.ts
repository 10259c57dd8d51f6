// Administration: list and create users, import a staff list (CSV), and issue xAPI credentials
// for external tools. Every route needs an admin session.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { XAPI_SCOPES } from '../xapi/credentials.ts';
import type { XapiScope } from '../xapi/credentials.ts';
import { requireUser } from './accounts-context.ts';
import type { AccountsContext } from './accounts-context.ts';
import { generatePassword, hashGeneratedSecret, hashSecret, passwordProblem } from './passwords.ts';
import { bodyObject, optionalText, requiredText } from '../http/request-body.ts';
import { RequestError } from '../http/request-error.ts';
import { ROLES } from './session-user.ts';
import { decodeCsvBody, importUsers } from './user-import.ts';
import { isRole, usernameProblem } from './user-store.ts';

const USER_FIELDS = ['username', 'name', 'role', 'password', 'employeeId', 'department', 'rank'];
const CREDENTIAL_FIELDS = ['key', 'label', 'scopes'];

function scopesOf(value: unknown): XapiScope[] {
  const known: readonly string[] = XAPI_SCOPES;
  if (!Array.isArray(value) || value.length === 0 || !value.every((scope): scope is XapiScope => typeof scope === 'string' && known.includes(scope))) {
    throw new RequestError(400, `scopes must be a non-empty list drawn from ${XAPI_SCOPES.join(', ')}.`);
  }
  return [...new Set(value)];
}

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
      const body = bodyObject(request.body, USER_FIELDS);
      const username = requiredText(body, 'username', { max: 64 });
      const usernameIssue = usernameProblem(username);
      if (usernameIssue !== undefined) throw new RequestError(400, `username ${usernameIssue}.`);
      const role = optionalText(body, 'role') ?? 'learner';
      if (!isRole(role)) throw new RequestError(400, `role must be one of ${ROLES.join(', ')}, not "${role}".`);
      const given = optionalText(body, 'password');
      const weak = given === null ? undefined : passwordProblem(given);
      if (weak !== undefined) throw new RequestError(400, `${weak} Leave password out to have one generated.`);
      const password = given ?? generatePassword();
      const user = await context.users.create(
        {
          username,
          name: requiredText(body, 'name', { max: 100 }),
          role,
          employeeId: optionalText(body, 'employeeId', { max: 64 }),
          department: optionalText(body, 'department', { max: 100 }),
          rank: optionalText(body, 'rank', { max: 100 }),
        },
        given === null ? await hashGeneratedSecret(password) : await hashSecret(password),
      );
      void reply.header('cache-control', 'no-store');
      // A generated password is shown this once; one the admin chose is not echoed back.
      return reply.code(201).send(given === null ? { user, password } : { user });
    });

    app.post('/admin/users/import', async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) throw new RequestError(415, 'Send the staff list as the request body with Content-Type: text/csv.');
      const result = await importUsers(context.database, decodeCsvBody(request.body));
      void reply.header('cache-control', 'no-store');
      return result;
    });

    app.post('/admin/xapi-credentials', async (request, reply) => {
      const body = bodyObject(request.body, CREDENTIAL_FIELDS);
      const scopes = scopesOf(body.scopes);
      const key = optionalText(body, 'key', { max: 64 }) ?? `shixun-${randomBytes(6).toString('hex')}`;
      if (key.includes(':') || /\s/.test(key)) throw new RequestError(400, 'key must not contain ":" or spaces (it is the Basic-auth user name).');
      const label = optionalText(body, 'label', { max: 100 }) ?? key;
      if (await context.credentials.has(key)) throw new RequestError(409, `An xAPI credential with key "${key}" already exists; choose another key.`);
      const secret = randomBytes(24).toString('base64url');
      await context.credentials.save({ key, secret, scopes, label });
      void reply.header('cache-control', 'no-store');
      return reply.code(201).send({ key, secret, scopes, label });
    });
  };
}
