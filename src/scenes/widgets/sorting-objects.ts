// The things a classify step's learner handles, built as one merged kit mesh (one draw call): the
// objects on the table (documents, folders, drives…), the receptacles they go to (tray, cabinet,
// safe, shredder…) with the posts of their signs, and the sorting table when the step brings one.
import type { BufferGeometry } from 'three';
import { KitBuilder, mixHex, type Hex } from '../kit/geometry-builder.ts';
import { PALETTE as P } from '../kit/palette.ts';
import { KIT_PROP_SPECS } from '../kit/props/index.ts';
import type { ItemSpot, Receptacle, ReceptacleSpot, SortObject, TableSpot } from './sorting-layout.ts';
import { PLAQUE_HEIGHT, PLAQUE_TILT, RECEPTACLE_HEIGHT, SIGN, SMALL_OBJECTS } from './sorting-layout.ts';

const DEG = Math.PI / 180;

/**
 * An item standing on the table: its plaque leaning back, the label area in `tone` (white, held,
 * or the verdict's colour once graded). Documents and folders are the plaque themselves; small
 * objects lie in front of a label card.
 */
function buildPlaque(b: KitBuilder, kind: SortObject, width: number, tone: Hex): void {
  const h = PLAQUE_HEIGHT;
  const small = SMALL_OBJECTS.has(kind);
  // A foot along the plaque's bottom edge keeps it standing.
  b.slab([width, 0.012, 0.05], [0, 0, -0.01], '#5b6470');
  b.at([0, 0.012, 0], [-PLAQUE_TILT / DEG, 0, 0], () => {
    if (kind === 'folder') {
      b.slab([width + 0.012, h + 0.012, 0.01], [0, -0.006, -0.006], P.kraft);
      b.slab([0.09, 0.03, 0.01], [-width / 2 + 0.07, h, -0.006], P.kraft);
      b.slab([width - 0.05, h - 0.035, 0.003], [0, 0.018, 0.0], tone);
    } else if (kind === 'document') {
      b.slab([width + 0.004, h + 0.006, 0.008], [0.006, -0.004, -0.008], mixHex(P.paper, '#8a8a80', 0.3));
      b.slab([width, h, 0.004], [0, 0, -0.002], P.paper);
      b.slab([width - 0.03, h - 0.03, 0.002], [0, 0.015, 0.0005], tone);
    } else {
      b.slab([width, h, 0.008], [0, 0, -0.006], '#c8cdd2');
      b.slab([width - 0.025, h - 0.025, 0.002], [0, 0.0125, -0.001], tone);
    }
  });
  if (small) b.at([0, 0, 0.055], 0, () => buildObject(b, kind, undefined));
}

/** Builds one object lying at its origin, its front towards +z: small ones fit about 0.2 × 0.07 m. */
function buildObject(b: KitBuilder, kind: SortObject, tint: Hex | undefined): void {
  switch (kind) {
    case 'document':
      b.at([0, 0, 0], [0, 0, 0], () => KIT_PROP_SPECS['paper-stack'].build(b, tint), 0.8);
      return;
    case 'folder':
      b.at([0, 0, 0], [0, 90, 0], () => KIT_PROP_SPECS.folder.build(b, tint ?? P.kraft), 0.75);
      return;
    case 'usb-stick':
      b.at([0, 0, 0], [0, 0, 0], () => KIT_PROP_SPECS['usb-stick'].build(b, tint), 1.5);
      return;
    case 'phone':
      b.at([0, 0, 0], [0, 90, 0], () => KIT_PROP_SPECS.phone.build(b, tint), 1.0);
      return;
    case 'laptop':
      b.at([0, 0, 0], [0, 0, 0], () => KIT_PROP_SPECS.laptop.build(b, tint), 0.4);
      return;
    case 'badge':
      b.at([0, 0.004, 0], [-90, 90, 0], () => KIT_PROP_SPECS.badge.build(b, tint), 1.2);
      return;
    case 'disc':
      b.cylinder(0.035, 0.035, 0.004, [-0.04, 0.002, 0], tint ?? '#c9d2dc', { segments: 18 });
      b.cylinder(0.01, 0.01, 0.005, [-0.04, 0.003, 0], '#6d7782', { segments: 10 });
      b.slab([0.07, 0.008, 0.07], [0.04, 0, 0], '#2c3e57');
      return;
  }
}

/** Builds a receptacle standing at its origin, front towards +z. */
function buildReceptacle(b: KitBuilder, kind: Receptacle, highlight: boolean): void {
  const h = RECEPTACLE_HEIGHT[kind];
  const accent = highlight ? '#5fa8e8' : undefined;
  switch (kind) {
    case 'tray': {
      // A side table with a stacked in/out tray on it.
      const leg = '#5b6470';
      for (const [x, z] of [
        [-0.19, -0.17],
        [0.19, -0.17],
        [-0.19, 0.17],
        [0.19, 0.17],
      ] as const)
        b.slab([0.03, h - 0.12, 0.03], [x, 0, z], leg);
      b.slab([0.44, 0.03, 0.4], [0, h - 0.12, 0], P.woodLight);
      for (const level of [0, 0.045]) {
        const y = h - 0.09 + level;
        b.slab([0.34, 0.006, 0.26], [0, y, 0], accent ?? '#2f4f6f');
        b.slab([0.34, 0.03, 0.006], [0, y, -0.127], accent ?? '#2f4f6f');
        b.slab([0.006, 0.03, 0.26], [-0.167, y, 0], accent ?? '#2f4f6f');
        b.slab([0.006, 0.03, 0.26], [0.167, y, 0], accent ?? '#2f4f6f');
      }
      b.slab([0.28, 0.012, 0.2], [0, h - 0.083, 0], P.paper);
      return;
    }
    case 'cabinet': {
      const body = accent ?? '#8a939c';
      b.slab([0.46, h, 0.55], [0, 0, 0], body);
      const drawer = (h - 0.06) / 3;
      for (let i = 0; i < 3; i++) {
        const y = 0.03 + i * drawer;
        b.slab([0.42, drawer - 0.02, 0.01], [0, y + 0.01, 0.277], mixHex(body, '#ffffff', 0.15));
        b.box([0.12, 0.02, 0.02], [0, y + drawer * 0.7, 0.29], P.chrome);
        b.box([0.07, 0.035, 0.004], [0, y + drawer * 0.45, 0.284], P.paper);
      }
      return;
    }
    case 'safe': {
      const body = accent ?? '#3d4650';
      b.slab([0.46, h, 0.48], [0, 0, 0], body);
      b.slab([0.38, h - 0.1, 0.012], [0, 0.05, 0.24], mixHex(body, '#ffffff', 0.12));
      b.at([0.05, h / 2, 0.252], [90, 0, 0], () => b.cylinder(0.06, 0.06, 0.02, [0, 0, 0], P.chrome, { segments: 16 }));
      b.box([0.02, 0.14, 0.03], [0.14, h / 2, 0.26], P.chrome);
      b.box([0.08, 0.05, 0.005], [-0.1, h / 2 + 0.12, 0.248], P.ledGreen, { glow: 0.6 });
      return;
    }
    case 'shredder':
      KIT_PROP_SPECS.shredder.build(b, accent);
      return;
    case 'bin':
      b.at([0, 0, 0], [0, 0, 0], () => KIT_PROP_SPECS.bin.build(b, accent), 1.1);
      return;
    case 'box': {
      // A sealed archive box on a low stand.
      const card = accent ?? '#b58b58';
      b.slab([0.44, 0.12, 0.38], [0, 0, 0], '#5b6470');
      b.slab([0.42, h - 0.12, 0.36], [0, 0.12, 0], card);
      b.slab([0.425, 0.04, 0.365], [0, h - 0.04, 0], mixHex(card, '#000000', 0.15));
      b.box([0.06, h - 0.12, 0.004], [0, 0.12 + (h - 0.12) / 2, 0.182], P.govRed);
      return;
    }
  }
}

/** A sorting table the step brings: a plain desk-height table. */
function buildTable(b: KitBuilder, table: TableSpot): void {
  const top = table.position[1];
  b.slab([table.width, 0.04, table.depth], [0, top - 0.04, 0], P.woodLight);
  for (const x of [-table.width / 2 + 0.05, table.width / 2 - 0.05])
    for (const z of [-table.depth / 2 + 0.05, table.depth / 2 - 0.05]) b.slab([0.04, top - 0.04, 0.04], [x, 0, z], '#55606b');
}

export interface SortingSceneSpec {
  readonly table: TableSpot;
  /** Objects still on the table, each with the colour of its label (a carried one lifts off the table). */
  readonly items: readonly { readonly spot: ItemSpot; readonly held: boolean; readonly tone: Hex }[];
  /** Objects already put away: drawn on their receptacle's top. */
  readonly stored: readonly { readonly kind: SortObject; readonly at: ReceptacleSpot; readonly k: number }[];
  readonly receptacles: readonly ReceptacleSpot[];
  /** Something is being carried: the receptacles light up as places to put it. */
  readonly carrying: boolean;
}

export function buildSortingScene(spec: SortingSceneSpec): BufferGeometry {
  const b = new KitBuilder();
  const { table } = spec;
  if (table.drawn) b.at([table.position[0], 0, table.position[2]], table.yaw, () => buildTable(b, table));
  for (const { spot, held, tone } of spec.items) {
    // The tier of the stand under a back row (it stays when the object is picked up).
    if (spot.rise > 0)
      b.at([spot.base[0], spot.base[1] - spot.rise, spot.base[2]], spot.yaw, () =>
        b.slab([spot.width + 0.03, spot.rise, spot.depth * 0.7], [0, 0, -0.03], '#6b737c'),
      );
    b.at([spot.base[0], spot.base[1] + (held ? 0.08 : 0), spot.base[2]], spot.yaw, () =>
      buildPlaque(b, spot.kind, spot.width, tone),
    );
  }
  for (const r of spec.receptacles)
    b.at(r.base, r.yaw, () => {
      buildReceptacle(b, r.kind, spec.carrying);
      // The sign's post, from the receptacle's back up to the sign.
      const top = RECEPTACLE_HEIGHT[r.kind];
      const signTop = r.sign[1] - r.base[1] + SIGN.height / 2;
      b.slab([0.025, signTop - top + 0.02, 0.025], [0, top - 0.02, 0.02], '#4a525c');
    });
  for (const { kind, at, k } of spec.stored)
    b.at(at.base, at.yaw, () =>
      b.at(
        [((k % 3) - 1) * 0.07, RECEPTACLE_HEIGHT[at.kind] + 0.005 + Math.floor(k / 3) * 0.03, 0.06],
        (k % 2) * 8 - 4,
        () => buildObject(b, kind, undefined),
        0.6,
      ),
    );
  const geometry = b.build();
  geometry.name = 'classify:sorting';
  return geometry;
}
