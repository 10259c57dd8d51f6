// Plans one shared write of several callers' statements (group-commit.ts): which callers fail
// and why — 409, an id already stored with other content; 400, voiding a voiding statement —
// and which statements are new. Callers are checked in order, against what is stored and what
// the callers before them bring, as if each had its own transaction; so a failing caller writes
// nothing and the others are written together.
import type { ReceivedAttachment } from './attachments.ts';
import { badRequest, XapiError } from './errors.ts';
import { sameStatement } from './statement-compare.ts';
import type { StatementIdentity } from './statement-compare.ts';
import type { PreparedStatement } from './statement-prepare.ts';

/** One caller's statements: stored all or none. */
export interface StoreRequest {
  readonly statements: readonly PreparedStatement[];
  readonly attachments: readonly ReceivedAttachment[];
}

/** What the plan needs to know of a statement that is stored already. */
export interface KnownStatement extends StatementIdentity {
  readonly isVoiding: boolean;
}

export interface GroupWritePlan {
  /** Per request, in order: undefined when it can be stored, else its error. */
  readonly errors: ReadonlyArray<XapiError | undefined>;
  /** Statements to insert, in request order: the new ids of the requests that can be stored. */
  readonly fresh: readonly PreparedStatement[];
  readonly attachments: readonly ReceivedAttachment[];
}

export function conflictError(id: string): XapiError {
  return new XapiError(
    409,
    `A different statement with id ${id} is already stored; statements are immutable, so send new content with a new id.`,
  );
}

/** Every statement id and voiding target the plan must look up in the database first. */
export function idsToLookUp(requests: readonly StoreRequest[]): string[] {
  const ids = new Set<string>();
  for (const request of requests) {
    for (const item of request.statements) {
      ids.add(item.id);
      if (item.isVoiding && item.targetId !== null) ids.add(item.targetId);
    }
  }
  return [...ids];
}

/** The request's error, or the statements it adds (new ids, by id). */
function check(request: StoreRequest, before: ReadonlyMap<string, KnownStatement>): XapiError | Map<string, PreparedStatement> {
  const added = new Map<string, PreparedStatement>();
  for (const item of request.statements) {
    const earlier = before.get(item.id) ?? added.get(item.id);
    if (earlier === undefined) added.set(item.id, item);
    else if (!sameStatement(item, earlier)) return conflictError(item.id);
  }
  for (const item of added.values()) {
    if (!item.isVoiding || item.targetId === null) continue;
    const target = before.get(item.targetId) ?? added.get(item.targetId);
    if (target?.isVoiding === true)
      return badRequest(`Statement ${item.targetId} is itself a voiding statement and cannot be voided.`);
  }
  return added;
}

/** `stored`: the looked-up statements (idsToLookUp) that the database holds. */
export function planGroupWrite(requests: readonly StoreRequest[], stored: ReadonlyMap<string, KnownStatement>): GroupWritePlan {
  const before = new Map(stored);
  const errors: Array<XapiError | undefined> = [];
  const fresh: PreparedStatement[] = [];
  const attachments: ReceivedAttachment[] = [];
  for (const request of requests) {
    const result = check(request, before);
    if (result instanceof XapiError) {
      errors.push(result);
      continue;
    }
    errors.push(undefined);
    for (const item of result.values()) {
      before.set(item.id, item);
      fresh.push(item);
    }
    attachments.push(...request.attachments);
  }
  return { errors, fresh, attachments };
}
