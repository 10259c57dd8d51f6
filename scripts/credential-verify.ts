// `npm run credential:verify -- <credential> [--did <did.json>] [--status <status.json>] [--offline]`:
// checks a Shixun credential (JSON, or a VC-JOSE token file) for auditors, with
// server/credentials/verify.ts. Without --did the issuer's DID document is read from its did:web
// address, and without --status the status list from the credential's own server (that host
// only); --offline reads nothing from the network and leaves revocation unchecked without --status.
// Exit 0 when valid, 1 when revoked, expired, tampered or unverifiable, 2 when the command or its files are unusable.
import { readFileSync } from 'node:fs';
import type { KnownDocument } from '../src/credentials/document-loader.ts';
import { CREDENTIALS_EXPORT_FORMAT, verifyCredential } from '../server/credentials/verify.ts';
import type { CredentialsExport, VerificationReport } from '../server/credentials/verify.ts';

const USAGE =
  'Usage: npm run credential:verify -- <credential.json | token.jwt> [--did <did.json>] [--status <status.json>] [--offline]\n' +
  '  credential         the credential file a learner downloaded (JSON), its VC-JOSE token, or the\n' +
  '                     export of all their certificates (GET /api/v1/credentials/mine/export: checked offline, whole)\n' +
  "  --did FILE         the issuer's DID document (GET /.well-known/did.json); else read from the did:web address\n" +
  '  --status FILE      the status list credential (GET /api/v1/credentials/status/<n>); else read from the issuer\n' +
  '  --offline          read nothing from the network';

class UsageError extends Error {}

interface Args {
  readonly file: string;
  readonly did?: string;
  readonly status?: string;
  readonly offline: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  let file: string | undefined;
  const options: { did?: string; status?: string } = {};
  let offline = false;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '--help' || arg === '-h') throw new UsageError('');
    if (arg === '--offline') offline = true;
    else if (arg === '--did' || arg === '--status') {
      const value = argv[index + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs the path of a file.`);
      options[arg === '--did' ? 'did' : 'status'] = value;
      index += 1;
    } else if (arg.startsWith('-')) throw new UsageError(`Unknown option ${arg}.`);
    else if (file === undefined) file = arg;
    else throw new UsageError(`Give one credential file, not also ${arg}.`);
  }
  if (file === undefined) throw new UsageError('Give the credential file to check.');
  return { file, offline, ...options };
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${what} ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
}

function readJson(file: string, what: string): Record<string, unknown> {
  const text = readText(file, what);
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Reported below.
  }
  throw new UsageError(`${what} ${file} is not a JSON object.`);
}

/** The credential: a JSON object, or a compact JWS token. */
function readCredential(file: string): Record<string, unknown> | string {
  const text = readText(file, 'The credential').trim();
  if (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(text)) return text;
  return readJson(file, 'The credential');
}

/** https://host[:port]/.well-known/did.json of a did:web with no path. */
function didWebUrl(did: string): string {
  const match = /^did:web:([^:]+)$/.exec(did);
  if (match?.[1] === undefined) throw new UsageError(`${did} is not a did:web this command resolves: give --did.`);
  return `https://${decodeURIComponent(match[1])}/.well-known/did.json`;
}

async function fetchJson(url: string, what: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, { redirect: 'error' }).catch((error: unknown) => {
    throw new UsageError(`${what} could not be read from ${url} (${String(error)}): save it and give it as a file.`);
  });
  if (!response.ok) throw new UsageError(`${what} at ${url} answered ${response.status}: save it and give it as a file.`);
  return (await response.json()) as Record<string, unknown>;
}

function issuerOf(credential: Record<string, unknown> | string): string {
  if (typeof credential === 'string') {
    const payload = credential.split('.')[1] ?? '';
    return issuerOf(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>);
  }
  const issuer = credential.issuer;
  const id = typeof issuer === 'object' && issuer !== null ? (issuer as Record<string, unknown>).id : issuer;
  if (typeof id !== 'string') throw new UsageError('The credential names no issuer.');
  return id;
}

function statusUrlOf(credential: Record<string, unknown> | string): string | undefined {
  const body =
    typeof credential === 'string'
      ? (JSON.parse(Buffer.from(credential.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>)
      : credential;
  const entry = body.credentialStatus as Record<string, unknown> | undefined;
  return typeof entry?.statusListCredential === 'string' ? entry.statusListCredential : undefined;
}

function print(label: string, report: VerificationReport): void {
  const summary = report.summary;
  console.log(`${report.status.toUpperCase()}: ${label} (${report.format})`);
  console.log(`  credential   ${summary.id ?? '?'}`);
  console.log(`  issuer       ${summary.issuerName ?? '?'} (${summary.issuerId ?? '?'})`);
  console.log(`  subject      ${summary.subjectName ?? '?'}`);
  console.log(`  achievement  ${summary.achievementName ?? '?'}${summary.score === null ? '' : `, score ${summary.score}`}`);
  console.log(
    `  valid        from ${summary.validFrom ?? '?'}${summary.validUntil === null ? '' : ` until ${summary.validUntil}`}`,
  );
  for (const reason of report.reasons) console.log(`  - ${reason.message}`);
}

/** Every credential of an export, against the DID document and status lists it carries (or those given). */
async function verifyExport(bundle: CredentialsExport, args: Args): Promise<number> {
  const didDocument = args.did !== undefined ? readJson(args.did, 'The DID document') : bundle.didDocument;
  const given = args.status !== undefined ? readJson(args.status, 'The status list') : undefined;
  let failed = 0;
  for (const item of bundle.credentials) {
    const url = statusUrlOf(item.credential as Record<string, unknown>);
    const statusList = given ?? (url === undefined ? undefined : bundle.statusLists[url]);
    const report = await verifyCredential(item.credential, { didDocument: didDocument as KnownDocument, statusList });
    print(`${args.file} ${item.id}`, report);
    if (report.status !== 'valid') failed += 1;
  }
  console.log(
    `${bundle.credentials.length - failed} of ${bundle.credentials.length} credentials valid (status lists as exported ${bundle.exportedAt}).`,
  );
  return failed === 0 ? 0 : 1;
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  const credential = readCredential(args.file);
  if (typeof credential === 'object' && credential.format === CREDENTIALS_EXPORT_FORMAT)
    return verifyExport(credential as unknown as CredentialsExport, args);
  let didDocument: Record<string, unknown>;
  if (args.did !== undefined) didDocument = readJson(args.did, 'The DID document');
  else if (args.offline) throw new UsageError('--offline needs --did: the issuer key cannot be read otherwise.');
  else didDocument = await fetchJson(didWebUrl(issuerOf(credential)), 'The DID document');
  if (typeof didDocument.id !== 'string') throw new UsageError('The DID document has no id.');

  let statusList: Record<string, unknown> | undefined;
  if (args.status !== undefined) statusList = readJson(args.status, 'The status list');
  else if (!args.offline) {
    const url = statusUrlOf(credential);
    const didHost = new URL(didWebUrl(didDocument.id)).host;
    if (url !== undefined && new URL(url).host === didHost) statusList = await fetchJson(url, 'The status list');
  }

  const report = await verifyCredential(credential, { didDocument: didDocument as KnownDocument, statusList });
  print(args.file, report);
  return report.status === 'valid' ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      if (error.message !== '') console.error(error.message);
      console.error(USAGE);
    } else console.error(error);
    process.exit(2);
  },
);
