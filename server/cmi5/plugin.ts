// cmi5 as a Fastify plugin (mount it at /api/v1): the course package an LMS imports
// (GET /admin/courses/:id/cmi5, a zip with cmi5.xml), and Shixun as the LMS of its own courses:
// an admin prepares a launch (POST /admin/cmi5/launches) and the AU fetches its token once
// (POST /cmi5/fetch/:fetchId, no session: the fetch URL itself is the secret, and it works once).
import { strToU8, zipSync } from 'fflate';
import type { FastifyPluginAsync } from 'fastify';
import { cmi5LaunchRequestSchema, type Cmi5LaunchAnswer } from '../../src/contracts/cmi5-types.ts';
import type { RecordAdminAction } from '../accounts/admin-audit.ts';
import { requireAdminSession } from '../accounts/guards.ts';
import type { UserResolver } from '../accounts/session-user.ts';
import type { Database } from '../db/database.ts';
import type { CourseCatalog } from '../grading/course-catalog.ts';
import { apiErrorHandler } from '../http/api-errors.ts';
import { parseBody } from '../http/request-body.ts';
import { RequestError } from '../http/request-error.ts';
import { courseStructureXml } from './course-structure.ts';
import { Cmi5Launches, type LaunchesDeps } from './launches.ts';

export interface Cmi5PluginOptions extends LaunchesDeps {
  readonly currentUser: UserResolver;
  readonly catalog: CourseCatalog;
  readonly recordAdminAction?: RecordAdminAction;
}

/** The package of one course: cmi5.xml at the root of a zip (cmi5 spec 14.0). */
export function coursePackage(xml: string): Uint8Array {
  return zipSync({ 'cmi5.xml': strToU8(xml) }, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') });
}

async function learnerNamed(database: Database, username: string): Promise<{ username: string; name: string }> {
  const row = await database.db
    .selectFrom('users')
    .select(['username', 'name', 'disabled'])
    .where('username', '=', username)
    .executeTakeFirst();
  if (row === undefined || row.disabled) throw new RequestError(400, `No active user "${username}" on this server.`);
  return { username: row.username, name: row.name };
}

export const cmi5Plugin: FastifyPluginAsync<Cmi5PluginOptions> = async (app, options) => {
  app.setErrorHandler(apiErrorHandler({ area: 'cmi5', accepts: 'application/json' }));
  const launches = new Cmi5Launches(options);
  const course = (id: string) => {
    const found = options.catalog.courses.find((candidate) => candidate.id === id);
    if (found === undefined)
      throw new RequestError(404, `No course "${id}" on this server (known: ${options.catalog.ids.join(', ')}).`);
    return found;
  };

  app.get<{ Params: { id: string } }>('/admin/courses/:id/cmi5', async (request, reply) => {
    await requireAdminSession(options.currentUser, request);
    const zip = coursePackage(courseStructureXml(course(request.params.id), options.homePage));
    return reply
      .type('application/zip')
      .header('content-disposition', `attachment; filename="shixun-${request.params.id}-cmi5.zip"`)
      .header('cache-control', 'no-store')
      .send(Buffer.from(zip));
  });

  app.post('/admin/cmi5/launches', async (request): Promise<Cmi5LaunchAnswer> => {
    const admin = await requireAdminSession(options.currentUser, request);
    const body = parseBody(cmi5LaunchRequestSchema, request.body);
    const launched = course(body.courseId);
    const learner = await learnerNamed(options.database, body.username);
    const prepared = await launches.prepare({
      courseId: launched.id,
      learner,
      launchMode: body.launchMode,
      moveOn: body.moveOn,
      masteryScore: body.masteryScore ?? launched.masteryScore,
      returnURL: body.returnURL,
    });
    await options.recordAdminAction?.(request, admin, {
      action: 'cmi5.launch',
      target: learner.username,
      detail: `${launched.id} ${body.launchMode} ${prepared.registration}`,
    });
    const { actor: _actor, ...answer } = prepared;
    return answer;
  });

  // The fetch URL: POST only (cmi5 best practice: other methods are a 4xx), 200 with a token or an error code.
  app.post<{ Params: { fetchId: string } }>('/cmi5/fetch/:fetchId', async (request, reply) => {
    void reply.header('cache-control', 'no-store');
    return launches.fetch(request.params.fetchId);
  });
  app.get('/cmi5/fetch/:fetchId', async (_request, reply) =>
    reply
      .code(405)
      .header('allow', 'POST')
      .send({ statusCode: 405, error: 'Method Not Allowed', message: 'The fetch URL takes POST only.' }),
  );
};
