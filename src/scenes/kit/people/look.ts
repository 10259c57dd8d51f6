// A person's look, chosen from who they are (gender, age, role or dress) and a seed: height,
// build, skin, hair style and colour, clothes and their colours, glasses. Deterministic: the same
// character and seed always give the same person, so every learner meets the same people.
import { ageBand, dressOf, type AgeBand, type CharacterRole, type Dress, type Gender } from '../../../course/characters';
import type { Hex } from '../geometry-builder';

export interface PersonSpec {
  readonly gender: Gender;
  readonly age: number;
  readonly role: CharacterRole;
  readonly dress?: Dress | undefined;
  /** Varies everything the spec leaves open (a character id or prop id). */
  readonly seed: string;
}

export type HairStyle = 'short' | 'side-part' | 'balding' | 'bob' | 'long' | 'bun';

export interface PersonLook {
  readonly gender: Gender;
  readonly band: AgeBand;
  readonly dress: Dress;
  readonly height: number;
  /** Shoulder half-width in metres. */
  readonly shoulders: number;
  /** Forward lean of the upper body in degrees (older people stoop a little). */
  readonly stoop: number;
  readonly skin: Hex;
  readonly hair: Hex;
  readonly hairStyle: HairStyle;
  readonly lips: Hex;
  readonly top: Hex;
  readonly shirt: Hex;
  readonly legs: Hex;
  readonly shoes: Hex;
  readonly tie: Hex | null;
  readonly skirt: boolean;
  readonly glasses: boolean;
  readonly lanyard: boolean;
  readonly badge: boolean;
}

/** A small seeded generator (FNV-1a hash, then mulberry32). */
export function seededRandom(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length) % list.length]!;

const SKIN = ['#efc9a6', '#e6bb95', '#dcae88', '#d2a07a', '#c8936d'] as const;
const HAIR_DARK = ['#17130f', '#221a15', '#2f231b', '#3a2b20'] as const;
const HAIR_GREY = ['#8f8c87', '#a9a6a0', '#c4c1bb', '#6f6b66'] as const;

const CLOTHES: Readonly<Record<Dress, { top: readonly Hex[]; shirt: readonly Hex[]; legs: readonly Hex[] }>> = {
  suit: { top: ['#2b3140', '#26324a', '#383c44'], shirt: ['#f3f3f0', '#e4ecf6'], legs: ['#23262d', '#262d3d'] },
  jacket: { top: ['#2c3e5c', '#4f5662', '#34504f', '#5a4a3e'], shirt: ['#f3f3f0', '#d9e6f3'], legs: ['#25282e', '#3a3d44'] },
  uniform: { top: ['#1f2d4a'], shirt: ['#d7e5f4'], legs: ['#1c2436'] },
  casual: {
    top: ['#8a5a44', '#6b7b4a', '#9b4a4a', '#5c6b80', '#a8845a', '#7a6a8c'],
    shirt: ['#eeeae0', '#d8d2c4'],
    legs: ['#4a4540', '#3b3f47', '#5b5348'],
  },
  polo: { top: ['#2f6e9e', '#3b7d5a', '#c25b2a', '#5e6a75'], shirt: ['#2f6e9e'], legs: ['#2e3440', '#4a4a44', '#5a5040'] },
};

export function personLook(spec: PersonSpec): PersonLook {
  const rand = seededRandom(`${spec.seed}|${spec.gender}|${spec.age}|${spec.role}|${spec.dress ?? ''}`);
  const band = ageBand(spec.age);
  const female = spec.gender === 'female';
  const dress = dressOf(spec);
  const clothes = CLOTHES[dress];
  const top = pick(rand, clothes.top);
  const shirt = dress === 'polo' ? top : pick(rand, clothes.shirt);
  const baseHeight = female ? 1.6 + rand() * 0.07 : 1.69 + rand() * 0.09;
  const height = baseHeight - (band === 'older' ? 0.03 : 0);
  const grey = band === 'older' || (band === 'middle' && rand() < 0.25);
  const hair = band === 'older' ? pick(rand, HAIR_GREY) : grey ? '#4f4a45' : pick(rand, HAIR_DARK);
  const hairStyle: HairStyle = female
    ? band === 'older'
      ? pick(rand, ['bun', 'bob'] as const)
      : band === 'young'
        ? pick(rand, ['long', 'bob', 'long'] as const)
        : pick(rand, ['bob', 'bun', 'long'] as const)
    : band === 'older'
      ? pick(rand, ['balding', 'short'] as const)
      : pick(rand, ['short', 'side-part'] as const);
  // A tie for some men in suits and jackets; women and uniforms go without.
  const tie =
    !female && (dress === 'suit' || (dress === 'jacket' && rand() < 0.4)) ? pick(rand, ['#8e2a2a', '#2a3e6e', '#5a5f66']) : null;
  return {
    gender: spec.gender,
    band,
    dress,
    height,
    shoulders: female ? 0.155 + rand() * 0.01 : 0.178 + rand() * 0.012,
    stoop: band === 'older' ? 7 : 0,
    skin: pick(rand, SKIN),
    hair,
    hairStyle,
    lips: female ? '#b8646a' : '#a86a62',
    top,
    shirt,
    legs: pick(rand, clothes.legs),
    shoes: dress === 'casual' || dress === 'polo' ? pick(rand, ['#3a2d22', '#1a1a1a', '#5a4636']) : '#151515',
    tie,
    skirt: female && (dress === 'suit' || dress === 'jacket' || dress === 'uniform') && rand() < 0.5,
    glasses: rand() < (band === 'older' ? 0.6 : 0.25),
    lanyard: dress === 'polo' || spec.role === 'contractor-engineer',
    badge: dress === 'uniform' || spec.role === 'civil-servant',
  };
}
