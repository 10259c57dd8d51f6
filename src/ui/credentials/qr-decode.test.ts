// The verify page's QR reader decodes the certificate's own QR code (drawn as the certificate page
// draws it) back to the verify address, finds nothing in a blank frame, and tells an address from a credential.
import { describe, expect, it } from 'vitest';
import { qrSvgPath } from '../qr-svg-path.ts';
import { decodeQr } from './qr-decode.ts';
import { scannedCode } from './scanned-code.ts';

/** The certificate's QR code as RGBA pixels: `scale` pixels per module, a 4-module quiet zone. */
function render(text: string, scale = 4): { rgba: Uint8ClampedArray; width: number } {
  const { size, path } = qrSvgPath(text);
  const width = (size + 8) * scale;
  const rgba = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const [, col, row] of path.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    for (let y = 0; y < scale; y++) {
      for (let x = 0; x < scale; x++) {
        const at = (((Number(row) + 4) * scale + y) * width + (Number(col) + 4) * scale + x) * 4;
        rgba[at] = rgba[at + 1] = rgba[at + 2] = 0;
      }
    }
  }
  return { rgba, width };
}

const ADDRESS = 'http://localhost:4440/verify?id=urn%3Auuid%3A5f0c6a3e-8d1b-4c2a-9e7f-1a2b3c4d5e6f';

describe('QR codes on the verify page', () => {
  it('decodes the certificate QR code to its verify address', () => {
    const { rgba, width } = render(ADDRESS);
    expect(decodeQr(rgba, width, width)).toBe(ADDRESS);
  });

  it('finds no code in a blank frame', () => {
    expect(decodeQr(new Uint8ClampedArray(64 * 64 * 4).fill(255), 64, 64)).toBeNull();
  });

  it('reads a verify address with its credential id, and anything else as a credential', () => {
    expect(scannedCode(ADDRESS, 'http://localhost:4440')).toEqual({
      kind: 'address',
      credentialId: 'urn:uuid:5f0c6a3e-8d1b-4c2a-9e7f-1a2b3c4d5e6f',
      sameSite: true,
      url: ADDRESS,
    });
    expect(scannedCode(ADDRESS, 'https://shixun.example')).toMatchObject({ kind: 'address', sameSite: false });
    expect(scannedCode(' eyJh.eyJi.c2ln ', 'http://localhost:4440')).toEqual({ kind: 'credential', text: 'eyJh.eyJi.c2ln' });
  });
});
