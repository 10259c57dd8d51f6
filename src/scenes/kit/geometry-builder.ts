// Builds one merged, vertex-coloured BufferGeometry from boxes, cylinders, spheres and quads.
// Every kit prop and room is made this way so that it costs a single draw call.
import {
  BoxGeometry,
  BufferAttribute,
  BufferGeometry,
  Color,
  CylinderGeometry,
  Euler,
  Matrix4,
  PlaneGeometry,
  Quaternion,
  SphereGeometry,
  Vector3,
} from 'three';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';
import { GLOW_ATTRIBUTE } from './materials';

export type Vec3 = readonly [number, number, number];
/** "#rrggbb" (sRGB, converted to linear for the vertex colours). */
export type Hex = string;

const DEG = Math.PI / 180;

export interface PartOptions {
  /** Rotation in degrees about x, y, z (XYZ order), about the part's own centre. */
  readonly rot?: Vec3;
  /** Non-uniform scale applied before rotation. */
  readonly scale?: Vec3;
  /** 0 = lit surface, 1 = self-lit (screens, lamps); in between glows partly. */
  readonly glow?: number;
  /** Colour at the part's top (local max y); the base colour is used at its bottom. */
  readonly top?: Hex;
}

export interface CylinderOptions extends PartOptions {
  readonly segments?: number;
  readonly thetaStart?: number;
  readonly thetaLength?: number;
}

const colorCache = new Map<Hex, Color>();
/** Linear-space colour for an sRGB hex string (cached). */
export function linear(hex: Hex): Color {
  let c = colorCache.get(hex);
  if (!c) {
    c = new Color(hex);
    colorCache.set(hex, c);
  }
  return c;
}

/** Mixes two hex colours in sRGB space: t = 0 gives a, 1 gives b. */
export function mixHex(a: Hex, b: Hex, t: number): Hex {
  const ca = new Color(a);
  const cb = new Color(b);
  return `#${ca.lerp(cb, t).getHexString()}`;
}

function compose(pos: Vec3, rotDeg: Vec3, scale: Vec3): Matrix4 {
  const q = new Quaternion().setFromEuler(new Euler(rotDeg[0] * DEG, rotDeg[1] * DEG, rotDeg[2] * DEG));
  return new Matrix4().compose(new Vector3(...pos), q, new Vector3(...scale));
}

const ONE: Vec3 = [1, 1, 1];
const ZERO: Vec3 = [0, 0, 0];

export class KitBuilder {
  private readonly parts: BufferGeometry[] = [];
  private matrix = new Matrix4();

  /** Runs `fn` with the origin moved to `pos`, turned by `rot` (a yaw in degrees, or x/y/z degrees). */
  at(pos: Vec3, rot: number | Vec3, fn: () => void, scale = 1): void {
    const saved = this.matrix.clone();
    const r: Vec3 = typeof rot === 'number' ? [0, rot, 0] : rot;
    this.matrix.multiply(compose(pos, r, [scale, scale, scale]));
    try {
      fn();
    } finally {
      this.matrix = saved;
    }
  }

  /** A box of `size` centred at `pos`. */
  box(size: Vec3, pos: Vec3, color: Hex, opts: PartOptions = {}): void {
    this.add(new BoxGeometry(size[0], size[1], size[2]), pos, color, opts);
  }

  /** A box given by its base centre (y = bottom), which is how most furniture is measured. */
  slab(size: Vec3, base: Vec3, color: Hex, opts: PartOptions = {}): void {
    this.box(size, [base[0], base[1] + size[1] / 2, base[2]], color, opts);
  }

  /** An upright cylinder (or cone) centred at `pos`. */
  cylinder(radiusTop: number, radiusBottom: number, height: number, pos: Vec3, color: Hex, opts: CylinderOptions = {}): void {
    const geo = new CylinderGeometry(
      radiusTop,
      radiusBottom,
      height,
      opts.segments ?? 10,
      1,
      false,
      opts.thetaStart ?? 0,
      opts.thetaLength ?? Math.PI * 2,
    );
    this.add(geo, pos, color, opts);
  }

  sphere(radius: number, pos: Vec3, color: Hex, opts: PartOptions & { readonly segments?: number } = {}): void {
    const s = opts.segments ?? 10;
    this.add(new SphereGeometry(radius, s, Math.max(4, Math.round(s * 0.7))), pos, color, opts);
  }

  /** A single-sided rectangle facing +z (use `rot` to turn it). */
  quad(width: number, height: number, pos: Vec3, color: Hex, opts: PartOptions = {}): void {
    this.add(new PlaneGeometry(width, height), pos, color, opts);
  }

  /** Adds any indexed or non-indexed geometry; the builder takes ownership of it. */
  add(geometry: BufferGeometry, pos: Vec3, color: Hex, opts: PartOptions = {}): void {
    geometry.deleteAttribute('uv');
    if (!geometry.index) {
      const n = geometry.getAttribute('position').count;
      geometry.setIndex(Array.from({ length: n }, (_, i) => i));
    }
    const position = geometry.getAttribute('position');
    const count = position.count;
    geometry.computeBoundingBox();
    const box = geometry.boundingBox;
    const minY = box ? box.min.y : 0;
    const spanY = box ? Math.max(1e-6, box.max.y - box.min.y) : 1;
    const base = linear(color);
    const top = opts.top === undefined ? base : linear(opts.top);
    const colors = new Float32Array(count * 3);
    for (let i = 0; i < count; i++) {
      const t = (position.getY(i) - minY) / spanY;
      colors[i * 3] = base.r + (top.r - base.r) * t;
      colors[i * 3 + 1] = base.g + (top.g - base.g) * t;
      colors[i * 3 + 2] = base.b + (top.b - base.b) * t;
    }
    geometry.setAttribute('color', new BufferAttribute(colors, 3));
    geometry.setAttribute(GLOW_ATTRIBUTE, new BufferAttribute(new Float32Array(count).fill(opts.glow ?? 0), 1));
    const local = compose(pos, opts.rot ?? ZERO, opts.scale ?? ONE);
    geometry.applyMatrix4(new Matrix4().multiplyMatrices(this.matrix, local));
    this.parts.push(geometry);
  }

  get partCount(): number {
    return this.parts.length;
  }

  /** Merges everything added so far into one geometry (the parts are disposed). */
  build(): BufferGeometry {
    if (this.parts.length === 0) return new BufferGeometry();
    const merged = mergeGeometries(this.parts, false);
    for (const p of this.parts) p.dispose();
    this.parts.length = 0;
    if (!merged) throw new Error('kit geometry could not be merged: every part must carry position, normal, color and glow');
    merged.computeBoundingBox();
    merged.computeBoundingSphere();
    return merged;
  }
}
