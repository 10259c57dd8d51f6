// Reading one bit of a Bitstring Status List (v1.0): GZIP-compressed, multibase base64url (`u…`),
// bit 0 the most significant bit of byte 0. Uses DecompressionStream, in the browser and in Node.
import { fromBase64url } from './field-digests.ts';

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Whether bit `index` is set in an encoded list; throws on a list that is not a valid encoding. */
export async function statusBit(encodedList: string, index: number): Promise<boolean> {
  if (!encodedList.startsWith('u')) throw new Error('the status list is not multibase base64url (it must start with "u")');
  let bits: Uint8Array;
  try {
    bits = await gunzip(fromBase64url(encodedList.slice(1)));
  } catch {
    throw new Error('the status list is not GZIP-compressed base64url');
  }
  if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8)
    throw new Error(`status index ${index} is outside the list of ${bits.length * 8} entries`);
  return ((bits[index >> 3] ?? 0) & (0x80 >> (index & 7))) !== 0;
}
