// Furnishing helpers shared by the room presets: kit props placed into a room's merged geometry,
// and fittings that only rooms use (noticeboards, clocks, windows with blinds, partitions).
import { type Hex, type KitBuilder, type Vec3, mixHex } from '../geometry-builder';
import { PALETTE as P } from '../palette';
import { KIT_PROP_SPECS, type KitPropKind } from '../props';
import { buildMonitor } from '../props/electronics';
import { type RoomShell, type WallSide, onWall, wallPiece, wallSpan, wallTrim } from './room-shell';

/** Places a kit prop at `pos`, turned by `yaw` degrees (the prop's front faces +z before turning). */
export function place(b: KitBuilder, kind: KitPropKind, pos: Vec3, yaw = 0, tint?: Hex): void {
  b.at(pos, yaw, () => KIT_PROP_SPECS[kind].build(b, tint));
}

/** A desk with chair, monitor (on or off), keyboard and a PC tower; the worker sits at +z. */
export function workstation(
  b: KitBuilder,
  pos: Vec3,
  yaw: number,
  opts: { on: boolean; deskTint?: Hex; chairTint?: Hex; papers?: boolean },
): void {
  b.at(pos, yaw, () => {
    place(b, 'desk', [0, 0, 0], 0, opts.deskTint);
    place(b, 'chair', [-0.15, 0, 0.62], 180 + ((pos[0] * 37 + pos[2] * 11) % 30) - 15, opts.chairTint);
    b.at([-0.15, 0.75, -0.12], 0, () => buildMonitor(b, undefined, opts.on));
    place(b, 'keyboard', [-0.15, 0.75, 0.16]);
    if (opts.papers) place(b, 'paper-stack', [0.45, 0.75, 0.05], 8);
    b.slab([0.19, 0.42, 0.42], [-0.48, 0, -0.05], '#2a2d31');
    b.box([0.01, 0.01, 0.004], [-0.43, 0.38, 0.172], P.ledBlue, { glow: 1 });
  });
}

/** A framed cork noticeboard with pinned notices, facing +z, bottom edge at `y`. */
export function noticeboard(b: KitBuilder, w: number, h: number, y: number): void {
  b.slab([w, h, 0.03], [0, y, 0.015], P.woodDark);
  b.box([w - 0.08, h - 0.08, 0.01], [0, y + h / 2, 0.032], '#b98c5a');
  b.box([w - 0.08, 0.12, 0.012], [0, y + h - 0.1, 0.034], P.govRed);
  const notes: readonly Hex[] = [P.paper, '#fff3a6', '#d7e8f7', P.paper, '#f7d9d4', P.paper];
  const cols = 3;
  for (let i = 0; i < notes.length; i++) {
    const c = i % cols;
    const r = Math.floor(i / cols);
    const nx = -w / 2 + 0.2 + c * ((w - 0.4) / (cols - 1));
    const ny = y + h - 0.38 - r * ((h - 0.5) / 2);
    b.box([0.22, 0.28, 0.004], [nx, ny, 0.04], notes[i] ?? P.paper, { rot: [0, 0, ((i * 5) % 7) - 3] });
    b.box([0.14, 0.015, 0.002], [nx, ny + 0.08, 0.043], '#6a6f78', { rot: [0, 0, ((i * 5) % 7) - 3] });
    b.box([0.02, 0.02, 0.01], [nx, ny + 0.13, 0.045], P.ledRed);
  }
}

/** A round wall clock facing +z, centred at height y. */
export function wallClock(b: KitBuilder, y: number): void {
  b.cylinder(0.17, 0.17, 0.04, [0, y, 0.02], P.charcoal, { rot: [90, 0, 0], segments: 16 });
  b.cylinder(0.15, 0.15, 0.01, [0, y, 0.042], '#f8f8f4', { rot: [90, 0, 0], segments: 16, glow: 0.2 });
  b.box([0.012, 0.1, 0.004], [0, y + 0.045, 0.05], P.black, { rot: [0, 0, -20] });
  b.box([0.01, 0.07, 0.004], [0.025, y - 0.02, 0.052], P.black, { rot: [0, 0, 120] });
}

/** A bottled water dispenser (饮水机), a fixture of every Chinese office. */
export function waterDispenser(b: KitBuilder): void {
  b.slab([0.32, 0.95, 0.32], [0, 0, 0], P.plasticWhite);
  b.slab([0.26, 0.25, 0.02], [0, 0.55, 0.16], '#3d4248');
  b.box([0.04, 0.05, 0.04], [-0.06, 0.76, 0.15], P.ledRed);
  b.box([0.04, 0.05, 0.04], [0.06, 0.76, 0.15], P.govBlue);
  b.cylinder(0.14, 0.14, 0.42, [0, 1.17, 0], '#8cc4ea', { segments: 12, glow: 0.3, top: '#b9def5' });
  b.cylinder(0.05, 0.14, 0.08, [0, 0.99, 0], '#8cc4ea', { segments: 12, glow: 0.3 });
}

/** A low fabric screen between facing desks, `len` long, standing on the floor. */
export function partition(b: KitBuilder, len: number, height: number, color: Hex): void {
  b.slab([len, height, 0.04], [0, 0, 0], color);
  b.slab([len + 0.02, 0.025, 0.05], [0, height, 0], P.steel);
}

export interface WindowWallSpec {
  readonly side: WallSide;
  readonly sill: number;
  readonly head: number;
  /** Window spans along the wall, in the wall frame's along-coordinate (see onWall). */
  readonly windows: readonly (readonly [number, number])[];
  readonly sky: readonly [Hex, Hex];
  readonly frame: Hex;
  /** 0 = blinds up, 1 = fully down; undefined = no blinds. */
  readonly blinds?: number;
  readonly blindColor?: Hex;
}

/** A wall with windows: solid below the sill and above the head, glass showing a sky gradient. */
export function windowWall(b: KitBuilder, s: RoomShell, w: WindowWallSpec): void {
  const [a, c] = wallSpan(s, w.side);
  const H = s.height;
  wallPiece(b, s, w.side, a, c, 0, w.sill, s.wall);
  wallPiece(b, s, w.side, a, c, w.head, H, s.wall);
  const flip = w.side === 'back' || w.side === 'left';
  const spans = w.windows.map(([p, q]) => (flip ? ([-q, -p] as const) : ([p, q] as const))).sort((u, v) => u[0] - v[0]);
  let cursor = a;
  for (const [p, q] of spans) {
    wallPiece(b, s, w.side, cursor, p, w.sill, w.head, s.wall);
    cursor = q;
  }
  wallPiece(b, s, w.side, cursor, c, w.sill, w.head, s.wall);
  wallTrim(b, s, w.side, w.sill);
  const wh = w.head - w.sill;
  onWall(b, s, w.side, 0, () => {
    for (const [p, q] of w.windows) {
      const len = q - p;
      const mid = (p + q) / 2;
      b.quad(len, wh, [mid, w.sill + wh / 2, -0.12], w.sky[0], { glow: 1, top: w.sky[1] });
      b.box([len + 0.1, 0.05, 0.22], [mid, w.sill - 0.01, -0.05], w.frame);
      b.box([len + 0.1, 0.06, 0.1], [mid, w.head + 0.03, -0.05], w.frame);
      b.box([0.05, wh, 0.12], [p, w.sill + wh / 2, -0.08], w.frame);
      b.box([0.05, wh, 0.12], [q, w.sill + wh / 2, -0.08], w.frame);
      b.box([0.05, wh, 0.06], [mid, w.sill + wh / 2, -0.1], w.frame);
      b.box([len, 0.04, 0.06], [mid, w.sill + wh * 0.62, -0.1], w.frame);
      if (w.blinds === undefined) continue;
      const drop = wh * w.blinds;
      const color = w.blindColor ?? '#d9d6cd';
      b.box([len + 0.06, 0.07, 0.08], [mid, w.head - 0.035, 0.05], mixHex(color, '#000000', 0.1));
      for (let y = w.head - 0.1; y > w.head - drop; y -= 0.06)
        b.box([len, 0.004, 0.055], [mid, y, 0.05], color, { rot: [-40, 0, 0] });
    }
  });
}
