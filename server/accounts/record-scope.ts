// Whose records a signed-in person may read, following PIPL's minimum-necessary principle:
// everyone reads their own; a trainer reads those of learners who are or were in a class the
// trainer runs; a department admin reads those of the users of their own department
// (users.department), never an admin's; the organisation admin reads everyone's. Results, attempts, corrections
// and xAPI statements about other people all ask here.
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../db/schema.ts';
import type { SessionUser } from './session-user.ts';
import { UserStore } from './user-store.ts';
import type { UserRow } from './user-store.ts';

/**
 * Whether the user `userId` is or was a member of a class that trainer `trainerId` runs. The
 * classes feature answers it; the server's root hands it in (accounts sit below classes).
 */
export type TaughtBy = (trainerId: string, userId: string) => Promise<boolean>;

/** The user whose records are asked for: by id, or by username. */
export type RecordOwner = { readonly id: string } | { readonly username: string };

export interface RecordScope {
  /** Whether `reader` may read the records of `owner`; false for a user who does not exist. */
  mayRead(reader: SessionUser, owner: RecordOwner): Promise<boolean>;
}

/**
 * Whether `admin` (an admin or department admin) may see and manage `target`: the organisation
 * admin everyone, a department admin the users of their own department, never an admin.
 */
export function administers(admin: SessionUser, target: { readonly role: string; readonly department: string | null }): boolean {
  if (admin.role === 'admin') return true;
  if (admin.role !== 'department-admin') return false;
  return target.role !== 'admin' && admin.department !== null && target.department === admin.department;
}

/** The scope of the server's readers, over the users table and the class membership `taughtBy`. */
export function createRecordScope(db: Kysely<DatabaseSchema>, taughtBy: TaughtBy): RecordScope {
  const users = new UserStore(db);
  const find = (owner: RecordOwner): Promise<UserRow | undefined> =>
    'id' in owner ? users.findById(owner.id) : users.findByUsername(owner.username);
  return {
    async mayRead(reader, owner) {
      if ('id' in owner ? owner.id === reader.id : owner.username === reader.username) return true;
      if (reader.role === 'learner') return false;
      const row = await find(owner);
      if (row === undefined) return false;
      if (row.id === reader.id) return true;
      switch (reader.role) {
        case 'admin':
          return true;
        case 'department-admin':
          return administers(reader, row);
        case 'trainer':
          return taughtBy(reader.id, row.id);
      }
    },
  };
}
