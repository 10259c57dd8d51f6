// `npm run identity:sync [-- --identity-file <file>]`: runs one LDAP directory sync against the
// server's database (DATABASE_URL or DATA_DIR, as `npm start` reads them) with the `ldap:` settings
// of config/identity.yaml, and prints what changed. Exit 0 when it ran, 1 when the directory could
// not be read or an account could not be updated, 2 when directory sign-in is not configured.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer } from '../server/build-server.ts';
import type { SyncReport } from '../server/identity/ldap/sync.ts';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

function identityFileArg(argv: readonly string[]): string {
  const index = argv.indexOf('--identity-file');
  const given = index >= 0 ? argv[index + 1] : argv.find((arg) => arg.startsWith('--identity-file='))?.split('=', 2)[1];
  return path.resolve(given ?? path.join(PROJECT_ROOT, 'config', 'identity.yaml'));
}

async function main(): Promise<number> {
  const identityFile = identityFileArg(process.argv.slice(2));
  let run: (() => Promise<SyncReport>) | undefined;
  // The server's own wiring (ranks of the policy in force, API tokens ended with an account), not listening.
  const app = await buildServer({ apiOnly: true, identityFile, onDirectorySync: (given) => (run = given) });
  try {
    await app.ready();
    if (run === undefined) {
      console.error(`${identityFile} has no ldap: settings; directory sync is not configured (docs/identity-ldap.md).`);
      return 2;
    }
    const report = await run();
    console.log(`Directory sync: ${report.read} people read, ${report.updated} account(s) updated, ${report.disabled} disabled.`);
    for (const problem of report.refused) console.error(`  not updated (${problem.subject}): ${problem.reason}`);
    return report.refused.length > 0 ? 1 : 0;
  } catch (error) {
    console.error(`Directory sync failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await app.close();
  }
}

// Exits once the server has closed: a timer some feature leaves behind would otherwise keep a
// one-off command waiting.
process.exit(await main());
