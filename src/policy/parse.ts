// Turns policy file text (YAML) into a validated policy file, or problems that name the field, the
// fix and the line. Pure: no file system, so an admin page can check an edit before saving it.
import { parseValidatedYaml } from '../course/parse.ts';
import { formatProblem, type CourseProblem } from '../course/problems.ts';
import type { PolicyFile } from './schema.ts';
import { validatePolicy, type PolicyValidateOptions, type PolicyValidation } from './validate.ts';

export const POLICY_FILE = 'config/training-policy.yaml';

export function parsePolicyText(text: string, options: PolicyValidateOptions = {}): PolicyValidation {
  return parseValidatedYaml(text, 'YAML', (raw) => validatePolicy(raw, options));
}

/** A policy file that failed to validate: the message lists every problem, one a line. */
export class PolicyError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly CourseProblem[],
  ) {
    super(problems.map((p) => formatProblem(file, p)).join('\n'));
    this.name = 'PolicyError';
  }
}

/** Parses and validates, or throws a PolicyError naming `fileName`. */
export function parsePolicyOrThrow(
  text: string,
  fileName: string = POLICY_FILE,
  options: PolicyValidateOptions = {},
): PolicyFile {
  const result = parsePolicyText(text, options);
  if (!result.ok) throw new PolicyError(fileName, result.problems);
  return result.file;
}
