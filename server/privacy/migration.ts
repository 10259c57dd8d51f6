// The privacy tables (server/privacy/tables.ts). Unreleased until committed: afterwards never edit, add a new migration.
import type { Migration } from 'kysely';
import type { Dialect } from '../db/database.ts';

export function privacyMigration(_dialect: Dialect): Migration {
  return {
    async up() {},
  };
}
