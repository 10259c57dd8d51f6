// `npm run ledger:verify -- <export.json> [--key <public-key.pem>]`: checks a ledger export offline
// (server/ledger/verify.ts does the checking). Exit 0 when the chain and its signed head are intact,
// 1 at the first bad entry, 2 when the command or its files are unusable.
import { readFileSync } from 'node:fs';
import { LedgerFileError, verifyLedgerExport } from '../server/ledger/verify.ts';

const USAGE =
  'Usage: npm run ledger:verify -- <export.json> [--key <public-key.pem>]\n' +
  '  export.json     a download of GET /api/v1/ledger/export\n' +
  '  --key FILE      the published key (GET /api/v1/ledger/public-key); without it only internal consistency is checked';

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): { file: string; keyFile: string | undefined } {
  let file: string | undefined;
  let keyFile: string | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '--help' || arg === '-h') throw new UsageError('');
    if (arg === '--key') {
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
  return { file, keyFile };
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
  try {
    args = parseArgs(argv);
    const text = readText(args.file, 'the export');
    key = args.keyFile === undefined ? undefined : readText(args.keyFile, 'the key');
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

  let outcome: ReturnType<typeof verifyLedgerExport>;
  try {
    outcome = verifyLedgerExport(data, { publicKeyPem: key });
  } catch (error) {
    if (!(error instanceof LedgerFileError)) throw error;
    console.error(`ledger:verify: ${args.file}: ${error.message}`);
    return 2;
  }
  if (!outcome.ok) {
    const where =
      outcome.position === null
        ? `head (seq ${outcome.seq ?? '?'})`
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
    `OK: ${outcome.entries} entries, head ${outcome.head.hash}, signed by ${outcome.keyId} at ${outcome.head.signedAt}`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
