// A government service hall (政务服务大厅): numbered service windows along the front wall under
// a blue banner, queue seating on both sides, call-number screens, ticket kiosks and an enquiry
// desk by the glazed entrance at the back. Bright, even light.
import type { KitBuilder } from '../geometry-builder';
import { PALETTE as P } from '../palette';
import { hangingSign, rulesBoard } from './fittings';
import { place, windowWall } from './furnish';
import { beamSeating, callScreen, ticketKiosk, windowSign } from './hall-fittings';
import { type RoomShell, onWall } from './room-shell';
import type { EnvironmentPreset } from './types';

const H = 3.4;

const shell: RoomShell = {
  x: [-9, 9],
  z: [-10, 5],
  height: H,
  floor: { tile: 1.0, colors: ['#e7e3db', '#e1ddd4', '#ece8e0'], grout: '#bdb8ae', gap: 0.008 },
  wall: '#f1f2ef',
  wainscot: { height: 1.0, color: '#cdb58f' },
  skirting: '#8c8f93',
  ceiling: '#f4f4f2',
  ceilingGrid: { spacing: 0.6, color: '#dcdcd8' },
  ceilingGlow: 0.55,
  lights: {
    size: [0.6, 0.6],
    at: [-6.3, -3.3, -0.3, 2.7, 5.7].flatMap((x) => [-8.7, -6.3, -3.3, -0.3, 2.7].map((z) => [x, z] as const)),
    color: '#ffffff',
  },
  customWalls: ['back'],
};

const WINDOWS_X = [-5.5, -3.3, -1.1, 1.1, 3.3, 5.5];

function frontWall(b: KitBuilder, s: RoomShell): void {
  onWall(b, s, 'front', 0, () => {
    // Banner board over the windows.
    b.slab([9.6, 0.62, 0.08], [0, 2.68, 0.04], P.govBlue, { glow: 0.25 });
    b.box([0.5, 0.5, 0.01], [-3.6, 2.99, 0.085], P.govRed, { glow: 0.4 });
    b.cylinder(0.16, 0.16, 0.012, [-3.6, 2.99, 0.095], P.govGold, { rot: [90, 0, 0], segments: 12, glow: 0.6 });
    for (let i = 0; i < 6; i++) b.box([0.42, 0.42, 0.01], [-2.6 + i * 0.62, 2.99, 0.085], '#ffffff', { glow: 0.8 });
    b.box([3.2, 0.08, 0.01], [0.55, 2.72, 0.085], '#cfe0f5', { glow: 0.6 });
    for (const [i, x] of WINDOWS_X.entries()) {
      place(b, 'counter', [x, 0, 2.0]);
      place(b, 'chair', [x - 0.2, 0, 1.1], 0, P.fabricBlue);
      place(b, 'chair', [x - 0.2, 0, 2.75], 180, P.fabricBlue);
      b.at([x - 0.2, 0.76, 1.75], 180, () => place(b, 'monitor', [0, 0, 0]));
      b.at([x, 0, 1.65], 0, () => windowSign(b, String(i + 1), 2.05, H));
      if (i < WINDOWS_X.length - 1) b.at([x + 1.1, 0, 0], 0, () => rulesBoard(b, 0.7, 0.9, 1.15, P.govBlue));
    }
    place(b, 'plant', [-8.3, 0, 0.5]);
    place(b, 'plant', [8.3, 0, 0.5]);
    place(b, 'door', [-7.4, 0, 0], 0, '#8c98a5');
  });
}

function sideWall(b: KitBuilder, s: RoomShell, side: 'left' | 'right'): void {
  const sign = side === 'left' ? -1 : 1;
  // Queue seating rows facing the windows.
  for (const [i, z] of [-4.6, -3.1, -1.6, -0.1, 1.4].entries()) {
    b.at([sign * 6.6, 0, z], 0, () => beamSeating(b, 5, i % 2 ? '#3f6fa6' : '#35609a'));
  }
  onWall(b, s, side, side === 'left' ? -2.5 : -2.5, () => {
    const along = side === 'left' ? -1 : 1;
    b.at([along * -1.5, 0, 0], 0, () => callScreen(b, 2.2, 0.9, 2.2));
    b.at([along * 1.8, 0, 0], 0, () => rulesBoard(b, 1.4, 1.0, 1.4, P.govBlue));
    b.at([along * 4.2, 0, 0], 0, () => rulesBoard(b, 1.4, 1.0, 1.4, P.govBlue));
    place(b, 'bin', [along * 3.0, 0, 0.3]);
  });
}

function backWall(b: KitBuilder, s: RoomShell): void {
  windowWall(b, s, {
    side: 'back',
    sill: 0.15,
    head: 2.8,
    windows: [
      [-8.4, -5.4],
      [-4.9, -1.7],
      [-1.3, 1.3],
      [1.7, 4.9],
      [5.4, 8.4],
    ],
    sky: ['#d9e6ee', '#8fb6d9'],
    frame: '#9aa3ab',
  });
  onWall(b, s, 'back', 0, () => {
    // Glass doors in the middle bay.
    b.box([2.6, 0.15, 0.1], [0, 0.075, -0.05], '#9aa3ab');
    for (const x of [-0.65, 0.65]) b.box([0.05, 2.1, 0.06], [x, 1.2, -0.04], '#9aa3ab');
    for (const x of [-0.08, 0.08]) b.box([0.03, 0.6, 0.05], [x, 1.1, 0.0], P.chrome);
    b.slab([2.8, 0.02, 1.2], [0, 0, 0.6], '#6c6f73');
    b.at([0, 0, 0.9], 0, () => hangingSign(b, 2.2, 0.5, 2.75, H, P.govBlue));
    // Ticket kiosks and the enquiry desk.
    b.at([2.4, 0, 1.3], 0, () => ticketKiosk(b));
    b.at([3.2, 0, 1.3], 0, () => ticketKiosk(b));
    b.at([-3.4, 0, 1.3], 0, () => {
      const arc = { segments: 16, thetaStart: -0.9, thetaLength: 1.8 };
      b.cylinder(1.1, 1.1, 1.0, [0, 0.5, 0], '#eef0f2', arc);
      b.cylinder(1.112, 1.112, 0.14, [0, 0.62, 0], P.govBlue, arc);
      b.cylinder(1.16, 1.16, 0.04, [0, 1.02, 0], P.woodLight, arc);
      place(b, 'monitor', [0.3, 1.04, 0.6], 180);
      place(b, 'chair', [0, 0, 0.1], 0, P.fabricBlue);
      b.at([0, 0, 0.3], 0, () => hangingSign(b, 1.0, 0.35, 2.5, H, P.govRed));
    });
    place(b, 'plant', [-6.0, 0, 0.4]);
    place(b, 'plant', [6.0, 0, 0.4]);
  });
}

function furnish(b: KitBuilder, s: RoomShell): void {
  frontWall(b, s);
  sideWall(b, s, 'left');
  sideWall(b, s, 'right');
  backWall(b, s);
}

export const serviceHall: EnvironmentPreset = {
  background: '#cfe0ec',
  fog: { color: '#dfe8ee', near: 30, far: 90 },
  hemisphere: { sky: '#ffffff', ground: '#b3ab9c', intensity: 2.6 },
  sun: { color: '#fffaf0', intensity: 1.3, position: [2, 9, 6] },
  shell,
  furnish,
};
