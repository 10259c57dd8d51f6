// A government meeting room (会议室): a long wooden table with high-backed chairs, tea cups and
// microphones, a projector screen under a red banner, curtained windows, a whiteboard on the
// left wall and a landscape painting over the credenza at the back. The table stands beyond the
// central area, so the learner looks down its length.
import type { KitBuilder } from '../geometry-builder';
import { PALETTE as P } from '../palette';
import { place, wallClock, windowWall } from './furnish';
import { type RoomShell, onWall } from './room-shell';
import type { EnvironmentPreset } from './types';

const shell: RoomShell = {
  x: [-6, 6],
  z: [-13, 4],
  height: 3,
  floor: { tile: 1.0, colors: ['#4b5a70', '#46556a', '#506076'], grout: '#3a4556', gap: 0.004 },
  wall: '#ebe6db',
  wainscot: { height: 1.0, color: '#8b6a48' },
  skirting: '#4a3626',
  ceiling: '#f2f1ec',
  ceilingGlow: 0.5,
  lights: {
    size: [0.5, 0.5],
    at: [
      ...[-1.6, 1.6].flatMap((x) => [-6.5, -8.5, -10.5, -12].map((z) => [x, z] as const)),
      ...[-3.5, 3.5].flatMap((x) => [-4, -0.5, 2.5].map((z) => [x, z] as const)),
      [0, -2] as const,
      [0, 1.5] as const,
    ],
    color: '#fff8e8',
  },
  customWalls: ['right'],
};

const TABLE = { z0: -6.3, z1: -11.9, width: 1.6 };
const SEATS_Z = [0, 1, 2, 3, 4, 5, 6].map((k) => -6.85 - k * 0.78);

function table(b: KitBuilder): void {
  const len = TABLE.z0 - TABLE.z1;
  const cz = (TABLE.z0 + TABLE.z1) / 2;
  b.slab([TABLE.width, 0.05, len], [0, 0.7, cz], '#6b4a30');
  b.slab([TABLE.width - 0.3, 0.02, len - 0.3], [0, 0.75, cz], '#5e3f27');
  for (const z of [-7.0, -9.1, -11.2]) b.slab([0.7, 0.7, 0.5], [0, 0, z], '#4a3424');
  for (const side of [-1, 1]) {
    for (const [k, z] of SEATS_Z.entries()) {
      place(b, 'chair', [side * 1.12, 0, z], side < 0 ? 90 : -90, P.leather);
      b.at([side * 0.55, 0.75, z], side < 0 ? 90 : -90, () => {
        // Tent name card, tea cup with lid, and a note pad; microphones every other seat.
        b.box([0.2, 0.07, 0.004], [0, 0.035, -0.05], P.paper, { rot: [-18, 0, 0] });
        b.box([0.2, 0.07, 0.004], [0, 0.035, -0.07], P.paper, { rot: [18, 0, 0] });
        b.cylinder(0.04, 0.033, 0.1, [0.22, 0.05, 0.05], '#f7f7f2', { segments: 10 });
        b.cylinder(0.043, 0.043, 0.015, [0.22, 0.107, 0.05], '#f7f7f2', { segments: 10 });
        b.slab([0.15, 0.01, 0.21], [-0.05, 0, 0.2], P.paper);
        if (k % 2 === 0) {
          b.slab([0.1, 0.03, 0.12], [-0.28, 0, -0.1], P.black);
          b.at([-0.28, 0.03, -0.12], [-35, 0, 0], () => b.cylinder(0.005, 0.005, 0.35, [0, 0.175, 0], P.black, { segments: 5 }));
          b.box([0.015, 0.015, 0.015], [-0.28, 0.02, 0.22], P.ledRed, { glow: 1 });
        }
      });
    }
  }
}

function frontWall(b: KitBuilder, s: RoomShell): void {
  onWall(b, s, 'front', 0, () => {
    // Red banner (会标) over the projection screen.
    b.slab([5.6, 0.42, 0.03], [0, 2.5, 0.015], P.govRed, { glow: 0.3 });
    for (let i = 0; i < 10; i++) b.box([0.28, 0.28, 0.006], [-2.25 + i * 0.5, 2.71, 0.033], '#ffe7a3', { glow: 0.7 });
    b.slab([3.7, 1.6, 0.04], [0, 0.8, 0.02], P.black);
    b.box([3.56, 1.46, 0.004], [0, 1.6, 0.042], '#e9eef5', { glow: 0.75, top: '#f7f9fc' });
    place(b, 'plant', [-2.5, 0, 0.4]);
    place(b, 'plant', [2.5, 0, 0.4]);
  });
  // Ceiling projector on a drop rod.
  b.box([0.03, 0.4, 0.03], [0, 2.8, -8.5], P.steelDark);
  b.slab([0.4, 0.14, 0.34], [0, 2.46, -8.5], P.plasticWhite);
  b.cylinder(0.045, 0.045, 0.03, [0, 2.53, -8.68], P.black, { rot: [90, 0, 0], segments: 10 });
}

function leftWall(b: KitBuilder, s: RoomShell): void {
  onWall(b, s, 'left', 0, () => {
    // Local x runs towards -z along this wall.
    place(b, 'whiteboard', [3.0, 0, 0.5]);
    for (let i = 0; i < 6; i++) place(b, 'chair', [6.6 + i * 0.8, 0, 0.45], 0, P.leather);
    b.at([9.9, 0, 0], 0, () => wallClock(b, 2.3));
  });
}

function rightWall(b: KitBuilder, s: RoomShell): void {
  const windows = [
    [-12.4, -10.0],
    [-9.4, -7.0],
    [-6.4, -4.0],
    [-3.4, -1.0],
  ] as const;
  windowWall(b, s, { side: 'right', sill: 0.8, head: 2.6, windows, sky: ['#d7e6f0', '#8fb6db'], frame: '#d9d6cf' });
  onWall(b, s, 'right', 0, () => {
    b.slab([16.8, 0.2, 0.16], [-4.5, 2.75, 0.08], '#b9a98a');
    for (const [p, q] of windows) {
      for (const edge of [p - 0.3, q + 0.3]) {
        for (let f = 0; f < 4; f++)
          b.slab([0.13, 2.62, 0.08], [edge - 0.2 + f * 0.13, 0.05, 0.09 + (f % 2) * 0.04], f % 2 ? '#c9b99a' : '#bcab8b');
      }
    }
    for (let i = 0; i < 5; i++) place(b, 'chair', [-6.6 - i * 0.8 + 0.4, 0, 0.5], 0, P.leather);
  });
}

function backWall(b: KitBuilder, s: RoomShell): void {
  onWall(b, s, 'back', 0, () => {
    place(b, 'door', [-3.8, 0, 0], 0, '#6e4b2e');
    b.slab([2.4, 0.8, 0.5], [0.6, 0, 0.25], '#6b4a30');
    for (const x of [-0.3, 0.3, 0.9, 1.5]) b.box([0.02, 0.6, 0.01], [x, 0.4, 0.505], '#4a3424');
    place(b, 'plant', [2.3, 0, 0.3]);
    b.cylinder(0.07, 0.07, 0.32, [0.1, 0.96, 0.25], '#c23b32', { segments: 10 });
    // Landscape painting (山水画): layered peaks on rice paper, a red seal.
    b.slab([2.2, 1.0, 0.04], [0.6, 1.35, 0.02], '#5b3b22');
    b.box([2.05, 0.85, 0.004], [0.6, 1.85, 0.042], '#efe8d6', { glow: 0.15 });
    const peaks = [
      [-0.55, 0.5, '#9fb3a8'],
      [-0.15, 0.7, '#6f8b7a'],
      [0.3, 0.45, '#9fb3a8'],
      [0.55, 0.55, '#4f6b5c'],
    ] as const;
    for (const [i, [x, h, c]] of peaks.entries()) {
      b.cylinder(h * 0.7, h * 0.7, 0.004, [0.6 + x, 1.43 + h * 0.35, 0.046 + i * 0.001], c, {
        rot: [-90, 0, 0],
        segments: 3,
        scale: [1.2, 1, 1],
      });
    }
    b.box([0.06, 0.06, 0.004], [1.5, 2.1, 0.05], P.govRed);
  });
}

function furnish(b: KitBuilder, s: RoomShell): void {
  table(b);
  frontWall(b, s);
  leftWall(b, s);
  rightWall(b, s);
  backWall(b, s);
}

export const meetingRoom: EnvironmentPreset = {
  background: '#c9dbe8',
  fog: { color: '#c9dbe8', near: 30, far: 90 },
  hemisphere: { sky: '#fffaf0', ground: '#7c7468', intensity: 2.3 },
  sun: { color: '#fff4e2', intensity: 1.1, position: [5, 8, 3] },
  shell,
  furnish,
};
