// Signed statements: the signature attachment holds a JWS (RS256/384/512) whose payload must be
// the statement itself; with an x5c chain the signature and the chain are verified as well.
import { verify, X509Certificate } from 'node:crypto';
import { badRequest } from './errors.ts';
import type { ReceivedAttachment } from './attachments.ts';
import { sameStatement, statementIdentity } from './statement-compare.ts';
import { SIGNATURE_USAGE_TYPE } from './types.ts';
import type { Statement, SubStatement } from './types.ts';
import { isObject } from './validate/primitives.ts';
import { validateStatement } from './validate/statement.ts';
import type { XapiVersion } from './validate/statement.ts';

const HASH_OF_ALG: Readonly<Record<string, string>> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' };

function decodeJson(segment: string, what: string, where: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw badRequest(`${where}: the JWS ${what} is not base64url-encoded JSON.`);
  }
}

function verifyChain(x5c: unknown, where: string): X509Certificate {
  if (!Array.isArray(x5c) || x5c.length === 0 || !x5c.every((item) => typeof item === 'string')) {
    throw badRequest(`${where}: the JWS header's x5c must be a non-empty array of base64 DER certificates.`);
  }
  let certificates: X509Certificate[];
  try {
    certificates = x5c.map((item: string) => new X509Certificate(Buffer.from(item, 'base64')));
  } catch {
    throw badRequest(`${where}: a certificate in the JWS header's x5c cannot be read.`);
  }
  // Each certificate must be signed by the next one; the last one is the root the client chose.
  for (let index = 0; index + 1 < certificates.length; index += 1) {
    const [child, parent] = [certificates[index], certificates[index + 1]];
    if (child === undefined || parent === undefined || !child.verify(parent.publicKey)) {
      throw badRequest(`${where}: certificate ${index} of the x5c chain is not signed by certificate ${index + 1}.`);
    }
  }
  const leaf = certificates[0];
  if (leaf === undefined || leaf.publicKey.asymmetricKeyType !== 'rsa')
    throw badRequest(`${where}: the signing certificate must hold an RSA key for RS256/384/512.`);
  return leaf;
}

/** `duration` with its seconds cut to hundredths: xAPI compares durations to 0.01 s. */
export function centisecondDuration(duration: string): string {
  return duration.replace(/(\d+)(?:[.,](\d+))?S$/, (_all, whole: string, fraction: string | undefined) => {
    return `${BigInt(whole).toString()}.${(fraction ?? '').padEnd(2, '0').slice(0, 2)}S`;
  });
}

function withCentisecondDurations<T extends Statement | SubStatement>(statement: T): T {
  const duration = statement.result?.duration;
  const object = statement.object;
  return {
    ...statement,
    ...(duration === undefined ? {} : { result: { ...statement.result, duration: centisecondDuration(duration) } }),
    ...(object.objectType === 'SubStatement' ? { object: withCentisecondDurations(object) } : {}),
  };
}

/** The statement as it was before the signature attachment was added to it. */
function withoutSignature(statement: Statement): Statement {
  const rest = (statement.attachments ?? []).filter((item) => item.usageType !== SIGNATURE_USAGE_TYPE);
  const { attachments: _attachments, ...others } = statement;
  return rest.length === 0 ? others : { ...others, attachments: rest };
}

/** Throws 400 unless the statement is unsigned or correctly signed. */
export function checkSignature(
  statement: Statement,
  parts: ReadonlyMap<string, ReceivedAttachment>,
  where: string,
  version: XapiVersion,
): void {
  const signatures = (statement.attachments ?? []).filter((item) => item.usageType === SIGNATURE_USAGE_TYPE);
  if (signatures.length === 0) return;
  if (signatures.length > 1) throw badRequest(`${where}: a statement carries at most one signature attachment.`);
  const part = parts.get(signatures[0]?.sha2.toLowerCase() ?? '');
  if (part === undefined)
    throw badRequest(`${where}: the signature attachment must be sent as a multipart part, not by fileUrl.`);
  const segments = part.content.toString('utf8').trim().split('.');
  const [headerSegment, payloadSegment, signatureSegment] = segments;
  if (segments.length !== 3 || headerSegment === undefined || payloadSegment === undefined || signatureSegment === undefined) {
    throw badRequest(`${where}: the signature is not a JWS in compact serialization (header.payload.signature).`);
  }
  const header = decodeJson(headerSegment, 'header', where);
  if (!isObject(header) || typeof header.alg !== 'string' || HASH_OF_ALG[header.alg] === undefined) {
    throw badRequest(`${where}: the JWS must use alg RS256, RS384 or RS512.`);
  }
  const payload = decodeJson(payloadSegment, 'payload', where);
  const issues = validateStatement(payload, `${where}.signature.payload`, version);
  if (issues.length > 0) throw badRequest(`${where}: the JWS payload is not a valid statement.`, issues);
  const signed = statementIdentity(withCentisecondDurations(payload as Statement));
  if (!sameStatement(signed, statementIdentity(withCentisecondDurations(withoutSignature(statement))))) {
    throw badRequest(`${where}: the JWS payload does not match the statement it signs.`);
  }
  if (header.x5c === undefined) return;
  const certificate = verifyChain(header.x5c, where);
  const input = Buffer.from(`${headerSegment}.${payloadSegment}`);
  const ok = verify(HASH_OF_ALG[header.alg], input, certificate.publicKey, Buffer.from(signatureSegment, 'base64url'));
  if (!ok) throw badRequest(`${where}: the JWS signature does not verify with the key of its x5c certificate.`);
}
