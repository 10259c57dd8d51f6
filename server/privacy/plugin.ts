// The privacy routes (mount at /api/v1): the notice and its acknowledgement, a person's own records
// (summary, JSON download, CSV of results) and the retention settings for admins; also runs the
// retention sweep (retention-scheduler.ts). Every /me route reads the caller's own rows only.
import { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { acknowledgementRequestSchema, type MyPrivacyStatus, type MyRecordsSummary } from '../../src/contracts/privacy-types.ts';
import type { RecordSystemAction } from '../accounts/admin-audit.ts';
import { requireRole, requireUser } from '../accounts/guards.ts';
import type { SessionUser, UserResolver } from '../accounts/session-user.ts';
import type { Database } from '../db/database.ts';
import { apiErrorHandler } from '../http/api-errors.ts';
import { parseBody } from '../http/request-body.ts';
import { RequestError } from '../http/request-error.ts';
import { AcknowledgementStore } from './acknowledgements.ts';
import {
  accountOf,
  adjustmentsOf,
  exportJson,
  honourDecisionsOf,
  personAgentKey,
  resultsOf,
  signInsOf,
  statementCount,
} from './my-records.ts';
import { noticeInfo } from './notice.ts';
import { resultsCsv } from './results-csv.ts';
import type { RetentionSettings } from './retention-config.ts';
import { describeRun, RetentionScheduler } from './retention-scheduler.ts';
import type { SweepRun } from './retention-sweep.ts';

export interface PrivacyPluginOptions {
  readonly database: Database;
  readonly currentUser: UserResolver;
  /** The server's public URL: `account.homePage` of each person's xAPI agent. */
  readonly homePage: string;
  /** From retentionSettingsFromEnv (retention-config.ts). */
  readonly retention: RetentionSettings;
  /**
   * Ends this person's assessments left open past the time limit (the grading feature's), so
   * My records shows them as expired, failed, rather than in progress.
   */
  readonly expireOverdue?: (userId: string) => Promise<void>;
  /** Where the sweep's deletions of learning records are recorded (the admin audit log). */
  readonly recordSystemAction?: RecordSystemAction;
}

/** A file name part from a username: letters, digits, dot, dash and underscore only. */
function fileNamePart(username: string): string {
  return username.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 64) || 'account';
}

export const privacyPlugin: FastifyPluginAsync<PrivacyPluginOptions> = async (app, options) => {
  const { db } = options.database;
  const acknowledgements = new AcknowledgementStore(db);
  const notice = noticeInfo(options.retention);
  // Deleted learning records (statements, attempts, classes) go into the admin audit log; the routine
  // expiry of sessions, device codes and rate-limit counts does not.
  const recordSweep = async (run: SweepRun): Promise<void> => {
    const { statements, attempts, classes } = run.counts;
    if (statements + attempts + classes === 0) return;
    await options.recordSystemAction?.({
      action: 'retention.delete',
      target: `${statements} statement(s), ${attempts} unfinished attempt(s), ${classes} class(es)`,
      detail: describeRun(run),
    });
  };
  const scheduler = new RetentionScheduler(options.database, options.retention, app.log, recordSweep);
  app.addHook('onReady', async () => scheduler.start());
  app.addHook('onClose', async () => scheduler.stop());

  async function signedIn(request: FastifyRequest, reply: FastifyReply): Promise<SessionUser> {
    const user = await requireUser(
      options.currentUser,
      request,
      'Sign in first: these are the records of the signed-in person (POST /api/v1/auth/login).',
    );
    // Personal data: never kept in a shared cache.
    void reply.header('cache-control', 'no-store');
    return user;
  }

  app.setErrorHandler(apiErrorHandler({ area: 'privacy', accepts: 'application/json' }));

  // Public: anyone may read what the notice says before signing in.
  app.get('/privacy/notice', async () => notice);

  app.get('/me/privacy', async (request, reply): Promise<MyPrivacyStatus> => {
    const user = await signedIn(request, reply);
    const found = await acknowledgements.find(user.id, notice.version);
    return { notice, acknowledged: found !== undefined, acknowledgedAt: found?.acknowledgedAt ?? null };
  });

  app.post('/me/privacy/acknowledgements', { bodyLimit: 4096 }, async (request, reply) => {
    const user = await signedIn(request, reply);
    const { version, locale } = parseBody(acknowledgementRequestSchema, request.body);
    if (version !== notice.version) {
      throw new RequestError(
        409,
        `The privacy notice has changed since it was shown (it is now version ${notice.version}, you sent ${version}): reload it, read it and confirm again.`,
      );
    }
    return acknowledgements.acknowledge(user.id, version, locale, new Date());
  });

  app.get('/me/records/summary', async (request, reply): Promise<MyRecordsSummary> => {
    const user = await signedIn(request, reply);
    const account = await accountOf(db, user.id);
    if (account === undefined) throw new RequestError(404, 'Your account no longer exists.');
    await options.expireOverdue?.(user.id);
    const adjustments = await adjustmentsOf(db, user.id);
    const { results, inProgress, expired } = await resultsOf(db, user.id, adjustments);
    return {
      account,
      results,
      inProgress,
      expired,
      statementCount: await statementCount(db, personAgentKey(options.homePage, user)),
      acknowledgements: await acknowledgements.list(user.id),
      retention: notice.retention,
    };
  });

  app.get<{ Querystring: { format?: string } }>('/me/records', async (request, reply) => {
    const user = await signedIn(request, reply);
    const format = request.query.format ?? 'json';
    if (format !== 'json' && format !== 'csv')
      throw new RequestError(
        400,
        `format=${format} is not offered: use format=json (everything, the default) or format=csv (official results).`,
      );
    const account = await accountOf(db, user.id);
    if (account === undefined) throw new RequestError(404, 'Your account no longer exists.');
    const exportedAt = new Date().toISOString();
    const base = `shixun-records-${fileNamePart(account.username)}-${exportedAt.slice(0, 10)}`;
    const adjustments = await adjustmentsOf(db, user.id);
    if (format === 'csv') {
      const { results } = await resultsOf(db, user.id, adjustments);
      void reply.header('content-disposition', `attachment; filename="${base}-results.csv"`);
      return reply.type('text/csv; charset=utf-8').send(resultsCsv(results));
    }
    const head = {
      exportedAt,
      account,
      acknowledgements: await acknowledgements.list(user.id),
      signIns: await signInsOf(db, user.id),
      adjustments,
      honours: await honourDecisionsOf(db, user.id),
    };
    const key = personAgentKey(options.homePage, user);
    void reply.header('content-disposition', `attachment; filename="${base}.json"`);
    return reply.type('application/json; charset=utf-8').send(Readable.from(exportJson(db, user.id, key, head)));
  });

  app.get('/admin/retention', async (request, reply) => {
    requireRole(await signedIn(request, reply), ['admin'], 'Only admin accounts may read the retention settings');
    const { sweepHours } = options.retention;
    return {
      settings: { ...notice.retention, sweepHours },
      noticeVersion: notice.version,
      running: scheduler.running,
      lastSweep: scheduler.last,
    };
  });
};
