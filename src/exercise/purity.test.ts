// The engine runs in the live room, the browser replay and the tests alike: its files use no
// Node-only module, no clock and no randomness of their own (time comes in as atMs).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = import.meta.dirname;
const engineFiles = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

describe('src/exercise engine files', () => {
  it('are the ones expected', () => {
    expect(engineFiles).toEqual(
      expect.arrayContaining(['apply.ts', 'commands.ts', 'exercise-rules.ts', 'hash.ts', 'replay.ts', 'rules.ts', 'view.ts']),
    );
  });
  it.each(engineFiles)('%s imports no Node module and reads no clock or randomness', (file) => {
    const code = readFileSync(join(dir, file), 'utf8');
    expect(code).not.toMatch(/from '(node:|fs|path|crypto|os)/);
    expect(code).not.toMatch(/\b(Date\.now|new Date|Math\.random|performance\.now|setTimeout|setInterval|process\.)/);
  });
});
