// `npm run ledger:verify -- <export.json> [--key <public-key.pem>] [--checkpoint <file>]…`: checks a
// ledger export offline (server/ledger/verify.ts does the checking), and that every checkpoint the
// verifier kept from before is a prefix of it. Given an inclusion proof file instead
// (`<proof.json> --key <public-key.pem>`), checks that its entry is in the signed checkpoint's tree.
// Exit 0 when everything agrees, 1 at the first problem, 2 when the command or its files are unusable.
import { readFileSync } from 'node:fs';
import type { LedgerRotation, SignedLedgerHead } from '../src/contracts/report-types.ts';
import { keyIdOf, readEd25519PublicKey } from '../server/ledger/chain.ts';
import {
  LedgerFileError,
  isLedgerProof,
  parseCheckpoints,
  readLedgerExport,
  verifyLedgerExport,
  verifyLedgerProof,
} from '../server/ledger/verify.ts';

const USAGE =
  'Usage: npm run ledger:verify -- <export.json> [--key <public-key.pem>] [--checkpoint <file>]...\n' +
  '       npm run ledger:verify -- <proof.json> --key <public-key.pem>\n' +
  '  export.json        a download of GET /api/v1/ledger/export\n' +
  '  proof.json         an inclusion proof: GET /api/v1/ledger/entries/<seq>/proof or /api/v1/attempts/<id>/ledger-proof\n' +
  '  --key FILE         the published key (GET /api/v1/ledger/public-key); without it only internal consistency is checked\n' +
  "  --checkpoint FILE  an earlier checkpoint you kept (GET /api/v1/ledger/head, a report's ledgerHead, or a witness\n" +
  '                     file): the export must extend it (repeatable)';

class UsageError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseArgs(argv: readonly string[]): { file: string; keyFile: string | undefined; checkpointFiles: string[] } {
  let file: string | undefined;
  let keyFile: string | undefined;
  const checkpointFiles: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '--help' || arg === '-h') throw new UsageError('');
    if (arg === '--checkpoint') {
      const value = argv[index + 1];
      if (value === undefined || value.startsWith('--'))
        throw new UsageError('--checkpoint needs the path of a kept checkpoint.');
      checkpointFiles.push(value);
      index += 1;
    } else if (arg.startsWith('--checkpoint=')) {
      checkpointFiles.push(arg.slice('--checkpoint='.length));
    } else if (arg === '--key') {
      keyFile = argv[index + 1];
      if (keyFile === undefined || keyFile.startsWith('--')) throw new UsageError('--key needs the path of a PEM public key.');
      index += 1;
    } else if (arg.startsWith('--key=')) {
      keyFile = arg.slice('--key='.length);
    } else if (arg.startsWith('-')) {
      throw new UsageError(`Unknown option ${arg}.`);
    } else if (file === undefined) {
      file = arg;
    } else {
      throw new UsageError(`Give one export file, not also ${arg}.`);
    }
  }
  if (file === undefined) throw new UsageError('Give the export file to check.');
  return { file, keyFile, checkpointFiles };
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
  }
}

function main(argv: readonly string[]): number {
  let args: ReturnType<typeof parseArgs>;
  let data: unknown;
  let key: string | undefined;
  let checkpointTexts: [string, string][];
  try {
    args = parseArgs(argv);
    const text = readText(args.file, 'the export');
    key = args.keyFile === undefined ? undefined : readText(args.keyFile, 'the key');
    checkpointTexts = args.checkpointFiles.map((file) => [file, readText(file, 'the checkpoint')]);
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new UsageError(
        `${args.file} is not JSON (${error instanceof Error ? error.message : String(error)}): give the file exactly as downloaded.`,
      );
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message !== '') console.error(`ledger:verify: ${error.message}`);
    console.error(USAGE);
    return error.message === '' ? 0 : 2;
  }

  if (isLedgerProof(data)) return checkProof(args, data, key);

  let outcome: ReturnType<typeof verifyLedgerExport>;
  try {
    const pem = key ?? readLedgerExport(data).publicKey;
    let keyId: string;
    try {
      keyId = keyIdOf(readEd25519PublicKey(pem, key === undefined ? "The export's publicKey" : 'The given key'));
    } catch (error) {
      throw new LedgerFileError(error instanceof Error ? error.message : String(error));
    }
    const checkpoints: SignedLedgerHead[] = [];
    for (const [file, text] of checkpointTexts) {
      try {
        const rotations = isRecord(data) && Array.isArray(data.rotations) ? (data.rotations as LedgerRotation[]) : [];
        const keyIds = [keyId, ...rotations.flatMap((rotation) => [rotation.oldKeyId, rotation.newKeyId])];
        checkpoints.push(...parseCheckpoints(text, keyIds));
      } catch (error) {
        if (error instanceof LedgerFileError) throw new LedgerFileError(`${file}: ${error.message}`);
        throw error;
      }
    }
    outcome = verifyLedgerExport(data, { publicKeyPem: key, checkpoints });
  } catch (error) {
    if (!(error instanceof LedgerFileError)) throw error;
    console.error(`ledger:verify: ${args.file}: ${error.message}`);
    return 2;
  }
  if (!outcome.ok) {
    const where =
      outcome.position === null
        ? `checkpoint (size ${outcome.seq ?? '?'})`
        : `entry seq ${outcome.seq ?? '?'} (position ${outcome.position})`;
    console.log(`FAILED at ${where}: ${outcome.problem}`);
    return 1;
  }
  if (outcome.selfKeyed) {
    console.error(
      `WARNING: no --key given, so the export was checked against its own key ${outcome.keyId}. This proves only that the file is internally consistent: ` +
        'anyone can re-sign a changed chain with a new key. Check against the published key: --key <file from GET /api/v1/ledger/public-key>.',
    );
  }
  console.log(
    `OK: ${outcome.entries} entries, root ${outcome.head.root}, checkpoint signed by ${outcome.keyId} at ${outcome.head.signedAt}`,
  );
  for (const rotation of outcome.rotations)
    console.log(
      `OK: follows the key rotation at size ${rotation.seq} (signed ${rotation.signedAt}) from ${rotation.oldKeyId} to ${rotation.newKeyId}`,
    );
  if (outcome.consistentWith.length > 0)
    console.log(
      `OK: consistent with the kept checkpoint${outcome.consistentWith.length === 1 ? '' : 's'} of size ${outcome.consistentWith.join(', ')}`,
    );
  else
    console.log(
      'NOTE: no --checkpoint given: nothing shows this log extends what you saw before (keep each checkpoint you receive).',
    );
  return 0;
}

/** An inclusion proof file: its entry is in the tree of its checkpoint, signed by the given key. */
function checkProof(args: ReturnType<typeof parseArgs>, data: unknown, key: string | undefined): number {
  if (key === undefined || args.checkpointFiles.length > 0) {
    console.error(
      `ledger:verify: ${args.file} is an inclusion proof: ${key === undefined ? 'give the published key with --key (a proof checked against no key proves nothing)' : '--checkpoint applies to exports only'}.`,
    );
    console.error(USAGE);
    return 2;
  }
  let outcome: ReturnType<typeof verifyLedgerProof>;
  try {
    outcome = verifyLedgerProof(data, key);
  } catch (error) {
    if (!(error instanceof LedgerFileError)) throw error;
    console.error(`ledger:verify: ${args.file}: ${error.message}`);
    return 2;
  }
  if (!outcome.ok) {
    console.log(`FAILED proof: ${outcome.problem}`);
    return 1;
  }
  const { entry, checkpoint } = outcome;
  const about = typeof entry.payload.attemptId === 'string' ? ` about attempt ${entry.payload.attemptId}` : '';
  console.log(
    `OK: entry ${entry.seq} (${entry.kind}${about}) is in the log of ${checkpoint.seq} entries, root ${checkpoint.root}, checkpoint signed by ${outcome.keyId} at ${checkpoint.signedAt}`,
  );
  console.log(
    'NOTE: keep the checkpoint (its note) too: an export checked later with --checkpoint shows the log still extends it.',
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
