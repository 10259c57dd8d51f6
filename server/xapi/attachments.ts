// Attachments sent with statements as multipart/mixed: each part's SHA-2 must match its
// X-Experience-API-Hash and an attachment of the statements; attachments without fileUrl need a part.
import { createHash } from 'node:crypto';
import { badRequest } from './errors.ts';
import { parseJsonBody } from './json-body.ts';
import { boundaryOf, parseMultipart } from './multipart.ts';
import type { AttachmentMetadata, Statement } from './types.ts';

export interface ReceivedAttachment {
  /** Lower-case hex, as computed from the content. */
  readonly sha2: string;
  readonly contentType: string;
  readonly content: Buffer;
}

/** A multipart statements request: the JSON of the first part and the attachment parts. */
export class MultipartStatements {
  constructor(
    readonly json: unknown,
    readonly parts: readonly ReceivedAttachment[],
  ) {}
}

const ALGORITHM_BY_HEX_LENGTH: Readonly<Record<number, string>> = { 56: 'sha224', 64: 'sha256', 96: 'sha384', 128: 'sha512' };

export function sha2Of(content: Buffer, hexLength: number): string | undefined {
  const algorithm = ALGORITHM_BY_HEX_LENGTH[hexLength];
  return algorithm === undefined ? undefined : createHash(algorithm).update(content).digest('hex');
}

function essence(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function parseMultipartStatements(body: Buffer, contentType: string): MultipartStatements {
  const boundary = boundaryOf(contentType);
  if (boundary === undefined) throw badRequest('A multipart/mixed request needs a boundary parameter in its Content-Type.');
  const [first, ...rest] = parseMultipart(body, boundary);
  if (first === undefined) throw badRequest('The multipart body has no parts: the first part must hold the statements as JSON.');
  if (essence(first.headers['content-type']) !== 'application/json') {
    throw badRequest('The first part of a multipart statements request must have Content-Type: application/json.');
  }
  const parts = rest.map((part, index) => {
    const where = `multipart part ${index + 2}`;
    const declared = part.headers['x-experience-api-hash']?.trim().toLowerCase();
    if (declared === undefined || declared === '')
      throw badRequest(`The ${where} has no X-Experience-API-Hash header: give the SHA-2 of its content.`);
    const encoding = part.headers['content-transfer-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'binary')
      throw badRequest(`The ${where} has Content-Transfer-Encoding "${encoding}"; xAPI attachments are sent as binary.`);
    const actual = sha2Of(part.body, declared.length);
    if (actual === undefined)
      throw badRequest(`The ${where} has an X-Experience-API-Hash that is not a hex SHA-224, -256, -384 or -512.`);
    if (actual !== declared)
      throw badRequest(
        `The content of the ${where} does not match its X-Experience-API-Hash ${declared} (its SHA-2 is ${actual}).`,
      );
    return { sha2: actual, contentType: part.headers['content-type'] ?? 'application/octet-stream', content: part.body };
  });
  return new MultipartStatements(parseJsonBody(first.body.toString('utf8')), parts);
}

/** Every attachment of a statement, including those of a SubStatement object. */
export function attachmentsOf(statement: Statement): AttachmentMetadata[] {
  const own = statement.attachments ?? [];
  const object = statement.object;
  return object.objectType === 'SubStatement' ? [...own, ...(object.attachments ?? [])] : [...own];
}

/** Checks parts against the statements' attachment metadata; returns the parts by hash. */
export function matchAttachments(
  statements: readonly Statement[],
  parts: readonly ReceivedAttachment[],
): Map<string, ReceivedAttachment> {
  const byHash = new Map(parts.map((part) => [part.sha2, part]));
  const declared = new Set<string>();
  statements.forEach((statement, index) => {
    for (const attachment of attachmentsOf(statement)) {
      const sha2 = attachment.sha2.toLowerCase();
      declared.add(sha2);
      if (attachment.fileUrl === undefined && !byHash.has(sha2)) {
        throw badRequest(
          `statements[${index}] has an attachment (sha2 ${sha2}) with no fileUrl and no multipart part holding its content.`,
        );
      }
    }
  });
  for (const part of parts) {
    if (!declared.has(part.sha2))
      throw badRequest(`A multipart part (sha2 ${part.sha2}) matches no attachment of the statements.`);
  }
  return byHash;
}
