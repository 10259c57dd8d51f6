// Bitstring Status List v1.0: the revocation bits of one list, GZIP-compressed and multibase
// base64url-encoded (`u…`), in a status list credential the issuer signs when it is served.
import { gzipSync } from 'node:zlib';
import { VC_CONTEXT } from '../../src/credentials/document-loader.ts';
import { dateTime, statusListUrl } from './credential-document.ts';
import type { Issuer } from './issuer.ts';

/** Entries per list: the spec's minimum of 16 KiB of bits, so a list hides which entry is checked. */
export const STATUS_LIST_SIZE = 131_072;

/** The list number (from 1) and index in it of the n-th credential issued (n from 0). */
export function statusPosition(n: number): { list: number; index: number } {
  return { list: Math.floor(n / STATUS_LIST_SIZE) + 1, index: n % STATUS_LIST_SIZE };
}

/** The encoded list with the given indexes set; bit 0 is the most significant bit of byte 0. */
export function encodeStatusList(revoked: Iterable<number>): string {
  const bits = new Uint8Array(STATUS_LIST_SIZE / 8);
  for (const index of revoked) bits[index >> 3]! |= 0x80 >> (index & 7);
  return `u${gzipSync(bits).toString('base64url')}`;
}

export function statusListDocument(issuer: Issuer, list: number, revoked: Iterable<number>, now: Date): Record<string, unknown> {
  const id = statusListUrl(issuer, list);
  return {
    '@context': [VC_CONTEXT],
    id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: issuer.did,
    validFrom: dateTime(now),
    credentialSubject: {
      id: `${id}#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
      encodedList: encodeStatusList(revoked),
    },
  };
}
