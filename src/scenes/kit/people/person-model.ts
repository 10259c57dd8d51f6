// Builds a low-poly person from a PersonLook: a body (with both arms, in a resting and a
// gesturing pose) and a head with a face (eyes, brows, nose, mouth closed and open, ears, hair,
// glasses). Each is one merged vertex-coloured geometry, so a person costs two draw calls and
// animates by moving and swapping whole parts: no skinning.
import { SphereGeometry, type BufferGeometry } from 'three';
import { KitBuilder, mixHex, type Vec3 } from '../geometry-builder';
import type { PersonLook } from './look';

export type ArmPose = 'rest' | 'gesture';
export type MouthPose = 'closed' | 'open';

export interface PersonFrame {
  /** Where the head turns (top of the neck), in the body's frame. */
  readonly neck: Vec3;
  readonly height: number;
}

const EYE_WHITE = '#f4f1ec';
const IRIS = '#2b1d14';

/** The neck pivot and total height of a look (the head geometry is built around the pivot). */
export function personFrame(look: PersonLook): PersonFrame {
  const s = look.height / 1.72;
  const lean = (look.stoop * Math.PI) / 180;
  // The torso starts at 0.92·s and the neck's top is 0.58·s up it; the head sits 2 cm into the neck.
  const up = 0.58 * s - 0.02;
  return { neck: [0, 0.92 * s + up * Math.cos(lean), up * Math.sin(lean)], height: look.height };
}

/** Emits the body into `b` (origin between the feet, facing +z). */
export function buildBody(b: KitBuilder, look: PersonLook, pose: ArmPose): void {
  const s = look.height / 1.72;
  const female = look.gender === 'female';
  const hipY = 0.86 * s;
  const hipHalf = female ? 0.155 : 0.15;
  // Shoes and legs.
  for (const x of [-0.085, 0.085]) {
    b.slab([0.105, 0.06, 0.24], [x * s, 0, 0.035], look.shoes);
    if (look.skirt) {
      b.cylinder(0.045, 0.04, 0.42 * s, [x * s, 0.06 + 0.21 * s, 0], mixHex(look.skin, '#8a7a6e', 0.25), { segments: 8 });
    } else {
      b.cylinder(0.068, 0.058, hipY - 0.06, [x * s, 0.06 + (hipY - 0.06) / 2, 0], look.legs, { segments: 8 });
    }
  }
  if (look.skirt)
    b.cylinder(hipHalf + 0.01, hipHalf + 0.045, 0.4 * s, [0, hipY - 0.16 * s, 0], look.legs, {
      segments: 12,
      scale: [1, 1, 0.7],
    });
  // Hips; the upper body leans from the waist.
  b.cylinder(hipHalf, hipHalf - 0.01, 0.16 * s, [0, hipY, 0], look.legs, { segments: 10, scale: [1, 1, 0.68] });
  b.at([0, hipY + 0.06 * s, 0], [look.stoop, 0, 0], () => {
    const waist = female ? 0.135 : 0.15;
    const chest = look.shoulders - 0.02;
    const torsoH = 0.5 * s;
    const jacketed = look.dress === 'suit' || look.dress === 'jacket' || look.dress === 'uniform';
    b.cylinder(chest, waist, torsoH, [0, torsoH / 2, 0], look.top, {
      segments: 10,
      scale: [1, 1, 0.62],
      top: mixHex(look.top, '#ffffff', 0.06),
    });
    // Shoulders: a rounded yoke.
    b.sphere(chest * 1.02, [0, torsoH - 0.02, 0], look.top, { segments: 10, scale: [1, 0.32, 0.62] });
    const front = chest * 0.62;
    if (jacketed) {
      // Open front: shirt or blouse in a V, lapels, buttons.
      b.box([0.085, 0.2 * s, 0.01], [0, torsoH - 0.1 * s, front - 0.004], look.shirt);
      const lapel = mixHex(look.top, '#000000', 0.22);
      b.box([0.03, 0.24 * s, 0.012], [-0.055, torsoH - 0.12 * s, front], lapel, { rot: [0, 0, -16] });
      b.box([0.03, 0.24 * s, 0.012], [0.055, torsoH - 0.12 * s, front], lapel, { rot: [0, 0, 16] });
      for (const y of [0.16, 0.08]) b.box([0.014, 0.014, 0.008], [0, y * s, front + 0.012], mixHex(look.top, '#000000', 0.4));
      if (look.tie) b.box([0.034, 0.2 * s, 0.012], [0, torsoH - 0.12 * s, front + 0.004], look.tie);
      else b.box([0.07, 0.03, 0.012], [0, torsoH - 0.025, front + 0.002], look.shirt);
    } else if (look.dress === 'casual') {
      // A cardigan over a shirt: the shirt's collar at the neck, a row of buttons.
      b.box([0.11, 0.05, 0.02], [0, torsoH - 0.03, front - 0.012], look.shirt);
      for (const y of [0.3, 0.22, 0.14, 0.06])
        b.box([0.012, 0.012, 0.008], [0, y * s, front + 0.004], mixHex(look.top, '#000000', 0.35));
    } else {
      // Polo: a collar and a placket.
      const collar = mixHex(look.top, '#ffffff', 0.15);
      b.box([0.12, 0.035, 0.03], [0, torsoH - 0.02, front - 0.01], collar);
      b.box([0.02, 0.09, 0.008], [0, torsoH - 0.08, front + 0.002], collar);
    }
    if (look.lanyard) {
      b.box([0.012, 0.2 * s, 0.006], [-0.045, torsoH - 0.1 * s, front + 0.012], '#1f5aa6', { rot: [0, 0, -12] });
      b.box([0.012, 0.2 * s, 0.006], [0.045, torsoH - 0.1 * s, front + 0.012], '#1f5aa6', { rot: [0, 0, 12] });
      b.box([0.06, 0.085, 0.006], [0, torsoH - 0.24 * s, front + 0.016], '#f4f4f0');
      b.box([0.05, 0.018, 0.004], [0, torsoH - 0.215 * s, front + 0.02], '#1f5aa6');
    }
    if (look.badge) b.box([0.035, 0.045, 0.006], [-chest * 0.55, torsoH - 0.14 * s, front - 0.004], '#c9a43a');
    // Neck.
    b.cylinder(0.045, 0.05, 0.1 * s, [0, torsoH + 0.03 * s, 0], look.skin, { segments: 8 });
    // Arms from the shoulders: upper arm, forearm, hand.
    const sleeve = mixHex(look.top, '#000000', 0.06);
    const cuff = look.dress === 'polo' ? look.skin : sleeve;
    for (const side of [-1, 1] as const) {
      const gesturing = pose === 'gesture' && side === 1;
      const shoulder: Vec3 = [side * (look.shoulders + 0.005), torsoH - 0.05 * s, 0];
      const upperRot: Vec3 = gesturing ? [-25, 0, side * 12] : [0, 0, side * 3];
      b.at(shoulder, upperRot, () => {
        const upper = 0.29 * s;
        b.cylinder(0.05, 0.043, upper, [0, -upper / 2, 0], look.dress === 'polo' ? look.top : sleeve, { segments: 8 });
        if (look.dress === 'polo') b.cylinder(0.04, 0.036, upper * 0.55, [0, -upper * 0.72, 0], look.skin, { segments: 8 });
        // Elbow: the gesturing forearm comes forward and up, palm open.
        b.at([0, -upper, 0], gesturing ? [-70, 0, 0] : [-8, 0, 0], () => {
          const fore = 0.26 * s;
          b.cylinder(0.042, 0.034, fore, [0, -fore / 2, 0], cuff, { segments: 8 });
          b.box([0.07, 0.09, 0.03], [0, -fore - 0.05, 0.005], look.skin, { scale: [1, 1, 1] });
          b.box([0.025, 0.04, 0.025], [side * -0.035, -fore - 0.03, 0.02], look.skin, { rot: [0, 0, side * 30] });
        });
      });
    }
  });
}

/** Emits the head into `b`, origin at the neck pivot, face towards +z. */
export function buildHead(b: KitBuilder, look: PersonLook, mouth: MouthPose): void {
  const female = look.gender === 'female';
  const skin = look.skin;
  const shade = mixHex(skin, '#7a4a30', 0.18);
  const cy = 0.115;
  const cz = 0.012;
  // Skull and face, a softer jaw and chin.
  b.sphere(0.1, [0, cy, cz], skin, { segments: 14, scale: [female ? 0.86 : 0.9, 1.14, 1] });
  for (const x of [-1, 1]) b.sphere(0.022, [x * 0.09, cy - 0.005, cz - 0.005], shade, { segments: 5, scale: [0.5, 1, 0.8] });
  // Eyes: whites, irises; brows.
  const eyeY = cy + 0.012;
  for (const x of [-0.035, 0.035]) {
    b.sphere(0.016, [x, eyeY, 0.094], EYE_WHITE, { segments: 6, scale: [1.2, 0.7, 0.45] });
    b.sphere(0.0085, [x, eyeY, 0.1], IRIS, { segments: 6, scale: [1, 1, 0.45] });
    const brow = look.band === 'older' ? mixHex(look.hair, '#6a625a', 0.2) : look.hair;
    b.box([0.036, female ? 0.006 : 0.009, 0.01], [x, eyeY + 0.026, 0.098], brow, { rot: [0, 0, x > 0 ? -8 : 8] });
  }
  // Nose and mouth.
  b.box([0.022, 0.042, 0.026], [0, cy - 0.015, 0.11], shade, { rot: [-14, 0, 0] });
  const mouthY = cy - 0.055;
  if (mouth === 'open') {
    b.box([0.036, 0.02, 0.01], [0, mouthY - 0.004, 0.1], '#3a1a18');
    b.box([0.04, 0.006, 0.01], [0, mouthY + 0.008, 0.102], look.lips);
    b.box([0.036, 0.006, 0.01], [0, mouthY - 0.016, 0.1], look.lips);
  } else {
    b.box([0.042, 0.009, 0.01], [0, mouthY, 0.101], look.lips);
  }
  if (look.glasses) {
    const frame = '#2a2a2a';
    for (const x of [-0.035, 0.035]) {
      b.box([0.042, 0.004, 0.004], [x, eyeY + 0.016, 0.108], frame);
      b.box([0.042, 0.004, 0.004], [x, eyeY - 0.016, 0.108], frame);
      b.box([0.004, 0.032, 0.004], [x - 0.021, eyeY, 0.108], frame);
      b.box([0.004, 0.032, 0.004], [x + 0.021, eyeY, 0.108], frame);
    }
    b.box([0.014, 0.004, 0.004], [0, eyeY + 0.006, 0.108], frame);
  }
  buildHair(b, look, cy, cz);
}

/** A part of a sphere around the head: `gap` radians left open each side of the face, down to `to` from the crown. */
function shell(b: KitBuilder, r: number, gap: number, from: number, to: number, pos: Vec3, color: string, scale: Vec3): void {
  const geometry = new SphereGeometry(r, 12, 6, Math.PI / 2 + gap, Math.PI * 2 - gap * 2, from, to - from);
  b.add(geometry, pos, color, { scale });
}

function buildHair(b: KitBuilder, look: PersonLook, cy: number, cz: number): void {
  const hair = look.hair;
  const at: Vec3 = [0, cy + 0.004, cz - 0.004];
  const skull: Vec3 = [0.92, 1.1, 1.02];
  const crown = () => shell(b, 0.103, 0, 0, Math.PI * 0.3, at, hair, skull);
  switch (look.hairStyle) {
    case 'balding':
      shell(b, 0.103, Math.PI * 0.42, Math.PI * 0.28, Math.PI * 0.62, at, hair, skull);
      return;
    case 'short':
      crown();
      shell(b, 0.104, Math.PI * 0.36, 0, Math.PI * 0.6, at, hair, skull);
      return;
    case 'side-part':
      crown();
      shell(b, 0.104, Math.PI * 0.36, 0, Math.PI * 0.6, at, hair, skull);
      b.sphere(0.04, [0.025, cy + 0.092, cz + 0.05], hair, { segments: 8, scale: [1.3, 0.4, 0.9], rot: [-25, 0, -8] });
      return;
    case 'bob':
      crown();
      shell(b, 0.11, Math.PI * 0.3, 0, Math.PI * 0.8, [0, cy - 0.004, cz - 0.01], hair, [0.98, 1.12, 1.02]);
      return;
    case 'long':
      crown();
      shell(b, 0.11, Math.PI * 0.3, 0, Math.PI * 0.86, [0, cy - 0.03, cz - 0.012], hair, [0.98, 1.45, 1.0]);
      return;
    case 'bun':
      crown();
      shell(b, 0.105, Math.PI * 0.34, 0, Math.PI * 0.62, at, hair, skull);
      b.sphere(0.042, [0, cy + 0.06, cz - 0.11], hair, { segments: 10 });
      return;
  }
}

export interface PersonGeometry {
  readonly body: Readonly<Record<ArmPose, BufferGeometry>>;
  readonly head: Readonly<Record<MouthPose, BufferGeometry>>;
  readonly frame: PersonFrame;
}

/** The body in both arm poses and the head in both mouth poses, each one merged geometry. */
export function buildPersonGeometry(look: PersonLook): PersonGeometry {
  const part = (fn: (b: KitBuilder) => void) => {
    const b = new KitBuilder();
    fn(b);
    return b.build();
  };
  return {
    body: { rest: part((b) => buildBody(b, look, 'rest')), gesture: part((b) => buildBody(b, look, 'gesture')) },
    head: { closed: part((b) => buildHead(b, look, 'closed')), open: part((b) => buildHead(b, look, 'open')) },
    frame: personFrame(look),
  };
}

/** The whole person as one static geometry (body at rest, mouth closed), for the kit preview. */
export function buildStaticPerson(b: KitBuilder, look: PersonLook): void {
  buildBody(b, look, 'rest');
  b.at(personFrame(look).neck, 0, () => buildHead(b, look, 'closed'));
}
