// Verifies a Shixun credential with no network, the same code in the browser (/verify) and in
// Node (the server's verify route, the CLI): the Data Integrity proof (eddsa-rdfc-2022) or the
// VC-JOSE signature, the issuer key against the DID document given, the validity dates and the
// revocation bit in the status list credential given. When the proof no longer matches, the
// field digests the issuer signed name what was changed.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { createDocumentLoader, UnknownDocumentError } from './document-loader.ts';
import type { KnownDocument } from './document-loader.ts';
import { base64url, changedFields, FIELD_DIGESTS_GENRE } from './field-digests.ts';
import type { DigestedField } from './field-digests.ts';
import { statusBit } from './status-bits.ts';

export type VerificationStatus = 'valid' | 'revoked' | 'expired' | 'tampered' | 'unverifiable';

export type ReasonCode =
  | 'malformed'
  | 'unknown-document'
  | 'issuer-key'
  | 'proof'
  | 'changed'
  | 'expired'
  | 'not-yet-valid'
  | 'revoked'
  | 'status-not-checked'
  | 'status-list';

export interface VerificationReason {
  readonly code: ReasonCode;
  /** For `changed`: which part. */
  readonly field?: DigestedField;
  readonly message: string;
}

/** What a verifier page shows of the credential (read from it, whatever the verdict). */
export interface CredentialSummary {
  readonly id: string | null;
  readonly issuerId: string | null;
  readonly issuerName: string | null;
  readonly subjectName: string | null;
  readonly achievementName: string | null;
  readonly score: string | null;
  readonly validFrom: string | null;
  readonly validUntil: string | null;
}

export interface VerificationReport {
  readonly status: VerificationStatus;
  readonly format: 'data-integrity' | 'vc-jose' | 'unknown';
  readonly reasons: readonly VerificationReason[];
  readonly summary: CredentialSummary;
  /** Whether the revocation bit was read from a signed status list. */
  readonly revocationChecked: boolean;
}

export interface VerifyOptions {
  /** The issuer's DID document (GET /.well-known/did.json, or the file saved from it). */
  readonly didDocument: KnownDocument;
  /** The status list credential the credential points at (GET /api/v1/credentials/status/:list). */
  readonly statusList?: Readonly<Record<string, unknown>> | undefined;
  /** The time to judge the dates at. Default now. */
  readonly now?: Date;
}

type Json = Readonly<Record<string, unknown>>;

export const CREDENTIALS_EXPORT_FORMAT = 'shixun-credentials-export';

/** A learner's download of their credentials with what an offline check needs (GET /api/v1/credentials/mine/export). */
export interface CredentialsExport {
  readonly format: typeof CREDENTIALS_EXPORT_FORMAT;
  readonly formatVersion: 1;
  readonly exportedAt: string;
  readonly didDocument: KnownDocument;
  /** The signed status list credentials, by their URL. */
  readonly statusLists: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly credentials: readonly {
    readonly id: string;
    readonly credential: Readonly<Record<string, unknown>>;
    readonly vcJwt: string;
  }[];
}

const FIELD_NAMES: Readonly<Record<DigestedField, string>> = {
  issuer: 'the issuer',
  subject: "the learner's name or id",
  achievement: 'the achievement',
  score: 'the score',
  dates: 'the dates',
  evidence: 'the ledger evidence',
  status: 'the status entry',
};

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The text of a plain string or of VC 2.0 language values, the given language first. */
export function textOf(value: unknown, language = 'en'): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const values = value.filter(isObject);
    const chosen = values.find((item) => item['@language'] === language) ?? values[0];
    return typeof chosen?.['@value'] === 'string' ? chosen['@value'] : null;
  }
  if (isObject(value) && typeof value['@value'] === 'string') return value['@value'];
  return null;
}

export function summaryOf(credential: Json): CredentialSummary {
  const issuer = credential.issuer;
  const subject = isObject(credential.credentialSubject) ? credential.credentialSubject : {};
  const achievement = isObject(subject.achievement) ? subject.achievement : {};
  const result = Array.isArray(subject.result) ? (subject.result as unknown[]).find(isObject) : undefined;
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  return {
    id: text(credential.id),
    issuerId: typeof issuer === 'string' ? issuer : isObject(issuer) ? text(issuer.id) : null,
    issuerName: isObject(issuer) ? textOf(issuer.name) : null,
    subjectName: text(subject.name),
    achievementName: textOf(achievement.name),
    score: result === undefined ? null : text(result.value),
    validFrom: text(credential.validFrom),
    validUntil: text(credential.validUntil),
  };
}

/** The URL an error chain says the loader did not hold, if that is why it failed. */
function unknownUrlIn(error: unknown, depth = 0): string | undefined {
  if (depth > 8 || typeof error !== 'object' || error === null) return undefined;
  if (error instanceof UnknownDocumentError) return error.url;
  const record = error as Record<string, unknown>;
  const message =
    typeof record.message === 'string' ? /the document (\S+) is not one this verifier holds/.exec(record.message) : null;
  if (message?.[1] !== undefined) return message[1];
  for (const key of ['cause', 'details', 'error', 'errors']) {
    const inner = record[key];
    const list = Array.isArray(inner) ? inner : [inner];
    for (const item of list) {
      const found = unknownUrlIn(item, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function recordedDigests(credential: Json): string | undefined {
  if (!Array.isArray(credential.evidence)) return undefined;
  const item = (credential.evidence as unknown[]).find((entry) => isObject(entry) && entry.genre === FIELD_DIGESTS_GENRE);
  return isObject(item) && typeof item.description === 'string' ? item.description : undefined;
}

function issuerIdOf(credential: Json): unknown {
  return isObject(credential.issuer) ? credential.issuer.id : credential.issuer;
}

/** The library's own date checks are given the credential's validFrom as "now"; ours follow with the real time. */
function libraryNow(credential: Json, now: Date): Date {
  const from = typeof credential.validFrom === 'string' ? new Date(credential.validFrom) : undefined;
  return from !== undefined && !Number.isNaN(from.getTime()) ? from : now;
}

async function checkDataIntegrity(credential: Json, didDocument: KnownDocument, now: Date): Promise<VerificationReason[]> {
  const proofs = Array.isArray(credential.proof) ? credential.proof : [credential.proof];
  const proof = proofs.find(isObject);
  if (proof === undefined) return [{ code: 'malformed', message: 'the credential has no proof' }];
  if (proof.cryptosuite !== 'eddsa-rdfc-2022')
    return [{ code: 'malformed', message: `the proof's cryptosuite ${String(proof.cryptosuite)} is not eddsa-rdfc-2022` }];
  const assertion = Array.isArray(didDocument.assertionMethod) ? (didDocument.assertionMethod as unknown[]) : [];
  if (issuerIdOf(credential) !== didDocument.id || !assertion.includes(proof.verificationMethod))
    return [
      {
        code: 'issuer-key',
        message: `the proof's key ${String(proof.verificationMethod)} is not an assertion key of the issuer ${didDocument.id}`,
      },
    ];
  const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  let result: Awaited<ReturnType<typeof vc.verifyCredential>>;
  try {
    result = await vc.verifyCredential({
      credential: structuredClone(credential) as Record<string, unknown>,
      suite,
      documentLoader: createDocumentLoader([didDocument]),
      now: libraryNow(credential, now),
      checkStatus: async () => ({ verified: true }),
    });
  } catch (error) {
    result = { verified: false, error };
  }
  if (result.verified) return [];
  const unknown = unknownUrlIn(result);
  if (unknown !== undefined)
    return [
      {
        code: 'unknown-document',
        message: `the credential refers to ${unknown}, which this verifier does not hold (no network is used)`,
      },
    ];
  const recorded = recordedDigests(credential);
  const changed = recorded === undefined ? [] : await changedFields(credential, recorded);
  if (changed.length === 0)
    return [{ code: 'proof', message: 'the proof does not match the credential: it was changed after it was issued' }];
  return changed.map((field) => ({
    code: 'changed',
    field,
    message: `${FIELD_NAMES[field]} was changed after the credential was issued`,
  }));
}

async function checkJose(
  token: string,
  didDocument: KnownDocument,
): Promise<{ credential?: Json; reasons: VerificationReason[] }> {
  let kid: unknown;
  try {
    const header = decodeProtectedHeader(token);
    if (header.typ !== 'vc+jwt')
      return { reasons: [{ code: 'malformed', message: `the token's typ is ${String(header.typ)}, not vc+jwt` }] };
    kid = header.kid;
  } catch {
    return { reasons: [{ code: 'malformed', message: 'this is neither a credential (JSON) nor a VC-JOSE token' }] };
  }
  const method = didDocument.verificationMethod?.find((item) => item.id === kid);
  const assertion = Array.isArray(didDocument.assertionMethod) ? (didDocument.assertionMethod as unknown[]) : [];
  if (method === undefined || !assertion.includes(kid))
    return {
      reasons: [{ code: 'issuer-key', message: `the token's key ${String(kid)} is not an assertion key of ${didDocument.id}` }],
    };
  let publicKey: Awaited<ReturnType<typeof importJWK>>;
  try {
    const x = base64url(decodeMultikey(String(method.publicKeyMultibase)));
    publicKey = await importJWK({ kty: 'OKP', crv: 'Ed25519', x }, 'EdDSA');
  } catch (error) {
    return { reasons: [{ code: 'issuer-key', message: `the issuer key cannot be read: ${(error as Error).message}` }] };
  }
  try {
    const { payload } = await compactVerify(token, publicKey, { algorithms: ['EdDSA'] });
    const credential = JSON.parse(new TextDecoder().decode(payload)) as unknown;
    if (!isObject(credential)) return { reasons: [{ code: 'malformed', message: 'the token does not carry a credential' }] };
    if (issuerIdOf(credential) !== didDocument.id)
      return { credential, reasons: [{ code: 'issuer-key', message: `the credential's issuer is not ${didDocument.id}` }] };
    return { credential, reasons: [] };
  } catch {
    return { reasons: [{ code: 'proof', message: 'the token signature does not match: it was changed after it was issued' }] };
  }
}

/** The 32 public key bytes of an Ed25519 Multikey (`z` + base58btc of 0xed 0x01 + key). */
export function decodeMultikey(multibase: string): Uint8Array {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  if (!multibase.startsWith('z')) throw new Error('not a base58btc multibase value');
  let value = 0n;
  for (const char of multibase.slice(1)) {
    const digit = alphabet.indexOf(char);
    if (digit < 0) throw new Error('not a base58btc multibase value');
    value = value * 58n + BigInt(digit);
  }
  const bytes: number[] = [];
  while (value > 0n) {
    bytes.unshift(Number(value & 0xffn));
    value >>= 8n;
  }
  if (bytes.length !== 34 || bytes[0] !== 0xed || bytes[1] !== 0x01) throw new Error('not an Ed25519 Multikey');
  return Uint8Array.from(bytes.slice(2));
}

function checkDates(credential: Json, now: Date): VerificationReason[] {
  const reasons: VerificationReason[] = [];
  const until = typeof credential.validUntil === 'string' ? new Date(credential.validUntil) : undefined;
  if (until !== undefined && until.getTime() < now.getTime())
    reasons.push({ code: 'expired', message: `the credential expired on ${String(credential.validUntil)}` });
  const from = typeof credential.validFrom === 'string' ? new Date(credential.validFrom) : undefined;
  if (from !== undefined && from.getTime() > now.getTime() + 300_000)
    reasons.push({ code: 'not-yet-valid', message: `the credential is valid only from ${String(credential.validFrom)}` });
  return reasons;
}

async function checkRevocation(
  credential: Json,
  options: VerifyOptions,
): Promise<{ reasons: VerificationReason[]; checked: boolean }> {
  const entry = credential.credentialStatus;
  if (!isObject(entry)) return { reasons: [], checked: true };
  const list = options.statusList;
  if (list === undefined)
    return {
      reasons: [{ code: 'status-not-checked', message: 'no status list was given, so revocation was not checked' }],
      checked: false,
    };
  const bad = (message: string) => ({ reasons: [{ code: 'status-list' as const, message }], checked: false });
  if (list.id !== entry.statusListCredential)
    return bad(`the status list given is ${String(list.id)}, not the credential's ${String(entry.statusListCredential)}`);
  const listProblems = await checkDataIntegrity(list, options.didDocument, options.now ?? new Date());
  if (listProblems.length > 0)
    return bad(`the status list does not verify: ${listProblems.map((item) => item.message).join('; ')}`);
  const subject = isObject(list.credentialSubject) ? list.credentialSubject : {};
  if (subject.statusPurpose !== entry.statusPurpose) return bad('the status list is for another purpose');
  try {
    const revoked = await statusBit(String(subject.encodedList), Number(entry.statusListIndex));
    return { reasons: revoked ? [{ code: 'revoked', message: 'the issuer has revoked this credential' }] : [], checked: true };
  } catch (error) {
    return bad(`the status list cannot be read: ${(error as Error).message}`);
  }
}

function verdict(reasons: readonly VerificationReason[]): VerificationStatus {
  const has = (...codes: ReasonCode[]) => reasons.some((reason) => codes.includes(reason.code));
  if (has('proof', 'changed', 'issuer-key')) return 'tampered';
  if (has('malformed', 'unknown-document', 'not-yet-valid', 'status-list')) return 'unverifiable';
  if (has('revoked')) return 'revoked';
  if (has('expired')) return 'expired';
  return 'valid';
}

/** Verifies a credential: its JSON (Data Integrity form) or a VC-JOSE compact token. */
export async function verifyCredential(input: unknown, options: VerifyOptions): Promise<VerificationReport> {
  const now = options.now ?? new Date();
  let credential: Json;
  let format: VerificationReport['format'];
  const reasons: VerificationReason[] = [];
  if (typeof input === 'string') {
    const checked = await checkJose(input.trim(), options.didDocument);
    format = 'vc-jose';
    reasons.push(...checked.reasons);
    if (checked.credential === undefined)
      return { status: verdict(reasons), format, reasons, summary: summaryOf({}), revocationChecked: false };
    credential = checked.credential;
  } else if (isObject(input)) {
    credential = input;
    format = 'data-integrity';
    reasons.push(...(await checkDataIntegrity(credential, options.didDocument, now)));
  } else {
    const malformed: VerificationReason = { code: 'malformed', message: 'this is not a credential' };
    return { status: 'unverifiable', format: 'unknown', reasons: [malformed], summary: summaryOf({}), revocationChecked: false };
  }
  reasons.push(...checkDates(credential, now));
  const revocation = await checkRevocation(credential, options);
  reasons.push(...revocation.reasons);
  return { status: verdict(reasons), format, reasons, summary: summaryOf(credential), revocationChecked: revocation.checked };
}
