// Numbered migrations move an older course file forward to the current schemaVersion before it is
// validated, so courses written for an earlier release keep loading.
import { CURRENT_SCHEMA_VERSION } from './schema.ts';
import type { CourseProblem } from './problems.ts';

export interface Migration {
  /** The version this migration upgrades from; it produces from + 1. */
  readonly from: number;
  readonly describe: string;
  readonly up: (raw: Record<string, unknown>) => Record<string, unknown>;
}

/** Migrations in order. Version 1 is the first released format, so there are none yet. */
export const MIGRATIONS: readonly Migration[] = [];

export type MigrationResult =
  { ok: true; data: Record<string, unknown>; applied: readonly string[] } | { ok: false; problems: CourseProblem[] };

export function migrateCourse(
  raw: unknown,
  migrations: readonly Migration[] = MIGRATIONS,
  current: number = CURRENT_SCHEMA_VERSION,
): MigrationResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      ok: false,
      problems: [{ path: [], message: 'a course file must be a mapping of keys (schemaVersion, id, title, …)' }],
    };
  }
  const version = (raw as Record<string, unknown>)['schemaVersion'];
  if (version === undefined) {
    return {
      ok: false,
      problems: [{ path: ['schemaVersion'], message: `missing: add "schemaVersion: ${current}" at the top of the file` }],
    };
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return {
      ok: false,
      problems: [
        { path: ['schemaVersion'], message: `must be a whole number from 1 to ${current}, got ${JSON.stringify(version)}` },
      ],
    };
  }
  if (version > current) {
    return {
      ok: false,
      problems: [
        {
          path: ['schemaVersion'],
          message: `version ${version} is newer than this Shixun understands (${current}): update Shixun or write the course for version ${current}`,
        },
      ],
    };
  }
  let data = { ...(raw as Record<string, unknown>) };
  const applied: string[] = [];
  for (let v = version; v < current; v++) {
    const step = migrations.find((m) => m.from === v);
    if (!step) {
      return {
        ok: false,
        problems: [
          { path: ['schemaVersion'], message: `no migration from version ${v}: this file cannot be upgraded automatically` },
        ],
      };
    }
    data = { ...step.up(data), schemaVersion: v + 1 };
    applied.push(step.describe);
  }
  return { ok: true, data, applied };
}
