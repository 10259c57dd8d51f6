// Office equipment and fittings: printer, bin, shredder, plant, lamp.
import { mixHex } from '../geometry-builder';
import { PALETTE as P } from '../palette';
import type { KitPropSpec } from './types';

export const printer: KitPropSpec = {
  size: [0.45, 0.35, 0.42],
  build(b, tint) {
    const body = tint ?? P.plasticWhite;
    const dark = P.charcoal;
    b.slab([0.45, 0.26, 0.34], [0, 0, -0.03], body);
    b.slab([0.45, 0.05, 0.34], [0, 0.26, -0.03], mixHex(body, '#000000', 0.12));
    b.slab([0.44, 0.04, 0.33], [0, 0.31, -0.035], dark);
    // Output slot with a printed page, control panel and the paper tray sticking out in front.
    b.box([0.3, 0.025, 0.02], [0, 0.2, 0.14], dark);
    b.box([0.21, 0.003, 0.1], [0, 0.188, 0.1], P.paper);
    b.box([0.12, 0.035, 0.04], [0.14, 0.285, 0.14], dark);
    b.box([0.05, 0.025, 0.002], [0.12, 0.29, 0.161], P.ledBlue, { glow: 1 });
    b.box([0.012, 0.012, 0.004], [0.18, 0.29, 0.161], P.ledGreen, { glow: 1 });
    b.slab([0.3, 0.02, 0.08], [0, 0.06, 0.17], mixHex(body, '#000000', 0.2));
    b.slab([0.21, 0.012, 0.07], [0, 0.08, 0.165], P.paper);
  },
};

export const bin: KitPropSpec = {
  size: [0.36, 0.45, 0.36],
  build(b, tint) {
    const body = tint ?? '#5d646c';
    b.cylinder(0.17, 0.14, 0.43, [0, 0.215, 0], body, { segments: 12 });
    b.cylinder(0.18, 0.18, 0.025, [0, 0.4375, 0], mixHex(body, '#000000', 0.3), { segments: 12 });
    b.cylinder(0.155, 0.155, 0.01, [0, 0.447, 0], P.black, { segments: 12 });
    b.box([0.09, 0.05, 0.002], [0, 0.27, 0.163], P.paper, { rot: [4, 0, 0] });
  },
};

export const shredder: KitPropSpec = {
  size: [0.4, 0.6, 0.3],
  build(b, tint) {
    const body = tint ?? '#3a3f45';
    b.slab([0.4, 0.48, 0.3], [0, 0, 0], body);
    // Window on the bin showing shredded strips.
    b.slab([0.28, 0.22, 0.01], [0, 0.1, 0.15], '#1a2a33');
    for (let i = 0; i < 6; i++) {
      b.slab([0.012, 0.12 - (i % 3) * 0.025, 0.005], [-0.1 + i * 0.04, 0.11, 0.157], P.paper);
    }
    b.slab([0.41, 0.12, 0.31], [0, 0.48, 0], P.black);
    b.box([0.28, 0.008, 0.02], [0, 0.601, -0.02], '#000000');
    b.box([0.02, 0.012, 0.02], [0.15, 0.604, 0.08], P.ledGreen, { glow: 1 });
    b.box([0.08, 0.05, 0.005], [0, 0.54, 0.158], mixHex(body, '#ffffff', 0.2));
  },
};

export const plant: KitPropSpec = {
  size: [0.45, 1.1, 0.45],
  build(b, tint) {
    const leaf = tint ?? P.leaf;
    const light = mixHex(leaf, '#d8e27a', 0.35);
    b.cylinder(0.16, 0.12, 0.34, [0, 0.17, 0], P.potWhite, { segments: 12 });
    b.cylinder(0.165, 0.165, 0.03, [0, 0.33, 0], mixHex(P.potWhite, '#000000', 0.1), { segments: 12 });
    b.cylinder(0.145, 0.145, 0.02, [0, 0.33, 0], P.soil, { segments: 12 });
    // Snake-plant style blades: flattened four-sided cones fanning out of the pot.
    // Blades with the same i % 3 sit 90° apart, so the clump stays centred on its pot.
    const blades = 12;
    for (let i = 0; i < blades; i++) {
      const yaw = i * 30 + 7;
      const h = 0.52 + (i % 3) * 0.1;
      const lean = 6 + (i % 3) * 5;
      b.at([0, 0.33, 0], [0, yaw, 0], () => {
        b.at([0, 0, 0.03 + (i % 2) * 0.02], [lean, 0, 0], () => {
          b.cylinder(0.004, 0.045, h, [0, h / 2, 0], i % 2 ? leaf : light, {
            segments: 4,
            scale: [1, 1, 0.22],
            top: mixHex(leaf, '#1d3b1a', 0.4),
          });
        });
      });
    }
  },
};

export const lamp: KitPropSpec = {
  size: [0.2, 0.47, 0.3],
  build(b, tint) {
    const body = tint ?? P.charcoal;
    b.cylinder(0.09, 0.1, 0.025, [0, 0.0125, -0.04], body, { segments: 14 });
    b.at([0, 0.025, -0.06], [-6, 0, 0], () => b.cylinder(0.011, 0.011, 0.33, [0, 0.165, 0], body, { segments: 6 }));
    b.sphere(0.02, [0, 0.35, -0.095], body, { segments: 6 });
    b.at([0, 0.35, -0.095], [62, 0, 0], () => b.cylinder(0.01, 0.01, 0.17, [0, 0.085, 0], body, { segments: 6 }));
    b.at([0, 0.41, 0.06], [-35, 0, 0], () => {
      b.cylinder(0.025, 0.08, 0.11, [0, 0, 0], body, { segments: 14 });
      b.cylinder(0.07, 0.07, 0.004, [0, -0.054, 0], '#fff3cf', { segments: 14, glow: 1 });
    });
  },
};
