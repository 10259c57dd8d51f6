// `npm run ledger:rotate-key -- --new-key <file>`: with every server on the database stopped,
// rotates the ledger's signing key (server/ledger/rotation.ts, docs/ledger.md "Key rotation"). The
// database and the current key come from the environment the server reads (DATABASE_URL, DATA_DIR,
// SHIXUN_LEDGER_KEY_FILE, SHIXUN_LEDGER_WITNESS_FILE, SHIXUN_LEDGER_ORIGIN); the new key file is
// made when it does not exist. Exit 0 when rotated, 1 when the log or a key is refused, 2 for usage.
import path from 'node:path';
import { databaseConfigFromEnv, openDatabase } from '../server/db/database.ts';
import { rotateLedgerKey } from '../server/ledger/rotation.ts';
import { migrationsFor } from '../server/migrations.ts';

const USAGE =
  'Usage: npm run ledger:rotate-key -- --new-key <new-ledger-key.pem>\n' +
  '  Stop every server on this database first. The current key is SHIXUN_LEDGER_KEY_FILE, else DATA_DIR/ledger/ledger-key.pem;\n' +
  '  the new key file is made (Ed25519, mode 0600) when it does not exist.';

async function main(argv: readonly string[]): Promise<number> {
  let newKeyFile: string | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '--new-key' && argv[index + 1] !== undefined && !(argv[index + 1] ?? '').startsWith('--')) {
      newKeyFile = argv[index + 1];
      index += 1;
    } else if (arg.startsWith('--new-key=')) {
      newKeyFile = arg.slice('--new-key='.length);
    } else {
      console.error(arg === '--help' || arg === '-h' ? USAGE : `ledger:rotate-key: unknown argument ${arg}.\n${USAGE}`);
      return arg === '--help' || arg === '-h' ? 0 : 2;
    }
  }
  if (newKeyFile === undefined || newKeyFile === '') {
    console.error(`ledger:rotate-key: give the new key's file with --new-key.\n${USAGE}`);
    return 2;
  }
  const env = process.env;
  const config = databaseConfigFromEnv(env);
  const dataDir = config.dataDir ?? 'data';
  const database = await openDatabase(config, migrationsFor);
  try {
    const result = await rotateLedgerKey(database, {
      keyDir: path.resolve(dataDir, 'ledger'),
      keyFile: env.SHIXUN_LEDGER_KEY_FILE,
      witnessFile: env.SHIXUN_LEDGER_WITNESS_FILE,
      origin: env.SHIXUN_LEDGER_ORIGIN,
      newKeyFile: path.resolve(newKeyFile),
    });
    const { rotation } = result;
    console.log(
      `Rotated the ledger key at ${rotation.seq} entries: ${rotation.oldKeyId} -> ${rotation.newKeyId}${result.created ? ` (new key made in ${path.resolve(newKeyFile)})` : ''}.`,
    );
    console.log(`The rotation is stored in the database and appended to the witness file ${result.witnessFile}.`);
    console.log(
      'Next: give every instance the new key (SHIXUN_LEDGER_KEY_FILE, or replace DATA_DIR/ledger/ledger-key.pem), start them, and publish the new public key (GET /api/v1/ledger/public-key) beside the old one.',
    );
    return 0;
  } catch (error) {
    console.error(`ledger:rotate-key: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await database.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
