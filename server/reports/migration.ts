// The reports tables (server/reports/tables.ts). Unreleased until committed: afterwards never edit, add a new migration.
import type { Migration } from 'kysely';
import type { Dialect } from '../db/database.ts';

export function reportsMigration(_dialect: Dialect): Migration {
  return {
    async up() {},
  };
}
