// Node-side policy loading for the server and scripts: reads config/training-policy.yaml and
// validates it against the courses that exist.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parsePolicyOrThrow, POLICY_FILE } from '../parse.ts';
import type { PolicyFile } from '../schema.ts';

/** Reads and validates the policy file; throws a PolicyError listing every problem with its line. */
export function loadPolicyFile(
  file: string = resolve(POLICY_FILE),
  knownCourseIds?: readonly string[],
  root: string = process.cwd(),
): PolicyFile {
  const display = relative(root, file) || file;
  return parsePolicyOrThrow(readFileSync(file, 'utf8'), display, knownCourseIds ? { knownCourseIds } : {});
}
