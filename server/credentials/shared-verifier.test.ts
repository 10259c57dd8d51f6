// The verifier's parts that run in the browser too (src/credentials) agree with what the issuer
// writes in Node: the field digests (Web Crypto against node:crypto) and the status bits
// (DecompressionStream against node:zlib), including lists that are not valid encodings.
import { describe, expect, it } from 'vitest';
import { changedFields, fieldDigestsOf } from '../../src/credentials/field-digests.ts';
import { statusBit } from '../../src/credentials/status-bits.ts';
import { fieldDigests } from './credential-document.ts';
import { encodeStatusList, STATUS_LIST_SIZE } from './status-list.ts';

const credential = {
  issuer: { id: 'did:web:shixun.test', name: [{ '@value': '培训中心', '@language': 'zh-CN' }] },
  validFrom: '2026-05-01T08:00:00Z',
  credentialSubject: { id: 'urn:shixun:user:1', name: '李华', achievement: { id: 'a' }, result: [{ value: '92' }] },
  evidence: [{ genre: 'ledger-entry', description: 'sha256:ab' }],
  credentialStatus: { statusListIndex: '7' },
};

describe('the verifier shared with the browser', () => {
  it('computes the same field digests as the issuer, and names a changed score', async () => {
    const recorded = fieldDigests(credential);
    expect(await fieldDigestsOf(credential)).toBe(recorded);
    expect(await changedFields(credential, recorded)).toEqual([]);
    const changed = { ...credential, credentialSubject: { ...credential.credentialSubject, result: [{ value: '99' }] } };
    expect(await changedFields(changed, recorded)).toEqual(['score']);
  });

  it('reads the bits the issuer set, and refuses lists that are not valid encodings', async () => {
    const encoded = encodeStatusList([0, 7, 131_071]);
    expect(await statusBit(encoded, 0)).toBe(true);
    expect(await statusBit(encoded, 7)).toBe(true);
    expect(await statusBit(encoded, 8)).toBe(false);
    expect(await statusBit(encoded, STATUS_LIST_SIZE - 1)).toBe(true);
    await expect(statusBit(encoded, STATUS_LIST_SIZE)).rejects.toThrow(/outside the list/);
    await expect(statusBit(encoded.slice(1), 0)).rejects.toThrow(/must start with "u"/);
    await expect(statusBit('uAAAA', 0)).rejects.toThrow(/not GZIP/);
  });
});
