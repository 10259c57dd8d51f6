// The shell every room shares: tiled floor, walls with skirting, ceiling grid and light panels,
// plus a shading pass that bakes soft darkening into corners (no shadow maps needed).
import type { BufferGeometry } from 'three';
import { type Hex, type KitBuilder, mixHex } from '../geometry-builder';
import { GLOW_ATTRIBUTE } from '../materials';

export type WallSide = 'front' | 'back' | 'left' | 'right';

export interface RoomShell {
  /** Interior extent in x (left, right) and z (front = the wall the learner faces, back). */
  readonly x: readonly [number, number];
  readonly z: readonly [number, number];
  readonly height: number;
  readonly floor: {
    readonly tile: number;
    readonly colors: readonly Hex[];
    readonly grout: Hex;
    /** Gap between tiles in metres. */
    readonly gap: number;
    /** Picks a tile's colour index from its centre; default: a fixed scatter over `colors`. */
    readonly pattern?: (x: number, z: number, i: number, k: number) => number;
  };
  readonly wall: Hex;
  /** A lower band of the wall in another finish. */
  readonly wainscot?: { readonly height: number; readonly color: Hex };
  readonly skirting: Hex;
  readonly ceiling: Hex;
  readonly ceilingGrid?: { readonly spacing: number; readonly color: Hex };
  /** How much the ceiling glows (0..1): lit from below it would otherwise look dull. Default 0.45. */
  readonly ceilingGlow?: number;
  readonly lights: {
    readonly size: readonly [number, number];
    /** Panel centres; [x, z] pairs. */
    readonly at: readonly (readonly [number, number])[];
    readonly color: Hex;
  };
  /** Walls the preset builds itself (with windows or openings). */
  readonly customWalls?: readonly WallSide[];
}

const T = 0.2;

/** A piece of wall on `side` from along-wall coordinate a to b, between heights y0 and y1. */
export function wallPiece(
  b: KitBuilder,
  s: RoomShell,
  side: WallSide,
  a: number,
  c: number,
  y0: number,
  y1: number,
  color: Hex,
): void {
  const len = c - a;
  const mid = (a + c) / 2;
  const h = y1 - y0;
  const y = (y0 + y1) / 2;
  if (side === 'front') b.box([len, h, T], [mid, y, s.z[0] - T / 2], color);
  else if (side === 'back') b.box([len, h, T], [mid, y, s.z[1] + T / 2], color);
  else if (side === 'left') b.box([T, h, len], [s.x[0] - T / 2, y, mid], color);
  else b.box([T, h, len], [s.x[1] + T / 2, y, mid], color);
}

/** The along-wall span of a side, including the corners. */
export function wallSpan(s: RoomShell, side: WallSide): readonly [number, number] {
  return side === 'front' || side === 'back' ? [s.x[0] - T, s.x[1] + T] : [s.z[0], s.z[1]];
}

/**
 * Runs `fn` in a frame standing on the inside face of a wall: x along the wall (left to right as
 * seen from inside), z pointing into the room, so kit props placed at z ≥ 0 face the room.
 */
export function onWall(b: KitBuilder, s: RoomShell, side: WallSide, along: number, fn: () => void): void {
  if (side === 'front') b.at([along, 0, s.z[0]], 0, fn);
  else if (side === 'back') b.at([along, 0, s.z[1]], 180, fn);
  else if (side === 'left') b.at([s.x[0], 0, along], 90, fn);
  else b.at([s.x[1], 0, along], -90, fn);
}

function trimBands(b: KitBuilder, s: RoomShell, side: WallSide, maxHeight = Infinity): void {
  const [a, c] = side === 'front' || side === 'back' ? s.x : s.z;
  const len = c - a;
  onWall(b, s, side, 0, () => {
    const mid = side === 'front' || side === 'right' ? (a + c) / 2 : -(a + c) / 2;
    if (s.wainscot && s.wainscot.height <= maxHeight) b.slab([len, s.wainscot.height, 0.012], [mid, 0, 0.006], s.wainscot.color);
    if (maxHeight >= 0.1) b.slab([len, 0.1, 0.018], [mid, 0, 0.009], s.skirting);
  });
}

export function buildShell(b: KitBuilder, s: RoomShell): void {
  const [x0, x1] = s.x;
  const [z0, z1] = s.z;
  const H = s.height;
  const W = x1 - x0;
  const D = z1 - z0;
  // Floor: a grout plane under individual tiles.
  b.box([W, 0.02, D], [(x0 + x1) / 2, -0.014, (z0 + z1) / 2], s.floor.grout);
  const t = s.floor.tile;
  const nx = Math.ceil(W / t);
  const nz = Math.ceil(D / t);
  for (let i = 0; i < nx; i++) {
    for (let k = 0; k < nz; k++) {
      const ax = x0 + i * t;
      const az = z0 + k * t;
      const w = Math.min(t, x1 - ax) - s.floor.gap;
      const d = Math.min(t, z1 - az) - s.floor.gap;
      const cx = ax + s.floor.gap / 2 + w / 2;
      const cz = az + s.floor.gap / 2 + d / 2;
      const index = s.floor.pattern ? s.floor.pattern(cx, cz, i, k) : Math.abs((i * 73856093) ^ (k * 19349663));
      const color = s.floor.colors[index % s.floor.colors.length] ?? s.floor.grout;
      b.quad(w, d, [cx, 0, cz], color, { rot: [-90, 0, 0] });
    }
  }
  // Ceiling, its grid and light panels.
  const cg = { glow: s.ceilingGlow ?? 0.45 };
  b.box([W, 0.1, D], [(x0 + x1) / 2, H + 0.05, (z0 + z1) / 2], s.ceiling, cg);
  if (s.ceilingGrid) {
    const g = s.ceilingGrid;
    for (let x = x0 + g.spacing; x < x1 - 0.01; x += g.spacing)
      b.box([0.025, 0.01, D], [x, H - 0.005, (z0 + z1) / 2], g.color, cg);
    for (let z = z0 + g.spacing; z < z1 - 0.01; z += g.spacing)
      b.box([W, 0.012, 0.025], [(x0 + x1) / 2, H - 0.006, z], g.color, cg);
  }
  const frame = mixHex(s.ceiling, '#000000', 0.15);
  for (const [x, z] of s.lights.at) {
    b.box([s.lights.size[0] + 0.04, 0.02, s.lights.size[1] + 0.04], [x, H - 0.01, z], frame);
    b.quad(s.lights.size[0], s.lights.size[1], [x, H - 0.03, z], s.lights.color, { rot: [90, 0, 0], glow: 1 });
  }
  for (const side of ['front', 'back', 'left', 'right'] as const) {
    if (s.customWalls?.includes(side)) continue;
    const [a, c] = wallSpan(s, side);
    wallPiece(b, s, side, a, c, 0, H, s.wall);
    trimBands(b, s, side);
  }
}

/** Wainscot and skirting for a custom wall, left out where they would be taller than maxHeight. */
export function wallTrim(b: KitBuilder, s: RoomShell, side: WallSide, maxHeight = Infinity): void {
  trimBands(b, s, side, maxHeight);
}

function smooth(e0: number, e1: number, v: number): number {
  const t = Math.min(1, Math.max(0, (v - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
}

/**
 * Bakes soft ambient darkening into the vertex colours: floors darken towards the walls, upright
 * faces darken towards the floor, the ceiling darkens into its corners. Self-lit parts are left alone.
 */
export function bakeRoomShading(geometry: BufferGeometry, s: RoomShell): void {
  const pos = geometry.getAttribute('position');
  const nrm = geometry.getAttribute('normal');
  const col = geometry.getAttribute('color');
  const glow = geometry.getAttribute(GLOW_ATTRIBUTE);
  for (let i = 0; i < pos.count; i++) {
    if (glow.getX(i) > 0.5) continue;
    const x = pos.getX(i);
    const y = pos.getY(i);
    const z = pos.getZ(i);
    const ny = nrm.getY(i);
    const wallDist = Math.min(x - s.x[0], s.x[1] - x, z - s.z[0], s.z[1] - z);
    let f: number;
    if (ny > 0.7 && y < 0.02) f = 0.68 + 0.32 * smooth(0, 1.4, wallDist);
    else if (ny < -0.7 && y > s.height - 0.1) f = 0.8 + 0.2 * smooth(0, 1.5, wallDist);
    else if (ny > 0.7) f = 1;
    else f = 0.78 + 0.22 * smooth(0, 1.6, y);
    col.setXYZ(i, col.getX(i) * f, col.getY(i) * f, col.getZ(i) * f);
  }
  col.needsUpdate = true;
}
