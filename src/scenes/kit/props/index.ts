// The registry of kit props: one spec per name in KIT_PROPS (src/course/schema.ts).
import type { KIT_PROPS } from '../../../course/schema';
import type { Vec3 } from '../geometry-builder';
import { dataCard, keyboard, laptop, monitor, phone, screenWall, serverRack, usbStick } from './electronics';
import { cabinet, chair, counter, desk, door, whiteboard } from './furniture';
import { bin, lamp, plant, printer, shredder } from './office-items';
import { kiosk } from './kiosk';
import { person } from './person';
import { badge, folder, paperStack, stickyNote } from './small-items';
import type { KitPropSpec, ScreenRect } from './types';

export type KitPropKind = (typeof KIT_PROPS)[number];
export type { KitPropSpec, ScreenRect };

export const KIT_PROP_SPECS: Readonly<Record<KitPropKind, KitPropSpec>> = {
  desk,
  chair,
  monitor,
  laptop,
  keyboard,
  printer,
  'usb-stick': usbStick,
  phone,
  'paper-stack': paperStack,
  'sticky-note': stickyNote,
  whiteboard,
  bin,
  shredder,
  cabinet,
  'server-rack': serverRack,
  person,
  badge,
  folder,
  door,
  plant,
  counter,
  'screen-wall': screenWall,
  'data-card': dataCard,
  lamp,
  kiosk,
};

function mapSpecs<T>(pick: (spec: KitPropSpec) => T | undefined): Partial<Record<KitPropKind, T>> {
  const out: Partial<Record<KitPropKind, T>> = {};
  for (const [kind, spec] of Object.entries(KIT_PROP_SPECS) as [KitPropKind, KitPropSpec][]) {
    const v = pick(spec);
    if (v !== undefined) out[kind] = v;
  }
  return out;
}

/** Approximate [width, height, depth] in metres of each prop, for focus rings and labels. */
export const KIT_PROP_SIZE = mapSpecs((s) => s.size) as Readonly<Record<KitPropKind, Vec3>>;

/** Where text may be drawn on props that have a screen or board (local frame, see ScreenRect). */
export const KIT_SCREEN_RECT: Readonly<Partial<Record<KitPropKind, ScreenRect>>> = mapSpecs((s) => s.screen);
