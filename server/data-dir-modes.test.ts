// What the server keeps on disk is for its own account only: DATA_DIR and its folders are made
// 0700, the SQLite database with its -wal and -shm files, the ledger key and the TLS key 0600,
// even under a permissive umask, and files left by an earlier start are tightened.
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, SQLITE_FILE_NAME } from './db/database.ts';
import { loadLedgerKey } from './ledger/ledger-key.ts';
import { migrationsFor } from './migrations.ts';
import { loadTlsCredentials } from './tls.ts';

const modeOf = async (file: string) => (await stat(file)).mode & 0o777;

describe.skipIf(process.platform === 'win32')('file modes under DATA_DIR', () => {
  let root: string;
  let umask: number;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'shixun-modes-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });
  beforeEach(() => {
    // The usual default, which alone would leave files readable by every account.
    umask = process.umask(0o022);
  });
  afterEach(() => {
    process.umask(umask);
  });

  it('makes DATA_DIR 0700 and the SQLite database, its -wal and -shm 0600', async () => {
    const dataDir = path.join(root, 'fresh', 'data');
    const database = await openDatabase({ dataDir }, migrationsFor);
    try {
      await database.db
        .insertInto('xapi_credentials')
        .values({ key: 'k', secret_hash: 'h', scopes: 'all', label: 'k', created: 'now' })
        .execute();
      expect(await modeOf(dataDir)).toBe(0o700);
      const file = path.join(dataDir, SQLITE_FILE_NAME);
      for (const item of [file, `${file}-wal`, `${file}-shm`]) expect(await modeOf(item), item).toBe(0o600);
    } finally {
      await database.close();
    }
  });

  it('tightens a database and WAL file an earlier start left readable to others', async () => {
    const dataDir = path.join(root, 'earlier');
    const first = await openDatabase({ dataDir }, migrationsFor);
    await first.close();
    const file = path.join(dataDir, SQLITE_FILE_NAME);
    await writeFile(`${file}-wal`, '', { mode: 0o644 });
    await chmod(file, 0o644);
    await chmod(`${file}-wal`, 0o666);
    const again = await openDatabase({ dataDir }, migrationsFor);
    try {
      expect(await modeOf(file)).toBe(0o600);
      expect(await modeOf(`${file}-wal`)).toBe(0o600);
    } finally {
      await again.close();
    }
  });

  it('makes the ledger folder 0700 and its private key 0600', async () => {
    const keyDir = path.join(root, 'ledger-data', 'ledger');
    await loadLedgerKey({ keyDir });
    expect(await modeOf(path.join(root, 'ledger-data'))).toBe(0o700);
    expect(await modeOf(keyDir)).toBe(0o700);
    expect(await modeOf(path.join(keyDir, 'ledger-key.pem'))).toBe(0o600);
  });

  it('makes the TLS folder 0700 and the self-signed key 0600', async () => {
    const dataDir = path.join(root, 'tls-data');
    const tls = await loadTlsCredentials({ env: {}, dataDir, names: { dnsNames: ['localhost'], ips: ['127.0.0.1'] } });
    expect(tls.source).toBe('generated');
    expect(await modeOf(dataDir)).toBe(0o700);
    expect(await modeOf(path.join(dataDir, 'tls'))).toBe(0o700);
    expect(await modeOf(path.join(dataDir, 'tls', 'key.pem'))).toBe(0o600);
  });
});
