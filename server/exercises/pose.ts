// The shape check of a pose: where a participant's head, hands and pointer are, relayed to the others
// for avatars. Poses are not commands: they change nothing in the exercise and are not logged.
// Positions are kept to the millimetre and rotations to four decimals: finer than anyone sees on an
// avatar, and a relayed pose is a third of the bytes a float's seventeen digits would take.

type Vec3 = readonly [number, number, number];
type Quat = readonly [number, number, number, number];

export interface Transform {
  readonly p: Vec3;
  readonly q: Quat;
}

export interface Pose {
  readonly head?: Transform;
  readonly left?: Transform;
  readonly right?: Transform;
  /** Where the pointer's ray starts and the point it hits (or its direction). */
  readonly pointer?: { readonly from: Vec3; readonly to: Vec3 };
}

const PARTS = ['head', 'left', 'right', 'pointer'];
/** Metres from the room's origin: far beyond any room, near enough to catch garbage. */
const MAX_COORD = 1000;

/** Decimal places kept: metres to the millimetre, quaternion parts to 1e-4. */
const POSITION_PLACES = 1000;
const ROTATION_PLACES = 10_000;

function numbers(value: unknown, length: number, max: number, places: number): number[] | undefined {
  if (!Array.isArray(value) || value.length !== length) return undefined;
  const out: number[] = [];
  for (const item of value as unknown[]) {
    if (typeof item !== 'number' || !Number.isFinite(item) || Math.abs(item) > max) return undefined;
    // + 0 turns a rounded -0 into 0.
    out.push(Math.round(item * places) / places + 0);
  }
  return out;
}

function transform(value: unknown): Transform | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (Object.keys(record).some((key) => key !== 'p' && key !== 'q')) return undefined;
  const p = numbers(record.p, 3, MAX_COORD, POSITION_PLACES);
  const q = numbers(record.q, 4, 1.0001, ROTATION_PLACES);
  return p && q ? { p: [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0], q: [q[0] ?? 0, q[1] ?? 0, q[2] ?? 0, q[3] ?? 0] } : undefined;
}

function vec3(value: unknown): Vec3 | undefined {
  const v = numbers(value, 3, MAX_COORD, POSITION_PLACES);
  return v ? [v[0] ?? 0, v[1] ?? 0, v[2] ?? 0] : undefined;
}

const REASON =
  'A pose is { head?, left?, right?, pointer? }: head and hands { p: [x, y, z], q: [x, y, z, w] } in metres, pointer { from: [x, y, z], to: [x, y, z] }.';

/** The pose with only its known fields, rounded, or the reason it is refused. */
export function parsePose(value: unknown): { ok: true; pose: Pose } | { ok: false; reason: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: REASON };
  const record = value as Record<string, unknown>;
  if (Object.keys(record).some((key) => !PARTS.includes(key))) return { ok: false, reason: REASON };
  const pose: { -readonly [K in keyof Pose]: Pose[K] } = {};
  for (const part of ['head', 'left', 'right'] as const) {
    if (record[part] === undefined) continue;
    const parsed = transform(record[part]);
    if (parsed === undefined) return { ok: false, reason: REASON };
    pose[part] = parsed;
  }
  if (record.pointer !== undefined) {
    const pointer = record.pointer as Record<string, unknown> | null;
    const from = typeof pointer === 'object' && pointer !== null ? vec3(pointer.from) : undefined;
    const to = typeof pointer === 'object' && pointer !== null ? vec3(pointer.to) : undefined;
    if (from === undefined || to === undefined || Object.keys(pointer ?? {}).length !== 2) return { ok: false, reason: REASON };
    pose.pointer = { from, to };
  }
  return { ok: true, pose };
}
