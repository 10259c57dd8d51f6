// The people generator: who the character is shows (gender, age, dress), the same character is
// always the same person, different ones differ, and each stays within its triangle budget.
import { Box3, type BufferGeometry, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { CHARACTER_ROLES, DRESS, type Gender } from '../../../course/characters';
import { GLOW_ATTRIBUTE } from '../materials';
import { personLook, type PersonSpec } from './look';
import { buildPersonGeometry } from './person-model';

const triangles = (g: BufferGeometry) => (g.index ? g.index.count : g.getAttribute('position').count) / 3;
/** A person's budget: two parts (the heaviest poses) under 4,000 triangles, so a room of eight stays far below 150,000. */
const PERSON_TRIANGLES = 4000;

const every: PersonSpec[] = [];
for (const gender of ['female', 'male'] as Gender[])
  for (const age of [24, 45, 68])
    for (const role of CHARACTER_ROLES)
      for (const dress of [undefined, ...DRESS])
        every.push({ gender, age, role, dress, seed: `${gender}-${age}-${role}-${dress}` });

function bounds(g: BufferGeometry) {
  return new Box3().setFromBufferAttribute(g.getAttribute('position') as never);
}

describe('people generator', () => {
  it('keeps every combination of gender, age, role and dress within the triangle budget, with the kit attributes', () => {
    let heaviest = 0;
    for (const spec of every) {
      const g = buildPersonGeometry(personLook(spec));
      const n =
        Math.max(triangles(g.body.rest), triangles(g.body.gesture)) + Math.max(triangles(g.head.closed), triangles(g.head.open));
      heaviest = Math.max(heaviest, n);
      expect(g.body.rest.getAttribute('color')).toBeDefined();
      expect(g.head.open.getAttribute(GLOW_ATTRIBUTE)).toBeDefined();
    }
    expect(heaviest).toBeGreaterThan(500);
    expect(heaviest).toBeLessThanOrEqual(PERSON_TRIANGLES);
  });

  it('is deterministic: the same character gives the same look and the same vertices', () => {
    const spec: PersonSpec = { gender: 'female', age: 56, role: 'resident', seed: 'zhou' };
    expect(personLook(spec)).toEqual(personLook({ ...spec }));
    const a = buildPersonGeometry(personLook(spec));
    const b = buildPersonGeometry(personLook(spec));
    expect(Array.from(a.head.closed.getAttribute('position').array)).toEqual(
      Array.from(b.head.closed.getAttribute('position').array),
    );
    expect(Array.from(a.body.rest.getAttribute('color').array)).toEqual(Array.from(b.body.rest.getAttribute('color').array));
  });

  it('makes different people from different seeds', () => {
    const looks = ['a', 'b', 'c', 'd', 'e', 'f'].map((seed) =>
      personLook({ gender: 'male', age: 40, role: 'civil-servant', seed }),
    );
    const distinct = new Set(looks.map((l) => JSON.stringify(l)));
    expect(distinct.size).toBe(looks.length);
    expect(new Set(looks.map((l) => l.height)).size).toBeGreaterThan(3);
  });

  it('shows gender, age and dress', () => {
    for (const seed of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
      const woman = personLook({ gender: 'female', age: 28, role: 'resident', seed });
      const man = personLook({ gender: 'male', age: 28, role: 'resident', seed });
      expect(['bob', 'long', 'bun']).toContain(woman.hairStyle);
      expect(['short', 'side-part', 'balding']).toContain(man.hairStyle);
      expect(woman.shoulders).toBeLessThan(man.shoulders);
      expect(woman.tie).toBeNull();
      // Older people have grey hair and stoop a little.
      const older = personLook({ gender: 'female', age: 68, role: 'resident', seed });
      expect(older.band).toBe('older');
      expect(older.stoop).toBeGreaterThan(0);
      expect(parseInt(older.hair.slice(1, 3), 16)).toBeGreaterThan(0x60);
      expect(parseInt(woman.hair.slice(1, 3), 16)).toBeLessThan(0x40);
    }
    expect(personLook({ gender: 'male', age: 50, role: 'section-chief', seed: 'z' })).toMatchObject({ dress: 'suit' });
    expect(personLook({ gender: 'male', age: 50, role: 'section-chief', seed: 'z' }).tie).not.toBeNull();
    expect(personLook({ gender: 'male', age: 38, role: 'contractor-engineer', seed: 'w' })).toMatchObject({
      dress: 'polo',
      lanyard: true,
    });
    expect(personLook({ gender: 'female', age: 60, role: 'resident', seed: 'r' })).toMatchObject({
      dress: 'casual',
      lanyard: false,
    });
    expect(personLook({ gender: 'male', age: 30, role: 'civil-servant', dress: 'uniform', seed: 'u' })).toMatchObject({
      badge: true,
      tie: null,
    });
  });

  it('stands on the floor at its height, with the head on the neck and the face towards +z', () => {
    for (const spec of every.slice(0, 40)) {
      const look = personLook(spec);
      const g = buildPersonGeometry(look);
      const body = bounds(g.body.rest);
      const head = bounds(g.head.closed).translate(new Vector3(...g.frame.neck));
      expect(Math.abs(body.min.y)).toBeLessThan(0.003);
      expect(Math.abs(head.max.y - look.height)).toBeLessThan(0.08);
      expect(head.min.y).toBeLessThan(body.max.y);
      // The face (eyes, nose) is in front: the head reaches further forward than back.
      const h = bounds(g.head.closed);
      expect(h.max.z).toBeGreaterThan(0.1);
      // Shoulder to shoulder, hands included, a person is 0.38–0.56 m wide.
      const width = body.getSize(new Vector3()).x;
      expect(width).toBeGreaterThan(0.38);
      expect(width).toBeLessThan(0.56);
    }
  });

  it('differs between poses only where it moves: the open mouth and the gesturing arm', () => {
    const g = buildPersonGeometry(personLook({ gender: 'female', age: 36, role: 'resident', seed: 'li' }));
    const rest = bounds(g.body.rest);
    const gesture = bounds(g.body.gesture);
    // The gesturing forearm comes forward.
    expect(gesture.max.z).toBeGreaterThan(rest.max.z + 0.1);
    expect(triangles(g.head.open)).toBeGreaterThan(triangles(g.head.closed));
  });
});
