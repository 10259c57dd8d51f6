// Where a classify step's objects lie and where its receptacles stand, in world metres: the items
// on a table (a desk or counter of the scene, or a sorting table the step brings), one receptacle
// per bin with its sign above it, and the labels of the items already put there stacked above the
// sign. The widget draws them here, the legibility test measures their text here, and the views
// spec checks that the opening view frames them.
import type { Prop, Station } from '../../course/schema.ts';
import type { RECEPTACLES, SORT_OBJECTS } from '../../course/steps/classify.ts';
import { KIT_PROP_SIZE } from '../kit/props/index.ts';
import { placeFacing, type Vec3 } from '../scene-layout.ts';
import { localFrame } from './local-frame.ts';

export type Receptacle = (typeof RECEPTACLES)[number];
export type SortObject = (typeof SORT_OBJECTS)[number];

const DEG = Math.PI / 180;

/**
 * Each item stands on the table as a plaque with its label (the document's or folder's face, or a
 * card with the drive or phone lying in front of it), leaning back from upright towards the
 * learner's eyes: low enough that the row in front never hides it.
 */
export const PLAQUE_TILT = 65 * DEG;
export const PLAQUE_HEIGHT = 0.13;
/** Each row stands this much higher than the row in front (a tiered stand), so every label shows. */
export const ROW_RISE = 0.08;
/** Kinds that are too small to carry a label: they lie in front of a label card. */
export const SMALL_OBJECTS: ReadonlySet<SortObject> = new Set(['usb-stick', 'phone', 'disc', 'badge', 'laptop']);
/** The sign over each receptacle, and the tags of the items put there. */
export const SIGN = { width: 0.44, height: 0.13, gap: 0.03 } as const;
export const TAG = { width: 0.42, height: 0.125, step: 0.13 } as const;
/** Height of each receptacle's body (the sign stands on it, at least at `SIGN_MIN_BOTTOM`). */
export const RECEPTACLE_HEIGHT: Readonly<Record<Receptacle, number>> = {
  tray: 0.82,
  cabinet: 1.05,
  safe: 0.95,
  shredder: 0.62,
  bin: 0.5,
  box: 0.55,
};
export const RECEPTACLE_WIDTH: Readonly<Record<Receptacle, number>> = {
  tray: 0.44,
  cabinet: 0.46,
  safe: 0.46,
  shredder: 0.4,
  bin: 0.36,
  box: 0.44,
};
const SIGN_MIN_BOTTOM = 0.85;
const DEFAULT_RECEPTACLES: readonly Receptacle[] = ['tray', 'cabinet', 'safe', 'shredder', 'box', 'bin'];
const DEFAULT_OBJECTS: readonly SortObject[] = ['document', 'folder'];

export interface TableSpot {
  /** Centre of the table's top (y = the top's height). */
  readonly position: Vec3;
  /** Degrees: the table's front (+z in its frame) faces the learner. */
  readonly yaw: number;
  readonly width: number;
  readonly depth: number;
  /** The step brings the table (no desk of the scene was named). */
  readonly drawn: boolean;
}

export interface ItemSpot {
  /** Middle of the plaque's foot, on the table or on its tier of the stand. */
  readonly base: Vec3;
  /** Height of the tier under it (0 for the front row). */
  readonly rise: number;
  /** Where a small object lies, in front of its plaque. */
  readonly object: Vec3;
  /** Centre of the plaque's face, and where its label is drawn (just in front of the face). */
  readonly label: Vec3;
  readonly yaw: number;
  readonly width: number;
  readonly depth: number;
  readonly kind: SortObject;
}

export interface ReceptacleSpot {
  readonly kind: Receptacle;
  /** Base centre on the floor (or the surface it stands on). */
  readonly base: Vec3;
  readonly yaw: number;
  /** Centre of the sign with the bin's name. */
  readonly sign: Vec3;
  /** Centre of the tag of the `k`th item put in this receptacle. */
  readonly tag: (k: number) => Vec3;
  /** The hit box: the receptacle and its sign. */
  readonly box: { readonly center: Vec3; readonly size: Vec3 };
}

export interface SortingStep {
  readonly bins: readonly {
    readonly id: string;
    readonly receptacle?: Receptacle | undefined;
    readonly at?: readonly [number, number, number] | undefined;
  }[];
  readonly items: readonly { readonly id: string; readonly object?: SortObject | undefined }[];
  readonly table?: string | undefined;
}

/** The yaw (degrees) that turns something at `at` to face the station. */
function facing(station: Station, at: readonly [number, number, number]): number {
  return Math.atan2(station.position[0] - at[0], station.position[2] - at[2]) / DEG;
}

/** The table the items lie on: the named desk or counter, else one the step brings ahead of the station. */
export function sortingTable(step: SortingStep, props: readonly Prop[], station: Station): TableSpot {
  const prop = step.table === undefined ? undefined : props.find((p) => p.id === step.table);
  if (prop) {
    const s = prop.scale ?? 1;
    const [w, h, d] = prop.kind === 'kit' ? KIT_PROP_SIZE[prop.kit] : [1.4, 0.75, 0.7];
    return {
      position: [prop.position[0], prop.position[1] + h * s, prop.position[2]],
      yaw: prop.rotation?.[1] ?? 0,
      width: w * s,
      depth: d * s,
      drawn: false,
    };
  }
  const spot = placeFacing(station, 1.2, 0, 0.75);
  return { position: spot.position, yaw: spot.yaw, width: 1.4, depth: 0.75, drawn: true };
}

/** Where each item still to sort lies: a grid over the table, three or four to a row. */
export function itemSpots(step: SortingStep, table: TableSpot): ItemSpot[] {
  const count = step.items.length;
  const cols = count > 9 ? 4 : Math.min(3, count);
  const rows = Math.ceil(count / cols);
  const width = Math.min(0.44, (table.width - 0.06) / cols);
  const depth = Math.min(0.24, (table.depth - 0.04) / rows);
  const frame = localFrame(table.position, table.yaw);
  return step.items.map((item, i) => {
    const row = Math.floor(i / cols);
    const inRow = Math.min(cols, count - row * cols);
    const x = ((i % cols) - (inRow - 1) / 2) * width;
    // Row 0 at the back: the front rows sit lower in the view and never hide the labels behind.
    // Shifted forwards: each plaque leans back over the space behind it.
    const z = (row - (rows - 1) / 2) * depth + 0.045;
    const rise = (rows - 1 - row) * ROW_RISE;
    const up = PLAQUE_HEIGHT / 2;
    // The face's normal leans up by the tilt: the label sits 6 mm out along it.
    const [ny, nz] = [Math.sin(PLAQUE_TILT), Math.cos(PLAQUE_TILT)];
    return {
      base: frame.toWorld(x, rise, z),
      rise,
      object: frame.toWorld(x, rise, z + 0.055),
      label: frame.toWorld(
        x,
        rise + up * Math.cos(PLAQUE_TILT) + 0.012 + 0.006 * ny,
        z - up * Math.sin(PLAQUE_TILT) + 0.006 * nz,
      ),
      yaw: table.yaw,
      width: width - 0.03,
      depth,
      kind: item.object ?? DEFAULT_OBJECTS[i % DEFAULT_OBJECTS.length]!,
    };
  });
}

/** Where each bin's receptacle stands: where the course puts it, else in a row behind the table. */
export function receptacleSpots(step: SortingStep, table: TableSpot, station: Station): ReceptacleSpot[] {
  const frame = localFrame(table.position, table.yaw);
  const count = step.bins.length;
  const spacing = Math.min(0.5, 2.0 / count);
  return step.bins.map((bin, b) => {
    const kind = bin.receptacle ?? DEFAULT_RECEPTACLES[b % DEFAULT_RECEPTACLES.length]!;
    const row = frame.toWorld((b - (count - 1) / 2) * spacing, 0, -table.depth / 2 - 0.32);
    const base: Vec3 = bin.at ? [bin.at[0], bin.at[1], bin.at[2]] : [row[0], station.position[1], row[2]];
    const yaw = facing(station, base);
    const at = localFrame(base, yaw);
    const signBottom = Math.max(RECEPTACLE_HEIGHT[kind] + SIGN.gap, SIGN_MIN_BOTTOM);
    const signY = signBottom + SIGN.height / 2;
    const front = 0.05;
    const top = signBottom + SIGN.height;
    return {
      kind,
      base,
      yaw,
      sign: at.toWorld(0, signY, front),
      tag: (k: number) => at.toWorld(0, top + 0.01 + TAG.height / 2 + k * TAG.step, front + 0.01),
      box: { center: at.toWorld(0, top / 2, 0), size: [Math.max(SIGN.width, RECEPTACLE_WIDTH[kind]) + 0.02, top + 0.02, 0.5] },
    };
  });
}
