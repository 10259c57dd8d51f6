// Device-code sign-in (RFC 8628 style) for headsets without a comfortable keyboard: the headset
// asks for a code, a person approves the short user code from a signed-in browser, and the
// headset's next poll exchanges the device code, once, for a session of that person.
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import { formatUserCode, USER_CODE_ALPHABET, USER_CODE_LENGTH } from '../../src/contracts/device-code.ts';
import type { DeviceCodeResponse, DevicePollError } from '../../src/contracts/sign-in-types.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import { iso } from './policy.ts';
import type { AccountsPolicy, Clock } from './policy.ts';
import { newToken, tokenHash } from './secrets.ts';

/** Polls this much early still count as on time: timers drift. */
const POLL_TOLERANCE_MS = 1000;

export type PollOutcome =
  { readonly kind: 'approved'; readonly userId: string } | { readonly kind: DevicePollError; readonly message: string };

export type ApproveOutcome = 'approved' | 'not-found' | 'already-used';

function newUserCode(): string {
  let code = '';
  for (let i = 0; i < USER_CODE_LENGTH; i += 1) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return formatUserCode(code);
}

export class DeviceCodeStore {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #now: Clock;
  readonly #policy: AccountsPolicy;

  constructor(db: Kysely<DatabaseSchema>, now: Clock, policy: AccountsPolicy) {
    this.#db = db;
    this.#now = now;
    this.#policy = policy;
  }

  async issue(): Promise<DeviceCodeResponse> {
    const now = this.#now();
    // Old codes go, so their user codes can come round again.
    await this.#db
      .deleteFrom('device_codes')
      .where('expires', '<', iso(now - 24 * 60 * 60_000))
      .execute();
    const deviceCode = newToken();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const userCode = newUserCode();
      const result = await this.#db
        .insertInto('device_codes')
        .values({
          device_code: tokenHash(deviceCode),
          user_code: userCode,
          created: iso(now),
          expires: iso(now + this.#policy.deviceCodeLifetimeMs),
          approved_by: null,
          approved_at: null,
          consumed_at: null,
          last_poll: null,
        })
        .onConflict((conflict) => conflict.doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) === 1) {
        return {
          deviceCode,
          userCode,
          verificationUri: '/device',
          verificationUriComplete: `/device?code=${userCode}`,
          expiresIn: Math.round(this.#policy.deviceCodeLifetimeMs / 1000),
          interval: this.#policy.devicePollIntervalS,
        };
      }
    }
    throw new Error('Could not find a free user code in 5 tries.');
  }

  /** One poll by the device. Conditional updates keep it single-use across server processes. */
  async poll(deviceCode: string): Promise<PollOutcome> {
    const now = this.#now();
    const id = tokenHash(deviceCode);
    const row = await this.#db.selectFrom('device_codes').selectAll().where('device_code', '=', id).executeTakeFirst();
    if (row === undefined)
      return { kind: 'expired_token', message: 'This device code is unknown or has expired: ask for a new code.' };
    if (row.consumed_at !== null)
      return { kind: 'expired_token', message: 'This device code has already been used: ask for a new code.' };
    if (row.expires <= iso(now)) return { kind: 'expired_token', message: 'This device code has expired: ask for a new code.' };

    const onTime = iso(now - this.#policy.devicePollIntervalS * 1000 + POLL_TOLERANCE_MS);
    const polled = await this.#db
      .updateTable('device_codes')
      .set({ last_poll: iso(now) })
      .where('device_code', '=', id)
      .where((eb) => eb.or([eb('last_poll', 'is', null), eb('last_poll', '<=', onTime)]))
      .executeTakeFirst();
    if (Number(polled.numUpdatedRows) === 0) {
      return {
        kind: 'slow_down',
        message: `Polled too fast: wait at least ${this.#policy.devicePollIntervalS} seconds between polls.`,
      };
    }
    if (row.approved_by === null)
      return { kind: 'authorization_pending', message: `Waiting for someone to approve code ${row.user_code}.` };

    const approver = await this.#db
      .selectFrom('users')
      .select(['id', 'disabled'])
      .where('id', '=', row.approved_by)
      .executeTakeFirst();
    if (approver === undefined || approver.disabled === 1)
      return { kind: 'access_denied', message: 'The account that approved this code cannot sign in.' };
    const consumed = await this.#db
      .updateTable('device_codes')
      .set({ consumed_at: iso(now) })
      .where('device_code', '=', id)
      .where('consumed_at', 'is', null)
      .executeTakeFirst();
    if (Number(consumed.numUpdatedRows) === 0)
      return { kind: 'expired_token', message: 'This device code has already been used: ask for a new code.' };
    return { kind: 'approved', userId: approver.id };
  }

  /** Approves `userCode` for `userId`; a code can be approved once, before it expires. */
  async approve(userCode: string, userId: string): Promise<ApproveOutcome> {
    const now = iso(this.#now());
    const result = await this.#db
      .updateTable('device_codes')
      .set({ approved_by: userId, approved_at: now })
      .where('user_code', '=', userCode)
      .where('approved_at', 'is', null)
      .where('consumed_at', 'is', null)
      .where('expires', '>', now)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) return 'approved';
    const row = await this.#db
      .selectFrom('device_codes')
      .select(['expires', 'approved_at'])
      .where('user_code', '=', userCode)
      .executeTakeFirst();
    if (row === undefined || row.expires <= now) return 'not-found';
    return 'already-used';
  }
}
