// An operations / command centre (指挥中心): a video wall of screens across the front wall, a
// curved row of operator consoles facing it, a raised supervisor row behind the learner, dark
// acoustic walls with blue cove light.
import type { KitBuilder } from '../geometry-builder';
import { PALETTE as P } from '../palette';
import { dashboard, rulesBoard } from './fittings';
import { place } from './furnish';
import { type RoomShell, onWall } from './room-shell';
import type { EnvironmentPreset } from './types';

const H = 3.4;

const shell: RoomShell = {
  x: [-8, 8],
  z: [-10, 6],
  height: H,
  floor: { tile: 0.6, colors: ['#3d434c', '#393f47', '#41474f'], grout: '#2a2e34', gap: 0.006 },
  wall: '#3c4452',
  skirting: '#1f2329',
  ceiling: '#343b46',
  ceilingGlow: 0.25,
  ceilingGrid: { spacing: 1.2, color: '#2a3039' },
  lights: {
    size: [0.3, 0.3],
    at: [-6, -3.6, -1.2, 1.2, 3.6, 6].flatMap((x) => [-7.8, -5.4, -3, -0.6, 1.8, 4.2].map((z) => [x, z] as const)),
    color: '#e8f1ff',
  },
};

/** Arc centre of the console rows: they curve around a point beyond the video wall. */
const ARC_Z = -16.7;

/** One console segment facing +z (the operator sits at +z and looks towards -z, the wall). */
function console(b: KitBuilder, len: number, on: number): void {
  b.slab([len, 0.04, 0.85], [0, 0.72, 0], '#5a606a');
  b.slab([len, 0.7, 0.04], [0, 0.02, -0.4], '#56606c');
  b.box([len, 0.02, 0.005], [0, 0.55, -0.423], P.ledBlue, { glow: 1 });
  b.slab([len, 0.02, 0.85], [0, 0, 0], '#1e2227');
  b.slab([len, 0.2, 0.06], [0, 0.76, -0.38], '#3a414b');
  b.box([len, 0.03, 0.02], [0, 0.74, 0.43], P.ledBlue, { glow: 0.8 });
  for (const [i, x] of [-len / 4, len / 4].entries()) {
    b.at([x, 0.76, -0.22], 0, () => {
      place(b, 'monitor', [-0.15, 0, 0], 8);
      place(b, 'monitor', [0.4, 0, -0.03], -8);
      if ((i + on) % 2 === 0) place(b, 'keyboard', [0.1, 0, 0.3]);
    });
  }
  place(b, 'chair', [0, 0, 0.75], 180 + on * 7 - 7, '#2f3642');
}

/** Segments along an arc of radius r around (0, ARC_Z), chord `len`, `n` of them. */
function consoleArc(b: KitBuilder, r: number, n: number, len: number, y: number): void {
  const step = 2 * Math.asin(len / 2 / r);
  for (let k = 0; k < n; k++) {
    const theta = (k - (n - 1) / 2) * step;
    const pos = [r * Math.sin(theta), y, ARC_Z + r * Math.cos(theta) * Math.cos(step / 2)] as const;
    b.at(pos, (theta * 180) / Math.PI, () => console(b, len, k % 3));
  }
}

function videoWall(b: KitBuilder, s: RoomShell): void {
  onWall(b, s, 'front', 0, () => {
    const cols = 7;
    const rows = 3;
    const w = 1.6;
    const h = 0.9;
    const gap = 0.02;
    const y0 = 0.55;
    b.slab([cols * (w + gap) + 0.3, y0, 0.5], [0, 0, 0.25], '#1c2026');
    b.slab([cols * (w + gap) + 0.3, rows * (h + gap) + 0.15, 0.14], [0, y0, 0.07], P.black);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const x = (c - (cols - 1) / 2) * (w + gap);
        const y = y0 + 0.075 + h / 2 + r * (h + gap);
        const centre = c >= 2 && c <= 4 && r >= 1;
        if (centre) continue;
        const seed = r * 7 + c;
        b.at([x, 0, 0.141], 0, () => {
          if (seed % 3 === 1) {
            // A camera feed: grey street scene blocks.
            b.quad(w, h, [0, y, 0], '#2b3a3f', { glow: 1, top: '#5b6e74' });
            b.quad(w * 0.3, h * 0.5, [-w * 0.25, y - h * 0.1, 0.002], '#47585e', { glow: 1 });
            b.quad(w * 0.2, h * 0.7, [w * 0.2, y, 0.002], '#3a4b50', { glow: 1 });
            b.quad(w * 0.15, h * 0.06, [-w * 0.38, y + h * 0.4, 0.003], '#ffffff', { glow: 1 });
          } else {
            dashboard(b, w, h, y, seed, seed % 2 ? '#35c4ff' : '#7cf2c6');
          }
        });
      }
    }
    // The merged centre block: a large situational map.
    b.at([0, 0, 0.141], 0, () => dashboard(b, 3 * w + 2 * gap, 2 * h + gap, y0 + 0.075 + h + gap + h + gap / 2, 4, '#ff8a3d'));
    // LED clocks above the wall.
    for (const x of [-4.5, -1.5, 1.5, 4.5]) {
      b.slab([1.0, 0.22, 0.06], [x, 3.15, 0.03], P.black);
      b.box([0.8, 0.1, 0.004], [x, 3.26, 0.062], P.ledRed, { glow: 1 });
    }
  });
}

function furnish(b: KitBuilder, s: RoomShell): void {
  videoWall(b, s);
  consoleArc(b, 10, 8, 1.56, 0);
  // Raised supervisor platform behind the learner, with its own curved row.
  b.slab([15.6, 0.3, 3.8], [0, 0, 4.1], '#30353d');
  b.slab([15.6, 0.15, 0.4], [0, 0, 2.0], '#30353d');
  b.box([15.6, 0.02, 0.02], [0, 0.3, 2.2], P.ledBlue, { glow: 1 });
  consoleArc(b, 20, 7, 1.56, 0.3);
  // Blue cove light along the top of every wall.
  const [x0, x1] = s.x;
  const [z0, z1] = s.z;
  for (const z of [z0 + 0.02, z1 - 0.02]) b.box([x1 - x0, 0.04, 0.04], [0, H - 0.15, z], '#3d8bff', { glow: 1 });
  for (const x of [x0 + 0.02, x1 - 0.02]) b.box([0.04, 0.04, z1 - z0], [x, H - 0.15, 0], '#3d8bff', { glow: 1 });
  for (const side of ['left', 'right'] as const) {
    onWall(b, s, side, -4, () => {
      const dir = side === 'left' ? -1 : 1;
      b.slab([3.0, 1.8, 0.1], [0, 0.9, 0.05], P.black);
      b.at([0, 0, 0.101], 0, () => dashboard(b, 2.9, 1.7, 1.8, side === 'left' ? 5 : 6));
      for (const i of [0, 1, 2]) place(b, 'server-rack', [dir * (2.6 + i * 0.6), 0, 0.5], 0, '#252a31');
      b.at([dir * -2.6, 0, 0], 0, () => rulesBoard(b, 1.0, 1.3, 1.0, P.govBlue));
    });
  }
  onWall(b, s, 'back', 0, () => {
    place(b, 'door', [-6.5, 0.3, 0], 0, '#4b5563');
    place(b, 'door', [6.5, 0.3, 0], 0, '#4b5563');
    for (const [i, x] of [-3.4, 0, 3.4].entries()) {
      b.slab([3.2, 1.3, 0.1], [x, 1.55, 0.05], P.black);
      b.at([x, 0, 0.101], 0, () => dashboard(b, 3.1, 1.2, 2.2, 7 + i, i === 1 ? '#ff8a3d' : '#35c4ff'));
    }
  });
}

export const controlRoom: EnvironmentPreset = {
  background: '#05080d',
  fog: { color: '#05080d', near: 30, far: 80 },
  hemisphere: { sky: '#c9d8ee', ground: '#2b313b', intensity: 1.7 },
  sun: { color: '#cfe0ff', intensity: 0.8, position: [-2, 8, 6] },
  shell,
  furnish,
};
