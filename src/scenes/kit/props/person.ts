// A stylised standing person facing +z; the tint colours the jacket.
import { mixHex } from '../geometry-builder';
import { PALETTE as P } from '../palette';
import type { KitPropSpec } from './types';

export const person: KitPropSpec = {
  size: [0.54, 1.72, 0.3],
  build(b, tint) {
    const jacket = tint ?? P.suit;
    const sleeve = mixHex(jacket, '#000000', 0.1);
    for (const x of [-0.09, 0.09]) {
      b.slab([0.12, 0.06, 0.24], [x, 0, 0.03], P.shoe);
      b.slab([0.13, 0.82, 0.15], [x, 0.05, 0], P.trousers);
    }
    b.slab([0.36, 0.2, 0.2], [0, 0.8, 0], jacket);
    b.slab([0.38, 0.42, 0.22], [0, 0.98, 0], jacket, { top: mixHex(jacket, '#ffffff', 0.08) });
    // Shirt, tie and lapels on the front.
    b.box([0.1, 0.2, 0.01], [0, 1.3, 0.108], P.shirt);
    b.box([0.04, 0.18, 0.012], [0, 1.27, 0.112], P.govRed);
    b.box([0.03, 0.22, 0.012], [-0.065, 1.28, 0.112], mixHex(jacket, '#000000', 0.25), { rot: [0, 0, -14] });
    b.box([0.03, 0.22, 0.012], [0.065, 1.28, 0.112], mixHex(jacket, '#000000', 0.25), { rot: [0, 0, 14] });
    for (const s of [-1, 1]) {
      b.at([s * 0.21, 1.36, 0], [0, 0, s * 2], () => {
        b.box([0.08, 0.56, 0.12], [0, -0.28, 0], sleeve);
        b.box([0.07, 0.1, 0.09], [0, -0.61, 0.01], P.skin);
      });
    }
    b.cylinder(0.05, 0.055, 0.1, [0, 1.44, 0], P.skin, { segments: 8 });
    b.sphere(0.115, [0, 1.58, 0.005], P.skin, { segments: 12 });
    b.sphere(0.12, [0, 1.615, -0.02], P.hair, { segments: 12, scale: [1, 0.85, 1] });
    b.box([0.025, 0.012, 0.01], [-0.04, 1.585, 0.112], P.hair);
    b.box([0.025, 0.012, 0.01], [0.04, 1.585, 0.112], P.hair);
  },
};
