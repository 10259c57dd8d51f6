// Shixun as the LMS of its own courses (cmi5 spec 8 and 10): a launch gets a registration, a
// session id, LMS.LaunchData in the State resource, a `launched` statement and a fetch URL that
// hands out its auth token once. The token is an xAPI credential made at that moment (only its
// scrypt hash is kept); a second fetch answers the spec's error, never the token again.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { accountAgent } from '../../src/records/actor.ts';
import { CMI5_CATEGORY, CMI5_EXTENSIONS, CMI5_VERBS, LAUNCH_DATA_STATE_ID, type LaunchData } from '../../src/records/cmi5.ts';
import type { CredentialStore } from '../xapi/credentials.ts';
import type { DocumentStore } from '../xapi/document-store.ts';
import { agentKey, prepareStatement } from '../xapi/statement-prepare.ts';
import type { StatementStore } from '../xapi/statement-store.ts';
import type { WriteClock } from '../xapi/write-clock.ts';
import type { Statement } from '../xapi/types.ts';
import { issuesMessage } from '../xapi/errors.ts';
import { validateStatement } from '../xapi/validate/statement.ts';
import { cmi5Ids } from './course-structure.ts';
import { LAUNCH_KEY_PREFIX } from './launch-authorizer.ts';

export interface LaunchRequest {
  readonly courseId: string;
  readonly learner: { readonly username: string; readonly name: string };
  readonly launchMode: LaunchData['launchMode'];
  readonly moveOn: LaunchData['moveOn'];
  readonly masteryScore: number;
  readonly returnURL?: string | undefined;
}

export interface PreparedLaunch {
  readonly launchUrl: string;
  readonly fetchUrl: string;
  readonly registration: string;
  readonly sessionId: string;
  readonly activityId: string;
  readonly actor: ReturnType<typeof accountAgent>;
}

/** What the fetch URL answers: the token once, then error-code 1 (cmi5 spec 8.2.3), always with 200. */
export type FetchAnswer = { readonly 'auth-token': string } | { readonly 'error-code': '1' | '3'; readonly 'error-text': string };

export interface LaunchesDeps {
  readonly database: Database;
  readonly homePage: string;
  readonly credentials: CredentialStore;
  readonly documents: DocumentStore;
  readonly statements: StatementStore;
  readonly clock: WriteClock;
}

/** The scopes an AU needs at the LMS's LRS: its statements, its state, the learner preferences. */
const AU_SCOPES = ['statements/write', 'statements/read', 'state', 'profile'] as const;

export class Cmi5Launches {
  readonly #deps: LaunchesDeps;

  constructor(deps: LaunchesDeps) {
    this.#deps = deps;
  }

  async prepare(request: LaunchRequest): Promise<PreparedLaunch> {
    const { homePage } = this.#deps;
    const ids = cmi5Ids(homePage, request.courseId);
    const registration = randomUUID();
    const sessionId = randomUUID();
    const fetchId = randomUUID();
    const actor = accountAgent(homePage, request.learner);
    const contextTemplate = {
      contextActivities: { grouping: [{ objectType: 'Activity', id: ids.course }] },
      extensions: { [CMI5_EXTENSIONS.sessionId]: sessionId },
    };
    const launchData: LaunchData = {
      contextTemplate,
      launchMode: request.launchMode,
      moveOn: request.moveOn,
      masteryScore: request.masteryScore,
      ...(request.returnURL !== undefined && { returnURL: request.returnURL }),
    };
    await this.#deps.documents.write(
      { kind: 'state', activityId: ids.au, agent: actor, agentKey: agentKey(actor)!, registration },
      LAUNCH_DATA_STATE_ID,
      () => ({ write: { contentType: 'application/json', content: Buffer.from(JSON.stringify(launchData)) } }),
    );
    await this.#deps.database.db
      .insertInto('cmi5_launches')
      .values({
        fetch_id: fetchId,
        credential_key: `${LAUNCH_KEY_PREFIX}${fetchId}`,
        registration,
        session_id: sessionId,
        course_id: request.courseId,
        username: request.learner.username,
        created: new Date().toISOString(),
        fetched_at: null,
      })
      .execute();
    await this.#launched(ids.au, actor, registration, launchData, ids.launchUrl);
    const fetchUrl = new URL(`api/v1/cmi5/fetch/${fetchId}`, homePage).href;
    const query = new URLSearchParams({
      endpoint: new URL('xapi/', homePage).href,
      fetch: fetchUrl,
      actor: JSON.stringify(actor),
      registration,
      activityId: ids.au,
    });
    return { launchUrl: `${ids.launchUrl}&${query.toString()}`, fetchUrl, registration, sessionId, activityId: ids.au, actor };
  }

  /** The LMS's own statement before the AU starts (cmi5 spec 9.3.1), with the launch's details. */
  async #launched(
    activityId: string,
    actor: ReturnType<typeof accountAgent>,
    registration: string,
    launchData: LaunchData,
    launchUrl: string,
  ): Promise<void> {
    const write = this.#deps.clock.begin();
    try {
      const statement = {
        actor,
        verb: { id: CMI5_VERBS.launched, display: { 'en-US': 'launched' } },
        object: { objectType: 'Activity', id: activityId },
        context: {
          ...launchData.contextTemplate,
          registration,
          contextActivities: {
            ...(launchData.contextTemplate['contextActivities'] as object),
            category: [{ objectType: 'Activity', id: CMI5_CATEGORY }],
          },
          extensions: {
            ...(launchData.contextTemplate['extensions'] as object),
            [CMI5_EXTENSIONS.launchMode]: launchData.launchMode,
            [CMI5_EXTENSIONS.launchUrl]: launchUrl,
            [CMI5_EXTENSIONS.moveOn]: launchData.moveOn,
            [CMI5_EXTENSIONS.launchParameters]: '',
          },
        },
        timestamp: write.stored,
      };
      const plain = JSON.parse(JSON.stringify(statement)) as unknown;
      const issues = validateStatement(plain, 'statement', '1.0');
      if (issues.length > 0) throw new Error(`The cmi5 launch built an invalid launched statement: ${issuesMessage(issues)}`);
      const prepared = prepareStatement(plain as Statement, {
        stored: write.stored,
        authority: lmsAgent(this.#deps.homePage),
        defaultVersion: '1.0.0',
      });
      await this.#deps.statements.store([prepared], []);
    } finally {
      write.end();
    }
  }

  /**
   * The fetch URL: the first call makes the launch's credential and answers its token; every
   * later call (and an unknown id) answers the spec's error. Claiming the row and making the
   * credential are two steps; a claim that fails to make one leaves the launch unusable, never
   * handing out a second token.
   */
  async fetch(fetchId: string): Promise<FetchAnswer> {
    const claimed = await this.#deps.database.db
      .updateTable('cmi5_launches')
      .set({ fetched_at: new Date().toISOString() })
      .where('fetch_id', '=', fetchId)
      .where('fetched_at', 'is', null)
      .returning(['credential_key', 'registration'])
      .executeTakeFirst();
    if (claimed === undefined)
      return { 'error-code': '1', 'error-text': 'This launch has already been used or does not exist; launch the course again.' };
    const secret = randomBytes(24).toString('base64url');
    await this.#deps.credentials.save({
      key: claimed.credential_key,
      secret,
      scopes: AU_SCOPES,
      label: `cmi5 launch ${claimed.registration}`,
    });
    return { 'auth-token': Buffer.from(`${claimed.credential_key}:${secret}`).toString('base64') };
  }
}

/** The authority of the statements Shixun writes as the LMS. */
export function lmsAgent(homePage: string) {
  return { objectType: 'Agent' as const, name: 'Shixun LMS', account: { homePage, name: 'shixun-lms' } };
}
