// Loads the mini course fixture for engine tests (Node only).
import { readFileSync } from 'node:fs';
import { parseCourseText } from '../course/parse.ts';
import type { Course } from '../course/schema.ts';

export function loadMiniCourse(): Course {
  const text = readFileSync(new URL('../course/fixtures/mini-course.yaml', import.meta.url), 'utf8');
  const result = parseCourseText(text, 'mini-course.yaml');
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.course;
}
