// Budgets and contracts of the kit: sizes course authors rely on, the empty central area,
// triangle budgets per room, one shared material.
import { Box3, type BufferGeometry, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENTS, KIT_PROPS } from '../../course/schema';
import { ENVIRONMENT_PRESETS, buildEnvironmentGeometry } from './environments';
import { KitBuilder } from './geometry-builder';
import { GLOW_ATTRIBUTE, kitMaterial } from './materials';
import { KIT_PROP_SIZE, KIT_PROP_SPECS, KIT_SCREEN_RECT } from './props';

function buildProp(kind: (typeof KIT_PROPS)[number], tint?: string): BufferGeometry {
  const b = new KitBuilder();
  KIT_PROP_SPECS[kind].build(b, tint);
  return b.build();
}

const triangles = (g: BufferGeometry) => (g.index ? g.index.count : g.getAttribute('position').count) / 3;

/** Sizes from the kit brief that course files are written against. */
const NOMINAL: Partial<Record<(typeof KIT_PROPS)[number], readonly [number, number, number]>> = {
  desk: [1.4, 0.75, 0.7],
  chair: [0.5, 0.9, 0.5],
  monitor: [0.55, 0.45, 0.2],
  keyboard: [0.45, 0.03, 0.15],
  'usb-stick': [0.12, 0.03, 0.04],
  phone: [0.08, 0.01, 0.16],
  'sticky-note': [0.08, 0.005, 0.08],
  cabinet: [0.5, 1.3, 0.6],
  'server-rack': [0.6, 2.0, 1.0],
  person: [0.5, 1.7, 0.3],
  door: [1.0, 2.1, 0.1],
  counter: [2.0, 1.1, 0.7],
  'data-card': [0.5, 0.3, 0.02],
};

describe('kit props', () => {
  it.each(KIT_PROPS)('%s stands on y = 0, centred, and matches KIT_PROP_SIZE', (kind) => {
    const g = buildProp(kind);
    const box = new Box3().setFromBufferAttribute(g.getAttribute('position') as never);
    const size = box.getSize(new Vector3());
    const centre = box.getCenter(new Vector3());
    expect(Math.abs(box.min.y)).toBeLessThan(0.003);
    const declared = KIT_PROP_SIZE[kind];
    [size.x, size.y, size.z].forEach((v, i) =>
      expect(Math.abs(v - declared[i]!)).toBeLessThanOrEqual(Math.max(0.02, declared[i]! * 0.12)),
    );
    expect(Math.abs(centre.x)).toBeLessThan(Math.max(0.01, size.x * 0.08));
    expect(Math.abs(centre.z)).toBeLessThan(Math.max(0.01, size.z * 0.12));
    expect(g.getAttribute('color')).toBeDefined();
    expect(g.getAttribute(GLOW_ATTRIBUTE)).toBeDefined();
    expect(triangles(g)).toBeLessThan(1500);
  });

  it.each(Object.entries(NOMINAL))('%s keeps the nominal size course authors use', (kind, nominal) => {
    const declared = KIT_PROP_SIZE[kind as (typeof KIT_PROPS)[number]];
    nominal.forEach((v, i) => expect(Math.abs(declared[i]! - v)).toBeLessThanOrEqual(Math.max(0.02, v * 0.1)));
  });

  it('puts the desk top at 0.75 m and the monitor screen around y = 0.28', () => {
    const desk = new Box3().setFromBufferAttribute(buildProp('desk').getAttribute('position') as never);
    expect(desk.max.y).toBeCloseTo(0.75, 3);
    const screen = KIT_SCREEN_RECT.monitor;
    expect(screen?.center[1]).toBeCloseTo(0.28, 2);
    expect(screen?.width).toBeCloseTo(0.5, 2);
  });

  it('keeps every screen rect inside its prop', () => {
    for (const [kind, rect] of Object.entries(KIT_SCREEN_RECT)) {
      const size = KIT_PROP_SIZE[kind as (typeof KIT_PROPS)[number]];
      expect(rect.width).toBeLessThanOrEqual(size[0] + 1e-6);
      expect(rect.center[1]).toBeLessThanOrEqual(size[1] + 0.01);
    }
  });

  it('tints the main body with the colour parameter', () => {
    const plain = buildProp('person').getAttribute('color');
    const red = buildProp('person', '#ff0000').getAttribute('color');
    let differs = 0;
    for (let i = 0; i < plain.count; i++) if (plain.getX(i) !== red.getX(i)) differs++;
    expect(differs).toBeGreaterThan(20);
  });
});

describe('environments', () => {
  it('has a preset for every environment in the course schema', () => {
    expect(Object.keys(ENVIRONMENT_PRESETS).sort()).toEqual([...ENVIRONMENTS].sort());
  });

  it.each(ENVIRONMENTS)('%s fits the budget and leaves the central area empty', (name) => {
    const g = buildEnvironmentGeometry(name);
    expect(triangles(g)).toBeLessThanOrEqual(30_000);
    const pos = g.getAttribute('position');
    const intruders: string[] = [];
    for (let i = 0; i < pos.count; i++) {
      const [x, y, z] = [pos.getX(i), pos.getY(i), pos.getZ(i)];
      if (y > 0.02 && y < 2.5 && x > -4 && x < 4 && z > -5.5 && z < 1.5)
        intruders.push(`${x.toFixed(2)},${y.toFixed(2)},${z.toFixed(2)}`);
    }
    expect(intruders.slice(0, 5)).toEqual([]);
    const box = new Box3().setFromBufferAttribute(pos as never);
    const { shell } = ENVIRONMENT_PRESETS[name];
    expect(shell.x[0]).toBeLessThanOrEqual(-6);
    expect(shell.x[1]).toBeGreaterThanOrEqual(6);
    expect(shell.z[0]).toBeLessThanOrEqual(-8);
    expect(shell.z[1]).toBeGreaterThanOrEqual(4);
    expect(box.min.y).toBeLessThan(0);
  });

  it('shares one material (one shader program) across the kit', () => {
    expect(kitMaterial()).toBe(kitMaterial());
    expect(kitMaterial().vertexColors).toBe(true);
  });
});
