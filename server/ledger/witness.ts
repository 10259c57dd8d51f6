// The witness file: every checkpoint this server signs, appended as one JSON line to a file the
// operator puts outside the database (SHIXUN_LEDGER_WITNESS_FILE, ideally on another disk or
// share). The server checks the stored log against the latest one at start and before each append.
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LedgerRotation, SignedLedgerHead } from '../../src/contracts/report-types.ts';
import { signedByChain } from './chain.ts';
import type { ChainKey } from './chain.ts';

export const WITNESS_FILE_NAME = 'ledger-witness.jsonl';

/** The witness file holds something that is not a checkpoint signed by this key. */
export class WitnessFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WitnessFileError';
  }
}

function isCheckpoint(value: unknown): value is SignedLedgerHead {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    typeof c.origin === 'string' &&
    typeof c.seq === 'number' &&
    Number.isSafeInteger(c.seq) &&
    typeof c.root === 'string' &&
    typeof c.hash === 'string' &&
    typeof c.signedAt === 'string' &&
    typeof c.signature === 'string' &&
    typeof c.keyId === 'string' &&
    typeof c.note === 'string'
  );
}

/**
 * The latest (largest) checkpoint in `file` signed by a key of `keys` (this server's and those it
 * replaced by rotations), or undefined when the file does not exist or holds none. Lines of other
 * keys are skipped, and so are key rotations (`{ "rotation": … }`); a line that names a key of
 * `keys` but does not verify (or was signed by a retired key after its rotation), or is not a
 * checkpoint, is an error: the file was changed.
 */
export async function latestWitnessed(file: string, keys: ReadonlyMap<string, ChainKey>): Promise<SignedLedgerHead | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new WitnessFileError(
      `The ledger witness file ${file} could not be read (${(error as NodeJS.ErrnoException).code ?? String(error)}): let the server's user read it.`,
    );
  }
  let latest: SignedLedgerHead | undefined;
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      // A line cut short by a crash mid-write is possible only at the very end.
      if (index === text.split('\n').length - 1) continue;
      throw new WitnessFileError(`Line ${index + 1} of the ledger witness file ${file} is not JSON: the file was changed.`);
    }
    if (typeof value === 'object' && value !== null && 'rotation' in value) continue;
    if (!isCheckpoint(value))
      throw new WitnessFileError(`Line ${index + 1} of the ledger witness file ${file} is not a checkpoint.`);
    if (!keys.has(value.keyId)) continue;
    if (!signedByChain(keys, value))
      throw new WitnessFileError(
        `Line ${index + 1} of the ledger witness file ${file} (checkpoint of size ${value.seq}) does not verify against this server's key: the file was changed.`,
      );
    if (latest === undefined || value.seq > latest.seq) latest = value;
  }
  return latest;
}

export async function appendWitness(file: string, checkpoint: SignedLedgerHead): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await appendFile(file, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
}

/** Appends a key rotation to the witness file, as `{ "rotation": … }` on one line. */
export async function appendWitnessRotation(file: string, rotation: LedgerRotation): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await appendFile(file, `${JSON.stringify({ rotation })}\n`, { mode: 0o600 });
}
