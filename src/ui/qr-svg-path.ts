// A QR code as one SVG path, made in the browser (no image service, nothing fetched): each dark
// module is a 1×1 square in a grid of `size` modules. Tests rebuild the path for a URL to check
// that the page's QR code encodes exactly that URL.
import { create } from 'qrcode';

export interface QrSvgPath {
  /** Modules per side, not counting the quiet zone. */
  readonly size: number;
  /** SVG path data, one `M x y h1v1h-1z` square per dark module. */
  readonly path: string;
}

export function qrSvgPath(text: string): QrSvgPath {
  // Level M survives a smudged or glare-struck screen and keeps a short URL at version 3–4.
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const squares: string[] = [];
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) squares.push(`M${col} ${row}h1v1h-1z`);
    }
  }
  return { size: modules.size, path: squares.join('') };
}
