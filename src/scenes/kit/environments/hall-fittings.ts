// Fittings of public halls: linked queue seating, ticket kiosk, call-number screen, window signs.
import { type Hex, type KitBuilder, mixHex } from '../geometry-builder';
import { PALETTE as P } from '../palette';
import { sevenSegment } from './fittings';

/** A row of `n` linked steel seats (排椅) facing +z, centred on x = 0. */
export function beamSeating(b: KitBuilder, n: number, color: Hex = '#3f6fa6'): void {
  const pitch = 0.58;
  const len = n * pitch;
  b.box([len, 0.05, 0.06], [0, 0.36, -0.02], P.steelDark);
  for (const x of [-len / 2 + 0.25, len / 2 - 0.25]) {
    b.box([0.05, 0.36, 0.05], [x, 0.18, -0.02], P.steelDark);
    b.box([0.06, 0.03, 0.5], [x, 0.015, -0.02], P.steelDark);
  }
  for (let i = 0; i < n; i++) {
    const x = (i - (n - 1) / 2) * pitch;
    b.box([0.5, 0.04, 0.44], [x, 0.42, 0.02], color, { rot: [-4, 0, 0] });
    b.box([0.5, 0.44, 0.04], [x, 0.7, -0.2], color, { rot: [-12, 0, 0] });
    if (i > 0) b.box([0.05, 0.03, 0.38], [x - pitch / 2, 0.63, 0.0], P.chrome);
  }
}

/** A self-service ticket kiosk (取号机) facing +z: pedestal, tilted touch screen, blue header. */
export function ticketKiosk(b: KitBuilder): void {
  b.slab([0.56, 0.95, 0.4], [0, 0, 0], P.plasticWhite);
  b.slab([0.562, 0.1, 0.402], [0, 0.55, 0], P.govBlue);
  b.box([0.16, 0.015, 0.01], [0.1, 0.8, 0.205], P.charcoal);
  b.at([0, 0.95, 0.02], [-22, 0, 0], () => {
    b.slab([0.56, 0.56, 0.14], [0, 0, -0.07], P.plasticWhite);
    b.box([0.46, 0.36, 0.004], [0, 0.26, 0.002], P.screen, { glow: 1, top: P.screenTop });
    b.box([0.3, 0.06, 0.004], [0, 0.16, 0.005], '#ffffff', { glow: 1 });
  });
  b.slab([0.56, 0.22, 0.1], [0, 1.52, -0.09], P.govBlue, { glow: 0.3 });
  b.box([0.36, 0.07, 0.004], [0, 1.63, -0.038], '#ffffff', { glow: 1 });
}

/** A call-number screen (叫号屏) facing +z, w × h centred at height y: rows of window/number pairs. */
export function callScreen(b: KitBuilder, w: number, h: number, y: number): void {
  b.box([w + 0.06, h + 0.06, 0.06], [0, y, 0.03], P.black);
  b.quad(w, h, [0, y, 0.061], '#090b10', { glow: 1 });
  b.quad(w, h * 0.16, [0, y + h * 0.42, 0.063], '#b3261e', { glow: 1 });
  const rows = 4;
  for (let r = 0; r < rows; r++) {
    const ry = y + h * 0.25 - r * h * 0.2;
    b.at([-w * 0.3, 0, 0.063], 0, () => sevenSegment(b, String((r * 3 + 2) % 10), h * 0.13, ry, P.ledRed));
    b.at([-w * 0.22, 0, 0.063], 0, () => sevenSegment(b, String((r * 7 + 1) % 10), h * 0.13, ry, P.ledRed));
    b.quad(w * 0.45, h * 0.07, [w * 0.15, ry, 0.063], r === 0 ? P.ledGreen : mixHex(P.ledGreen, '#000000', 0.35), { glow: 1 });
  }
}

/** A hanging window sign: black LED box with the window number and a green text band. */
export function windowSign(b: KitBuilder, digit: string, y: number, ceiling: number): void {
  for (const x of [-0.35, 0.35]) b.box([0.012, ceiling - y - 0.18, 0.012], [x, (ceiling + y + 0.18) / 2, 0], P.steelDark);
  b.box([0.95, 0.36, 0.08], [0, y, 0], P.black);
  b.at([-0.3, 0, 0.041], 0, () => sevenSegment(b, digit, 0.24, y, P.ledRed));
  b.quad(0.5, 0.07, [0.15, y + 0.06, 0.041], P.ledGreen, { glow: 1 });
  b.quad(0.4, 0.05, [0.1, y - 0.07, 0.041], P.ledAmber, { glow: 1 });
}
