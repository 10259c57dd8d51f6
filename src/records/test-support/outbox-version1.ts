// Test helper: an outbox database as version 1 of the app wrote it (the same stores, entries
// without owners), to check that upgrading keeps every entry.
import { OUTBOX_DB } from '../outbox-schema.ts';

export interface Version1Contents {
  readonly entries: readonly object[];
  readonly rejected?: readonly object[];
  readonly cursors?: readonly object[];
}

export async function writeVersion1Outbox(indexedDB: IDBFactory, contents: Version1Contents): Promise<void> {
  const open = indexedDB.open(OUTBOX_DB, 1);
  open.onupgradeneeded = () => {
    const db = open.result;
    db.createObjectStore('entries', { autoIncrement: true });
    db.createObjectStore('rejected', { autoIncrement: true });
    db.createObjectStore('cursors', { keyPath: 'attemptId' });
  };
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? new Error('could not open the version 1 outbox'));
  });
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction(['entries', 'rejected', 'cursors'], 'readwrite');
    for (const value of contents.entries) tx.objectStore('entries').add(value);
    for (const value of contents.rejected ?? []) tx.objectStore('rejected').add(value);
    for (const value of contents.cursors ?? []) tx.objectStore('cursors').put(value);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('could not write the version 1 outbox'));
  });
  db.close();
}
