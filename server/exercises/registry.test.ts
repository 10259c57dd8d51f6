// The server's default registry holds the exercises of the shipped exercise courses, with the
// engine's rules (a session of either can be created and replayed), and refuses to start on a
// broken exercise file with the loader's message.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadExerciseRegistry } from './registry.ts';

const COURSES = fileURLToPath(new URL('../../courses', import.meta.url));

describe('the exercise registry of the shipped courses', () => {
  it('holds both joint exercises with their five roles each, and nothing else', () => {
    const registry = loadExerciseRegistry(COURSES);
    expect(registry.get('resident-data-leak')?.roleIds).toEqual(['cyberspace', 'police', 'bigdata', 'civil-affairs', 'press']);
    expect(registry.get('allowance-auto-refusals')?.roleIds).toHaveLength(5);
    expect(registry.get('data-security')).toBeUndefined();
    const rules = registry.get('resident-data-leak')!;
    const state = rules.initialState('seed-1', Date.UTC(2026, 11, 7));
    expect(rules.outcome(state).finished).toBe(false);
    expect(rules.stateHash(state)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses to start on a broken exercise file, naming the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shixun-exercises-'));
    try {
      mkdirSync(path.join(dir, 'broken', 'exercises'), { recursive: true });
      writeFileSync(
        path.join(dir, 'broken', 'course.yaml'),
        'schemaVersion: 1\nformat: exercise\nid: broken\nversion: 1.0.0\ntitle: { zh-CN: 坏, en: Broken }\nsummary: { zh-CN: 坏, en: Broken }\nexercises: [oops]\n',
      );
      writeFileSync(path.join(dir, 'broken', 'exercises', 'oops.yaml'), 'schemaVersion: 1\nid: oops\n');
      expect(() => loadExerciseRegistry(dir)).toThrow(/Exercise files under .* have problems[\s\S]*oops\.yaml: roles: missing/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
