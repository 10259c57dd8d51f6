// Splitting the policy file into its versions: each becomes YAML of its own that validates alone
// and gives the same rules as the file's version, comments inside kept.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePolicyOrThrow, parsePolicyText } from '../../src/policy/parse.ts';
import { policyVersion } from '../../src/policy/validate.ts';
import { splitPolicyFile } from './policy-store.ts';

const CONFIG = readFileSync(new URL('../../config/training-policy.yaml', import.meta.url), 'utf8');

describe('splitPolicyFile', () => {
  it('gives config/training-policy.yaml as one YAML text per version, top version first', () => {
    const file = parsePolicyOrThrow(CONFIG);
    const parts = splitPolicyFile(CONFIG);
    expect(parts.map((part) => part.version)).toEqual([file.version, ...(file.history ?? []).map((old) => old.version)]);
    for (const part of parts) {
      const alone = parsePolicyText(part.yaml);
      expect(alone.ok, part.yaml).toBe(true);
      if (!alone.ok) continue;
      expect(alone.file.history).toBeUndefined();
      expect(alone.file).toEqual(policyVersion(file, part.version));
    }
    // The comment inside the current version stays; the file's opening comment does not.
    expect(parts[0]?.yaml).toContain('# Each course on the platform is worth 2 credit hours');
    expect(parts[0]?.yaml).not.toContain('Versioning: the top of the file');
  });
});
