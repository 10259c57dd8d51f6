// A district government office after hours: desk clusters along both sides, a window wall
// with blinds on the right (dusk outside), filing cabinets, noticeboard and doors.
import type { KitBuilder } from '../geometry-builder';
import { PALETTE as P } from '../palette';
import { fileShelf, rulesBoard } from './fittings';
import { noticeboard, partition, place, wallClock, waterDispenser, windowWall, workstation } from './furnish';
import { type RoomShell, onWall } from './room-shell';
import type { EnvironmentPreset } from './types';

const shell: RoomShell = {
  x: [-7.5, 7.5],
  z: [-9, 4.5],
  height: 3,
  floor: { tile: 0.8, colors: ['#d3cec4', '#cdc8be', '#d8d3ca'], grout: '#aaa69e', gap: 0.012 },
  wall: '#e4e5e0',
  skirting: '#7b7f84',
  ceiling: '#efefeb',
  ceilingGrid: { spacing: 0.6, color: '#c9cac6' },
  lights: {
    size: [0.6, 0.6],
    at: [-5.4, -1.8, 1.8, 5.4].flatMap((x) => [-7.5, -4.5, -1.5, 1.5].map((z) => [x, z] as const)),
    color: '#fbfaf2',
  },
  customWalls: ['right'],
};

const CLUSTERS_Z = [-7.4, -4.4, -1.4, 1.6];

/** Two pairs of facing desks with a partition between them, long side along z. */
function deskCluster(b: KitBuilder, side: -1 | 1, cz: number, index: number): void {
  const inner = side * 5.45;
  const outer = side * 6.15;
  for (const [j, dz] of [-0.7, 0.7].entries()) {
    const on = (index + j + (side > 0 ? 1 : 0)) % 3 !== 0;
    workstation(b, [inner, 0, cz + dz], side < 0 ? 90 : -90, { on, papers: j === 0 });
    workstation(b, [outer, 0, cz + dz], side < 0 ? -90 : 90, { on: !on, papers: j === 1 });
  }
  b.at([side * 5.8, 0, cz], 90, () => partition(b, 2.8, 1.12, '#8e9aa6'));
}

/** Dusk city blocks beyond the window wall, with a few lit windows. */
function skyline(b: KitBuilder): void {
  const blocks = [
    [22, -30, 10, 14, 26],
    [26, -12, 12, 10, 18],
    [20, 2, 8, 8, 30],
    [30, 14, 14, 12, 22],
    [24, -44, 10, 10, 34],
    [38, -22, 10, 16, 40],
  ] as const;
  for (const [i, [x, z, w, d, h]] of blocks.entries()) {
    b.slab([w, h + 25, d], [x, -25, z], i % 2 ? '#2a3142' : '#323a4d');
    for (let r = 0; r < 8; r++) {
      for (let c = 0; c < 4; c++) {
        if ((r * 7 + c * 3 + i) % 4 !== 0) continue;
        b.quad(1.2, 0.9, [x - w / 2 - 0.05, h - 2 - r * 3, z - d / 2 + 1.5 + (c * (d - 3)) / 3], '#ffd58a', {
          glow: 1,
          rot: [0, -90, 0],
        });
      }
    }
  }
}

function furnish(b: KitBuilder, s: RoomShell): void {
  windowWall(b, s, {
    side: 'right',
    sill: 0.9,
    head: 2.5,
    windows: [
      [-8.4, -6.0],
      [-5.4, -3.0],
      [-2.4, 0.0],
      [0.6, 3.0],
    ],
    sky: ['#d08c5c', '#26355a'],
    frame: '#c9ccd0',
    blinds: 0.42,
  });
  skyline(b);
  for (const [i, cz] of CLUSTERS_Z.entries()) {
    deskCluster(b, -1, cz, i);
    if (i < 3) deskCluster(b, 1, cz, i);
  }
  // Front wall: water dispenser, filing cabinets under a noticeboard, printer, clock, door.
  onWall(b, s, 'front', 0, () => {
    b.at([-3.9, 0, 0.25], 0, () => waterDispenser(b));
    for (const x of [-2.85, -2.35, -1.85, -1.35]) place(b, 'cabinet', [x, 0, 0.31]);
    b.at([-2.1, 0, 0], 0, () => noticeboard(b, 1.8, 1.0, 1.5));
    place(b, 'plant', [-0.5, 0, 0.35]);
    b.slab([0.9, 0.72, 0.5], [0.7, 0, 0.26], '#b7bbbe');
    b.slab([0.92, 0.03, 0.52], [0.7, 0.72, 0.26], P.woodLight);
    place(b, 'printer', [0.7, 0.75, 0.26]);
    place(b, 'paper-stack', [0.95, 0.75, 0.3], 12);
    b.at([0.7, 0, 0], 0, () => wallClock(b, 2.35));
    place(b, 'door', [3.0, 0, 0.0]);
    b.slab([0.3, 0.12, 0.015], [3.85, 1.5, 0.008], P.govBlue);
    place(b, 'bin', [-0.95, 0, 0.3]);
  });
  // Back wall: entrance door, archive shelves of file boxes, a shredder and a plant.
  onWall(b, s, 'back', 0, () => {
    place(b, 'door', [2.6, 0, 0]);
    for (const x of [-2.4, -1.4, -0.4]) b.at([x, 0, 0], 0, () => fileShelf(b, 0.96));
    place(b, 'shredder', [0.5, 0, 0.2]);
    place(b, 'bin', [1.0, 0, 0.25]);
    place(b, 'plant', [-3.4, 0, 0.3]);
    b.at([1.3, 0, 0], 0, () => rulesBoard(b, 0.8, 1.0, 1.3));
  });
  // Rules boards (规章制度) above the desks on the solid left wall.
  onWall(b, s, 'left', 0, () => {
    for (const z of [-7.4, -4.4, -1.4, 1.6]) b.at([-z, 0, 0], 0, () => rulesBoard(b, 1.0, 0.8, 1.45));
  });
}

export const office: EnvironmentPreset = {
  background: '#1d2740',
  fog: { color: '#1d2740', near: 30, far: 90 },
  hemisphere: { sky: '#fff8ec', ground: '#8a8378', intensity: 2.2 },
  sun: { color: '#fff3e0', intensity: 1.1, position: [-3, 8, 5] },
  shell,
  furnish,
};
