// The demo organisation: the size asked for, departments and ranks in use, unique employee ids as
// usernames, synthetic names, every profile present even in a small demo, and the same seed
// giving the same people.
import { describe, expect, it } from 'vitest';
import { buildOrganisation, DEMO_DEPARTMENTS, DEMO_RANKS, employeeId } from './organisation.ts';
import { Random } from './random.ts';

describe('demo organisation', () => {
  const people = buildOrganisation(new Random('org'), { learners: 240, trainers: 4 });
  const learners = people.filter((p) => p.role === 'learner');

  it('has the learners and trainers asked for, with unique E2026 employee ids', () => {
    expect(learners).toHaveLength(240);
    expect(people.filter((p) => p.role === 'trainer')).toHaveLength(4);
    expect(new Set(people.map((p) => p.employeeId)).size).toBe(244);
    for (const person of people) expect(person.employeeId).toMatch(/^E2026\d{4}$/);
    expect(employeeId(7)).toBe('E20260007');
  });

  it('spreads learners over at least eight departments and every rank, most in the lower ranks', () => {
    const departments = new Set(learners.map((p) => p.department));
    expect(departments.size).toBeGreaterThanOrEqual(8);
    for (const department of departments) expect(DEMO_DEPARTMENTS.map(([d]) => d)).toContain(department);
    const count = (rank: string) => learners.filter((p) => p.rank === rank).length;
    for (const [rank] of DEMO_RANKS) expect(count(rank)).toBeGreaterThan(0);
    expect(count('科员')).toBeGreaterThan(count('处长') * 3);
  });

  it('gives two- or three-character Chinese names, nearly all different', () => {
    for (const person of people) expect(person.name).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
    expect(new Set(people.map((p) => p.name)).size).toBeGreaterThan(people.length * 0.97);
  });

  it('has every profile in a demo of only 24, and skills between 0 and 1', () => {
    const small = buildOrganisation(new Random('small'), { learners: 24, trainers: 1 });
    expect(new Set(small.map((p) => p.profile))).toEqual(new Set(['diligent', 'minimal', 'skipper', 'struggling', 'late']));
    for (const person of people) {
      expect(person.skill).toBeGreaterThanOrEqual(0);
      expect(person.skill).toBeLessThanOrEqual(1);
    }
    const mean = (profile: string) =>
      learners.filter((p) => p.profile === profile).reduce((s, p, _, all) => s + p.skill / all.length, 0);
    expect(mean('struggling')).toBeLessThan(mean('diligent') - 0.2);
  });

  it('is the same for the same seed and differs for another', () => {
    expect(buildOrganisation(new Random('org'), { learners: 240, trainers: 4 })).toEqual(people);
    expect(buildOrganisation(new Random('other'), { learners: 240, trainers: 4 })).not.toEqual(people);
  });
});
