// Retention settings from the environment: documented defaults, accepted values, and a bad value
// stopping the server's start with a message that names the variable and the fix.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildServer } from '../build-server.ts';
import { DEFAULT_RETENTION, retentionSettingsFromEnv } from './retention-config.ts';

describe('retention settings', () => {
  it('default to two years of statements, half a year of unfinished attempts, a day of sign-in records and a daily sweep', () => {
    expect(retentionSettingsFromEnv({})).toEqual({ statementDays: 730, attemptDays: 180, sessionDays: 1, sweepHours: 24 });
    expect(retentionSettingsFromEnv({ RETENTION_STATEMENT_DAYS: '', RETENTION_ATTEMPT_DAYS: '  ' })).toEqual(DEFAULT_RETENTION);
  });

  it('read each variable as a whole number', () => {
    expect(
      retentionSettingsFromEnv({
        RETENTION_STATEMENT_DAYS: '365',
        RETENTION_ATTEMPT_DAYS: '30',
        RETENTION_SESSION_DAYS: '7',
        RETENTION_SWEEP_HOURS: '0',
      }),
    ).toEqual({
      statementDays: 365,
      attemptDays: 30,
      sessionDays: 7,
      sweepHours: 0,
    });
    expect(retentionSettingsFromEnv({ RETENTION_SWEEP_HOURS: ' 6 ' }).sweepHours).toBe(6);
  });

  it.each([
    ['RETENTION_STATEMENT_DAYS', 'two years'],
    ['RETENTION_STATEMENT_DAYS', '0'],
    ['RETENTION_ATTEMPT_DAYS', '-5'],
    ['RETENTION_ATTEMPT_DAYS', '1.5'],
    ['RETENTION_SESSION_DAYS', '1e3'],
    ['RETENTION_SESSION_DAYS', '99999'],
    ['RETENTION_SWEEP_HOURS', '-1'],
  ])('refuse %s=%s with a message naming the variable and what to give', (variable, value) => {
    expect(() => retentionSettingsFromEnv({ [variable]: value })).toThrow(
      new RegExp(
        `^${variable}=${value.replace(/[.+]/g, '\\$&')} is not usable: give a whole number of (days|hours) from \\d+ to \\d+, e\\.g\\. ${variable}=\\d+`,
      ),
    );
  });

  it('stop the server from starting on a bad value, before it opens a database', async () => {
    const dataDir = path.join(tmpdir(), `shixun-retention-${process.pid}-${Date.now()}`);
    await expect(
      buildServer({ apiOnly: true, logger: false, database: { dataDir }, env: { RETENTION_ATTEMPT_DAYS: 'forever' } }),
    ).rejects.toThrow(/^RETENTION_ATTEMPT_DAYS=forever is not usable/);
    expect(existsSync(dataDir)).toBe(false);
  });
});
