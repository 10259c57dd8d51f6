// The floors hold: the import graph of src/, server/ and scripts/ has no import against them and no
// cycle between rooms, and lint (eslint.config.js) reports a backwards import with a message that
// names the rule, in the same cases as scripts/layers.ts.
import { ESLint } from 'eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { FLOORS, layerProblem, layerViolations, roomCycles, sourceImports } from './layers.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LINT_TIMEOUT_MS = 180_000;

describe('the import graph', () => {
  it('has no import against the floors and no cycle between rooms', () => {
    const imports = sourceImports(ROOT);
    expect(imports.length).toBeGreaterThan(500);
    expect(layerViolations(imports).map((i) => `${i.file} -> ${i.spec}: ${i.problem}`)).toEqual([]);
    expect(roomCycles(imports)).toEqual([]);
  });

  it('finds an upward import, an import between ui and scenes, and a cycle', () => {
    const imports = [
      { file: 'src/client/session.ts', spec: '../ui/page-title.ts', target: 'src/ui/page-title.ts' },
      { file: 'src/ui/page-title.ts', spec: '../client/session.ts', target: 'src/client/session.ts' },
      { file: 'src/ui/task-panel.tsx', spec: '../scenes/scene-view.tsx', target: 'src/scenes/scene-view.tsx' },
      { file: 'src/xr/xr-store.ts', spec: '../../scripts/x.ts', target: 'scripts/x.ts' },
      { file: 'server/classes/x.ts', spec: '../../src/client/api.ts', target: 'src/client/api.ts' },
      { file: 'server/classes/y.ts', spec: '../../src/contracts/class-types.ts', target: 'src/contracts/class-types.ts' },
      { file: 'src/course/x.test.ts', spec: '../engine/responses.ts', target: 'src/engine/responses.ts' },
    ];
    expect(layerViolations(imports).map((i) => i.file)).toEqual([
      'src/client/session.ts',
      'src/ui/task-panel.tsx',
      'src/xr/xr-store.ts',
      'server/classes/x.ts',
    ]);
    expect(roomCycles(imports)).toEqual([['src/client', 'src/ui']]);
  });
});

describe('lint', () => {
  let eslint: ESLint;
  beforeAll(() => {
    eslint = new ESLint({ cwd: ROOT });
  });

  /** The import-ban messages lint gives `code` as if it were the file at `filePath`. */
  async function importBans(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: `${ROOT}${filePath}` });
    return (result?.messages ?? [])
      .filter(
        (m) =>
          m.ruleId === 'no-restricted-imports' || (m.ruleId === 'no-restricted-syntax' && m.message.includes('may not import')),
      )
      .map((m) => m.message);
  }

  it(
    'reports a backwards import with the rule it breaks',
    async () => {
      expect(
        await importBans('src/ui/x.ts', "import { SceneView } from '../scenes/scene-view.tsx';\nexport { SceneView };\n"),
      ).toEqual([expect.stringMatching(/src\/ui may not import src\/scenes: .*side by side.*See docs\/architecture\.md\.$/)]);
      expect(
        await importBans('src/client/x.ts', "import { pageTitle } from '../ui/page-title.ts';\nexport { pageTitle };\n"),
      ).toEqual([expect.stringMatching(/src\/client may not import src\/ui: src\/ui is a higher floor/)]);
      expect(
        await importBans('src/scenes/widgets/x.ts', "import type { Route } from '../../app/app.tsx';\nexport type { Route };\n"),
      ).toEqual([expect.stringMatching(/src\/scenes may not import src\/app/)]);
      expect(
        await importBans(
          'src/xr/x.ts',
          "import { XR_PROFILE_IDS } from '../../scripts/xr-profiles.ts';\nexport { XR_PROFILE_IDS };\n",
        ),
      ).toEqual([expect.stringMatching(/src\/xr may not import scripts\//)]);
      expect(await importBans('src/play/x.ts', "import { check } from '../../server/check.ts';\nexport { check };\n")).toEqual([
        expect.stringMatching(/src\/play may not import server\//),
      ]);
      expect(await importBans('server/classes/x.ts', "import { t } from '../../src/i18n/i18n.ts';\nexport { t };\n")).toEqual([
        expect.stringMatching(/server may not import src\/i18n: the server shares only /),
      ]);
      // A lazy import is held to the same floors.
      expect(await importBans('src/play/x.ts', "export const page = () => import('../ui/catalog-page.tsx');\n")).toEqual([
        expect.stringMatching(/src\/play may not import src\/ui/),
      ]);
    },
    LINT_TIMEOUT_MS,
  );

  it(
    'lets imports down the floors, within a room and in tests through',
    async () => {
      expect(
        await importBans(
          'src/ui/x.ts',
          "import { usePlay } from '../play/play-context.tsx';\nimport { api } from '../client/api.ts';\nexport { usePlay, api };\n",
        ),
      ).toEqual([]);
      expect(
        await importBans(
          'src/scenes/widgets/x.ts',
          "import { card } from './card.tsx';\nimport { kit } from '../kit/index.ts';\nexport { card, kit };\n",
        ),
      ).toEqual([]);
      expect(await importBans('src/app/x.tsx', "export const page = () => import('../ui/catalog-page.tsx');\n")).toEqual([]);
      expect(
        await importBans(
          'server/classes/x.ts',
          "import type { ClassView } from '../../src/contracts/class-types.ts';\nexport type { ClassView };\n",
        ),
      ).toEqual([]);
      expect(
        await importBans(
          'scripts/x.ts',
          "import { XR_PROFILE_IDS } from '../src/client/xr-profiles-config.ts';\nexport { XR_PROFILE_IDS };\n",
        ),
      ).toEqual([]);
      expect(
        await importBans('src/client/x.test.ts', "import { start } from '../../server/app.ts';\nexport { start };\n"),
      ).toEqual([]);
    },
    LINT_TIMEOUT_MS,
  );

  it(
    'keeps the pure layers free of React and three',
    async () => {
      expect(await importBans('src/engine/x.ts', "import { useState } from 'react';\nexport { useState };\n")).toEqual([
        expect.stringMatching(/pure TypeScript: no React or three/),
      ]);
      expect(await importBans('src/engine/x.test.ts', "import { Vector3 } from 'three';\nexport { Vector3 };\n")).toEqual([
        expect.stringMatching(/pure TypeScript: no React or three/),
      ]);
    },
    LINT_TIMEOUT_MS,
  );

  it(
    'agrees with scripts/layers.ts on every pair of rooms',
    async () => {
      const rooms = [...Object.keys(FLOORS), 'server', 'scripts'];
      const disagreements: string[] = [];
      for (const from of rooms.filter((r) => r !== 'scripts')) {
        const file = `${from}/probe.ts`;
        for (const to of rooms) {
          if (to === from) continue;
          const target = `${to}/probe-target.ts`;
          const spec = path.posix.relative(from, target);
          const banned = (await importBans(file, `import { x } from '${spec}';\nexport { x };\n`)).length > 0;
          if (banned !== (layerProblem(file, target) !== null))
            disagreements.push(`${from} -> ${to}: lint ${banned ? 'bans' : 'allows'} it, layers.ts does not`);
        }
      }
      expect(disagreements).toEqual([]);
    },
    LINT_TIMEOUT_MS,
  );
});
