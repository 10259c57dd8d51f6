// A small promise wrapper over the raw IndexedDB API, just what the outbox needs: one request,
// one transaction whose result is read only once it has committed, and a walk over a store.

export function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/**
 * Runs `work` in one transaction and resolves with what its returned getter reads once the
 * transaction has committed (so a caller never sees a result that was rolled back).
 */
export function transact<T>(
  db: IDBDatabase,
  stores: readonly string[],
  mode: IDBTransactionMode,
  work: (tx: IDBTransaction) => () => T,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction([...stores], mode);
    let read: () => T;
    tx.oncomplete = () => resolve(read());
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    try {
      read = work(tx);
    } catch (error) {
      tx.abort();
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

/**
 * Walks a store in key order, calling `visit` until it returns false or the store ends. `visit`
 * may hand back a replacement value, which is written in place (readwrite transactions only).
 */
export function walk<T>(
  store: IDBObjectStore,
  visit: (key: number, value: T) => boolean | { readonly replace: T; readonly more: boolean },
): void {
  const request = store.openCursor();
  request.onsuccess = () => {
    const cursor = request.result;
    if (!cursor) return;
    const answer = visit(Number(cursor.key), cursor.value as T);
    if (typeof answer === 'object') cursor.update(answer.replace);
    if (answer === true || (typeof answer === 'object' && answer.more)) cursor.continue();
  };
}
