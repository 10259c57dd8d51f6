// How long records that are not official results are kept, read from the environment at start.
// A bad value stops the start with a message naming the variable (docs/privacy.md explains the defaults).

export interface RetentionSettings {
  /** RETENTION_STATEMENT_DAYS: xAPI statements not written by the grader (practice, client copies). */
  readonly statementDays: number;
  /** RETENTION_ATTEMPT_DAYS: assessment attempts never finished, counted from their last action. */
  readonly attemptDays: number;
  /** RETENTION_SESSION_DAYS: sessions and device codes after they expire, rate-limit events after they happen. */
  readonly sessionDays: number;
  /** RETENTION_SWEEP_HOURS: hours between sweeps (one runs at start); 0 turns the automatic sweep off. */
  readonly sweepHours: number;
}

/**
 * Two years of practice traces cover an assessment year and the year in which its results are
 * reviewed and appealed; half a year is far past any resumable assessment; sign-in records go a
 * day after they end, as the sign-in code itself already drops them (docs/privacy.md).
 */
export const DEFAULT_RETENTION: RetentionSettings = { statementDays: 730, attemptDays: 180, sessionDays: 1, sweepHours: 24 };

interface Setting {
  readonly variable: string;
  readonly key: keyof RetentionSettings;
  readonly min: number;
  readonly max: number;
  readonly unit: string;
}

const SETTINGS: readonly Setting[] = [
  { variable: 'RETENTION_STATEMENT_DAYS', key: 'statementDays', min: 1, max: 36_500, unit: 'days' },
  { variable: 'RETENTION_ATTEMPT_DAYS', key: 'attemptDays', min: 1, max: 36_500, unit: 'days' },
  { variable: 'RETENTION_SESSION_DAYS', key: 'sessionDays', min: 1, max: 3_650, unit: 'days' },
  { variable: 'RETENTION_SWEEP_HOURS', key: 'sweepHours', min: 0, max: 8_760, unit: 'hours' },
];

export function retentionSettingsFromEnv(env: NodeJS.ProcessEnv): RetentionSettings {
  const settings: Record<keyof RetentionSettings, number> = { ...DEFAULT_RETENTION };
  for (const setting of SETTINGS) {
    const raw = env[setting.variable];
    if (raw === undefined || raw.trim() === '') continue;
    const value = Number(raw.trim());
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < setting.min || value > setting.max) {
      throw new Error(
        `${setting.variable}=${raw} is not usable: give a whole number of ${setting.unit} from ${setting.min} to ${setting.max}, ` +
          `e.g. ${setting.variable}=${DEFAULT_RETENTION[setting.key]} (the default), or unset it.`,
      );
    }
    settings[setting.key] = value;
  }
  return settings;
}
