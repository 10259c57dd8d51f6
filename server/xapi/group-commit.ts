// Group commit: on SQLite, writes that arrive while a transaction is being built or committed
// wait and then go into the next transaction together, so many requests cost one commit and one
// fsync, and the handler can write their rows with a few multi-row statements instead of a few
// statements each. Every caller is answered only once the shared commit is on disk, and hears
// only its own outcome. PostgreSQL commits concurrently on its pool, so there each write keeps
// its own transaction.
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import { writeTransaction } from '../db/write-transaction.ts';

export type Outcome<Result> = { readonly ok: true; readonly value: Result } | { readonly ok: false; readonly error: unknown };

/**
 * Writes a group of items in `trx` (it must use only `trx`: SQLite has one connection, held by
 * the group) and returns one outcome per item, in order. An item that fails must have written
 * nothing, because the others are committed; throwing fails (and rolls back) the whole group.
 */
export type GroupHandler<Item, Result> = (
  trx: Kysely<DatabaseSchema>,
  items: readonly Item[],
) => Promise<ReadonlyArray<Outcome<Result>>>;

export interface GroupCommitOptions {
  /** Most weight (statements) one shared transaction takes; a heavier item still goes, alone. Default 1000. */
  readonly maxWeight?: number;
  /** Told after every commit how many items it held; tests count transactions with it. */
  readonly onCommit?: (items: number) => void;
}

interface Queued<Item, Result> {
  readonly item: Item;
  readonly weight: number;
  readonly resolve: (value: Result) => void;
  readonly reject: (error: unknown) => void;
}

export class GroupCommitter<Item, Result> {
  readonly #database: Database;
  readonly #handler: GroupHandler<Item, Result>;
  readonly #maxWeight: number;
  readonly #onCommit: ((items: number) => void) | undefined;
  #queue: Array<Queued<Item, Result>> = [];
  #scheduled = false;

  constructor(database: Database, handler: GroupHandler<Item, Result>, options: GroupCommitOptions = {}) {
    this.#database = database;
    this.#handler = handler;
    this.#maxWeight = options.maxWeight ?? 1000;
    this.#onCommit = options.onCommit;
  }

  /** Writes `item`, in a transaction shared with other items on SQLite; resolves once committed. */
  async submit(item: Item, weight = 1): Promise<Result> {
    if (this.#database.dialect !== 'sqlite') {
      const value = await writeTransaction(this.#database, async (trx) => {
        const [outcome] = await this.#handler(trx, [item]);
        if (outcome === undefined) throw new Error('the group handler returned no outcome');
        // Throwing rolls the transaction back.
        if (!outcome.ok) throw outcome.error;
        return outcome.value;
      });
      this.#onCommit?.(1);
      return value;
    }
    return new Promise<Result>((resolve, reject) => {
      this.#queue.push({ item, weight, resolve, reject });
      this.#schedule();
    });
  }

  /**
   * The next group starts after the event loop has read what the network delivered meanwhile
   * (setImmediate runs after the poll phase), so requests that arrived together commit together.
   */
  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      void this.#commitNextGroup().finally(() => {
        this.#scheduled = false;
        if (this.#queue.length > 0) this.#schedule();
      });
    });
  }

  #takeGroup(): Array<Queued<Item, Result>> {
    let weight = 0;
    let count = 0;
    for (const queued of this.#queue) {
      if (count > 0 && weight + queued.weight > this.#maxWeight) break;
      weight += queued.weight;
      count += 1;
    }
    return this.#queue.splice(0, count);
  }

  async #commitNextGroup(): Promise<void> {
    const group = this.#takeGroup();
    let outcomes: ReadonlyArray<Outcome<Result>>;
    try {
      outcomes = await writeTransaction(this.#database, (trx) =>
        this.#handler(
          trx,
          group.map((queued) => queued.item),
        ),
      );
    } catch (error) {
      // Nothing of the group was committed.
      for (const queued of group) queued.reject(error);
      return;
    }
    this.#onCommit?.(group.length);
    group.forEach((queued, index) => {
      const outcome = outcomes[index];
      if (outcome === undefined) queued.reject(new Error('the group handler returned no outcome for this write'));
      else if (outcome.ok) queued.resolve(outcome.value);
      else queued.reject(outcome.error);
    });
  }
}
