// A data-governance room / small data centre: rows of server racks along both walls on a raised
// floor, cable trays overhead, a large dashboard wall ahead, cooling units at the back. Cool light.
import type { KitBuilder } from '../geometry-builder';
import { PALETTE as P } from '../palette';
import { dashboard, rulesBoard } from './fittings';
import { place } from './furnish';
import { type RoomShell, onWall } from './room-shell';
import type { EnvironmentPreset } from './types';

const shell: RoomShell = {
  x: [-7, 7],
  z: [-9, 4.5],
  height: 3,
  floor: {
    tile: 0.6,
    colors: ['#c9cdd2', '#c4c8cd', '#ced2d6', '#8f979f'],
    grout: '#4f555c',
    gap: 0.018,
    // Perforated tiles (darker) in the cold aisle in front of each rack row.
    pattern: (x, _z, i, k) => (Math.abs(x) > 5.1 && Math.abs(x) < 5.9 && k % 3 !== 1 ? 3 : (i * 7 + k * 13) % 3),
  },
  wall: '#d6dce2',
  wainscot: { height: 0.3, color: '#8a939c' },
  skirting: '#5b636b',
  ceiling: '#e9ecef',
  ceilingGlow: 0.5,
  lights: {
    size: [0.25, 2.4],
    at: [-3.2, 0, 3.2].flatMap((x) => [-7.3, -4.5, -1.7, 1.3].map((z) => [x, z] as const)),
    color: '#eef6ff',
  },
};

/** A precision air-conditioning unit (精密空调): tall light cabinet with vents and a display. */
function coolingUnit(b: KitBuilder): void {
  b.slab([1.2, 2.0, 0.8], [0, 0, 0.4], '#e3e6e8');
  for (let i = 0; i < 8; i++) b.box([1.0, 0.03, 0.01], [0, 0.3 + i * 0.09, 0.805], '#9aa2a9');
  b.box([0.22, 0.14, 0.01], [0.3, 1.55, 0.805], '#0c2034');
  b.box([0.18, 0.1, 0.002], [0.3, 1.55, 0.811], P.ledBlue, { glow: 1 });
  b.box([0.02, 0.5, 0.02], [-0.5, 1.2, 0.81], P.chrome);
}

/** A row of racks with its front towards +z, `n` racks side by side, centred on x = 0. */
function rackRow(b: KitBuilder, n: number, seed: number): void {
  for (let i = 0; i < n; i++) {
    const x = (i - (n - 1) / 2) * 0.6;
    place(b, 'server-rack', [x, 0, 0.5], 0, (i + seed) % 5 === 0 ? '#2b3038' : undefined);
  }
  // Cable tray above the row.
  const len = n * 0.6;
  b.box([len, 0.02, 0.4], [0, 2.35, 0.5], '#c7a23a');
  for (const z of [0.3, 0.7]) b.box([len, 0.08, 0.02], [0, 2.39, z], '#c7a23a');
}

function furnish(b: KitBuilder, s: RoomShell): void {
  onWall(b, s, 'left', -3.0, () => rackRow(b, 16, 0));
  onWall(b, s, 'right', -3.0, () => rackRow(b, 16, 2));
  onWall(b, s, 'front', 0, () => {
    // Video wall with its cabinet and frame.
    b.slab([6.6, 0.6, 0.45], [0, 0, 0.225], '#2b3036');
    b.slab([6.6, 2.1, 0.12], [0, 0.65, 0.06], P.black);
    b.at([-1.64, 0, 0.121], 0, () => dashboard(b, 3.24, 2.0, 1.7, 0));
    b.at([1.64, 0, 0.121], 0, () => dashboard(b, 3.24, 2.0, 1.7, 3, '#7cf2c6'));
    b.box([0.02, 2.0, 0.002], [0, 1.7, 0.123], P.black);
    b.at([-4.6, 0, 0], 0, () => rulesBoard(b, 1.0, 1.3, 1.1, P.govBlue));
    b.at([4.6, 0, 0], 0, () => rulesBoard(b, 1.0, 1.3, 1.1, P.govBlue));
    // Fire suppression panel and extinguisher.
    b.slab([0.35, 0.45, 0.1], [5.9, 1.3, 0.05], '#d23a2e');
    b.box([0.2, 0.08, 0.005], [5.9, 1.6, 0.102], P.ledGreen, { glow: 1 });
    b.cylinder(0.08, 0.08, 0.55, [-5.9, 0.3, 0.15], P.ledRed, { segments: 10 });
    b.cylinder(0.03, 0.05, 0.08, [-5.9, 0.61, 0.15], P.black, { segments: 8 });
  });
  onWall(b, s, 'back', 0, () => {
    for (const x of [-4.6, -3.2]) b.at([x, 0, 0], 0, () => coolingUnit(b));
    for (const x of [3.2, 4.6]) b.at([x, 0, 0], 0, () => coolingUnit(b));
    place(b, 'door', [0, 0, 0], 0, '#7d8a96');
    b.slab([0.5, 0.12, 0.02], [0, 2.2, 0.01], '#1f8a4c', { glow: 0.6 });
    place(b, 'cabinet', [-1.4, 0, 0.31], 0, '#9ea7b0');
    place(b, 'cabinet', [1.4, 0, 0.31], 0, '#9ea7b0');
  });
}

export const dataRoom: EnvironmentPreset = {
  background: '#0c1422',
  fog: { color: '#0c1422', near: 30, far: 80 },
  hemisphere: { sky: '#e3eeff', ground: '#59636f', intensity: 2.1 },
  sun: { color: '#d6e6ff', intensity: 1.0, position: [3, 8, 4] },
  shell,
  furnish,
};
