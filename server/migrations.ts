// Every schema migration, in the one order they apply: each feature keeps its own beside its
// tables (server/<feature>/migration.ts), and this list composes them. Kept in code (no
// migration folder to ship) and applied at start by Kysely's Migrator (server/db/database.ts).
// Never edit a released migration or change a name here: add the next number instead.
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { accountsLifecycleMigration, accountsMigration } from './accounts/migration.ts';
import { userAssignmentsMigration } from './accounts/assignments-migration.ts';
import { classesMigration } from './classes/migration.ts';
import { cmi5LaunchesMigration } from './cmi5/migration.ts';
import { credentialsMigration } from './credentials/migration.ts';
import type { Dialect } from './db/dialect.ts';
import { exerciseForksMigration, exerciseSessionsMigration } from './exercises/migration.ts';
import { exerciseResultsMigration } from './exercise-records/migration.ts';
import { identityLinksMigration } from './identity/migration.ts';
import { directorySyncsMigration } from './identity/ldap/sync-migration.ts';
import {
  attemptArrivalsMigration,
  attemptResultsMigration,
  attemptsMigration,
  attemptTicketsMigration,
  extraTimeMigration,
  resultAdjustmentsMigration,
} from './grading/migration.ts';
import {
  ledgerCheckpointsMigration,
  ledgerFrontierMigration,
  ledgerMigration,
  ledgerRotationsMigration,
} from './ledger/migration.ts';
import { honoursMigration } from './honours/migration.ts';
import { privacyMigration } from './privacy/migration.ts';
import { reportsMigration } from './reports/migration.ts';
import {
  xapiCredentialsMigration,
  xapiDocumentsMigration,
  xapiForwardQueueMigration,
  xapiStatementsMigration,
} from './xapi/migration.ts';

/** One migration made of several features' parts, run in order (each part has only `up`). */
function inOrder(...parts: readonly Migration[]): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const part of parts) await part.up(db);
    },
  };
}

/** Every migration, by a name whose number fixes its order. */
export function migrationsFor(dialect: Dialect): Record<string, Migration> {
  return {
    '0001-xapi-statements': xapiStatementsMigration(dialect),
    '0002-xapi-credentials': xapiCredentialsMigration,
    '0003-accounts': accountsMigration,
    '0004-attempts': attemptsMigration(dialect),
    '0005-xapi-forward-queue': xapiForwardQueueMigration,
    // The chain's tables, then the result corrections it records: released as one migration.
    '0006-ledger': inOrder(ledgerMigration(dialect), resultAdjustmentsMigration(dialect)),
    '0007-reports': reportsMigration(dialect),
    '0008-classes': classesMigration(dialect),
    '0009-privacy': privacyMigration(dialect),
    '0010-attempt-results': attemptResultsMigration(dialect),
    '0011-attempt-arrivals': attemptArrivalsMigration,
    '0012-ledger-checkpoints': ledgerCheckpointsMigration,
    '0013-accounts-lifecycle': accountsLifecycleMigration,
    '0014-exercise-sessions': exerciseSessionsMigration,
    '0015-ledger-frontier': ledgerFrontierMigration,
    '0016-ledger-rotations': ledgerRotationsMigration,
    '0017-exercise-results': exerciseResultsMigration(dialect),
    '0018-identity-links': identityLinksMigration,
    '0020-xapi-documents': xapiDocumentsMigration(dialect),
    '0021-credentials': credentialsMigration,
    '0022-honours': honoursMigration,
    '0023-extra-time': extraTimeMigration,
    '0024-exercise-forks': exerciseForksMigration,
    '0025-attempt-tickets': attemptTicketsMigration,
    '0026-cmi5-launches': cmi5LaunchesMigration,
    // The department and rank in force on a result's date, and the runs of the directory sync.
    '0027-user-assignments': inOrder(userAssignmentsMigration(dialect), directorySyncsMigration(dialect)),
  };
}
