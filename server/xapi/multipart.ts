// multipart/mixed (RFC 2046) as xAPI uses it for attachments: parsing request bodies into parts
// and building response bodies. Small and strict, because no maintained parser handles "mixed".
import { randomBytes } from 'node:crypto';
import { badRequest } from './errors.ts';

export interface MultipartPart {
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

const CRLF = Buffer.from('\r\n');

/** The `boundary` parameter of a multipart content type, or undefined when absent or malformed. */
export function boundaryOf(contentType: string): string | undefined {
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^;\s"]{1,70}))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  let last: string | undefined;
  for (const line of block.split('\r\n')) {
    if (/^[ \t]/.test(line) && last !== undefined) {
      headers[last] = `${headers[last] ?? ''} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw badRequest(`A multipart part has a malformed header line: "${line.slice(0, 80)}".`);
    last = line.slice(0, colon).trim().toLowerCase();
    headers[last] = line.slice(colon + 1).trim();
  }
  return headers;
}

export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  // Prefixing CRLF lets the first delimiter be found like every other one ("CRLF--boundary").
  const data = Buffer.concat([CRLF, body]);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let position = data.indexOf(delimiter);
  if (position < 0) throw badRequest(`The multipart body never uses its boundary "${boundary}".`);
  const parts: MultipartPart[] = [];
  for (;;) {
    let cursor = position + delimiter.length;
    if (data[cursor] === 0x2d && data[cursor + 1] === 0x2d) return parts;
    while (data[cursor] === 0x20 || data[cursor] === 0x09) cursor += 1;
    if (data[cursor] !== 0x0d || data[cursor + 1] !== 0x0a) throw badRequest('A multipart boundary line must end with CRLF.');
    cursor += 2;
    const next = data.indexOf(delimiter, cursor);
    if (next < 0) throw badRequest(`The multipart body has no closing boundary "--${boundary}--".`);
    const raw = data.subarray(cursor, next);
    if (raw.subarray(0, 2).equals(CRLF)) {
      parts.push({ headers: {}, body: raw.subarray(2) });
    } else {
      const headerEnd = raw.indexOf('\r\n\r\n');
      if (headerEnd < 0) throw badRequest('A multipart part has no blank line between its headers and its body.');
      parts.push({ headers: parseHeaders(raw.subarray(0, headerEnd).toString('latin1')), body: raw.subarray(headerEnd + 4) });
    }
    position = next;
  }
}

export function newBoundary(): string {
  return `shixun-${randomBytes(16).toString('hex')}`;
}

export function buildMultipart(parts: readonly MultipartPart[], boundary: string): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const head = Object.entries(part.headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    chunks.push(Buffer.from(`--${boundary}\r\n${head}\r\n`, 'latin1'), part.body, CRLF);
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}
