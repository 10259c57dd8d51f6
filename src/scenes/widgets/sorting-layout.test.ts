// Every sorting step of every course: its objects lie on the table, its receptacles stand clear of
// the table and of each other, and no two sorting scenes share a layout.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourses } from '../../course/node/load-courses.ts';
import type { ClassifyStep, Scene } from '../../course/schema.ts';
import { itemSpots, RECEPTACLE_WIDTH, receptacleSpots, sortingTable, type TableSpot } from './sorting-layout.ts';

const { courses } = loadCourses(path.resolve('courses'));
const sortingSteps: { where: string; scene: Scene; step: ClassifyStep }[] = courses.flatMap(({ course }) =>
  course.scenes.flatMap((scene) =>
    scene.steps
      .filter((s): s is ClassifyStep => s.type === 'classify')
      .map((step) => ({ where: `${course.id}/${scene.id}/${step.id}`, scene, step })),
  ),
);

/** A world point in the table's frame: x along its front, z towards the learner. */
function inTable(table: TableSpot, p: readonly [number, number, number]): [number, number] {
  const rad = (table.yaw * Math.PI) / 180;
  const [dx, dz] = [p[0] - table.position[0], p[2] - table.position[2]];
  return [dx * Math.cos(rad) - dz * Math.sin(rad), dx * Math.sin(rad) + dz * Math.cos(rad)];
}

describe('sorting layouts', () => {
  it('finds the sorting steps of the courses', () => {
    expect(sortingSteps.length).toBeGreaterThanOrEqual(4);
  });

  it('puts every object on its table and every receptacle clear of the table and of each other', () => {
    const problems: string[] = [];
    for (const { where, scene, step } of sortingSteps) {
      const station = scene.stations.find((s) => s.id === step.station) ?? scene.stations[0]!;
      const table = sortingTable(step, scene.props, station);
      for (const [i, spot] of itemSpots(step, table).entries()) {
        const [x, z] = inTable(table, spot.base);
        if (Math.abs(x) + spot.width / 2 > table.width / 2 + 0.01 || Math.abs(z) > table.depth / 2)
          problems.push(`${where}: object ${i + 1} is off the table (${x.toFixed(2)}, ${z.toFixed(2)})`);
      }
      const receptacles = receptacleSpots(step, table, station);
      receptacles.forEach((r, b) => {
        const half = RECEPTACLE_WIDTH[r.kind] / 2;
        const [x, z] = inTable(table, r.base);
        if (Math.abs(x) < table.width / 2 + half - 0.02 && Math.abs(z) < table.depth / 2 + half - 0.02)
          problems.push(`${where}: receptacle "${step.bins[b]!.id}" stands in the table`);
        receptacles.slice(b + 1).forEach((other, o) => {
          const gap = Math.hypot(r.base[0] - other.base[0], r.base[2] - other.base[2]);
          if (gap < half + RECEPTACLE_WIDTH[other.kind] / 2)
            problems.push(`${where}: receptacles "${step.bins[b]!.id}" and "${step.bins[b + 1 + o]!.id}" overlap`);
        });
      });
    }
    expect(problems).toEqual([]);
  });

  it('gives no two sorting scenes the same layout', () => {
    const layouts = sortingSteps.map(({ scene, step }) => {
      const station = scene.stations.find((s) => s.id === step.station) ?? scene.stations[0]!;
      const table = sortingTable(step, scene.props, station);
      const rounded = (p: readonly number[]) => p.map((v) => v.toFixed(1)).join(',');
      return [
        scene.environment,
        rounded(table.position),
        ...receptacleSpots(step, table, station).map((r) => `${r.kind}@${rounded(r.base)}`),
      ].join(' ');
    });
    expect(new Set(layouts).size).toBe(layouts.length);
  });
});
