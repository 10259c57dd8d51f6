// Lint guards the architecture: imports go down the floors of the code base, the pure layers stay
// free of React and three, and per-frame code stays free of allocation.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { readFileSync } from 'node:fs';

const pureLayerBan = {
  group: [
    'react',
    'react/*',
    'react-dom',
    'react-dom/*',
    'three',
    'three/*',
    '@react-three/*',
    'zustand/react',
    'zustand/middleware/*',
  ],
  message:
    'src/course, src/engine, src/exercise, src/records and src/policy are pure TypeScript: no React or three here (see docs/architecture.md).',
};
const pureRooms = ['src/course', 'src/engine', 'src/exercise', 'src/records', 'src/policy'];

// The floors of src/ and the rooms the server shares with the browser (docs/architecture.md), read
// from scripts/floors.json, the one table scripts/layers.ts also walks the import graph with. A file
// may import its own room or a lower floor, never a higher one nor the room beside it on the same
// floor (ui and scenes never import each other).
const { floors, serverShares } = JSON.parse(readFileSync(new URL('./scripts/floors.json', import.meta.url), 'utf8'));
// Tests run in Node and never ship: they may reach across rooms to set up what they check.
const testFiles = ['**/*.test.ts', '**/*.test.tsx'];
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const see = 'See docs/architecture.md.';

/** A ban on relative imports that climb out of their room into `folder` (e.g. '../../scenes/x.ts' for src/scenes). */
function climbsInto(folder, message) {
  return { regex: `^(\\./)?(\\.\\./)+${escape(folder)}(/|$)`, message };
}

/** Why `from` may not import `to`, for the lint message. */
function floorReason(from, to) {
  if (floors[to] === floors[from]) return `${from} and ${to} stand side by side; what both need belongs on a lower floor.`;
  return `${to} is a higher floor (${floors[to]}) than ${from} (${floors[from]}); imports only point down.`;
}

/** The bans of one room of src/: every higher room, the room beside it, server/ and scripts/. */
function roomBans(room) {
  const bans = Object.keys(floors)
    .filter((to) => to !== room && floors[to] >= floors[room])
    .map((to) => climbsInto(to.slice('src/'.length), `${room} may not import ${to}: ${floorReason(room, to)} ${see}`));
  for (const outside of ['server', 'scripts']) {
    bans.push(
      climbsInto(
        outside,
        `${room} may not import ${outside}/: browser code stays out of the server and the tools (shared constants live in src/). ${see}`,
      ),
    );
  }
  return bans;
}

/** The server's bans: every room of src/ it does not share. */
const serverBans = Object.keys(floors)
  .filter((room) => !serverShares.includes(room))
  .map((room) => ({
    regex: `^(\\.\\./)+${escape(room)}(/|$)`,
    message: `server may not import ${room}: the server shares only ${serverShares.join(', ')} with the browser. ${see}`,
  }));

/**
 * no-restricted-imports sees static imports only; the same bans on import('…') (lazy pages) go
 * through no-restricted-syntax. esquery's regex literals cannot hold '/', hence \x2F.
 */
const dynamicImportBans = (bans) =>
  bans.map(({ regex, message }) => ({ selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\x2F')}/]`, message }));

// Allocation inside useFrame creates garbage every frame (docs/performance.md).
const useFrameBans = [
  {
    selector: "CallExpression[callee.name='useFrame'] NewExpression",
    message: 'No allocation inside useFrame: hoist the object to a module constant or a ref.',
  },
  {
    selector: "CallExpression[callee.name='useFrame'] CallExpression[callee.property.name='clone']",
    message: 'No clone() inside useFrame: reuse a preallocated object.',
  },
];
const useFrameRooms = ['src/scenes', 'src/xr'];

// One config object per room (and one for the server), built from the table: ESLint replaces a
// rule's options when a later object names the same rule for the same file, so every rule's
// options for a file are composed here, in one object, rather than stacked.
const floorConfigs = [
  ...Object.keys(floors).flatMap((room) =>
    ['ts', 'tsx'].map((ext) => ({
      files: [`${room}/**/*.${ext}`],
      ignores: testFiles,
      rules: {
        'no-restricted-imports': [
          'error',
          { patterns: pureRooms.includes(room) ? [pureLayerBan, ...roomBans(room)] : roomBans(room) },
        ],
        'no-restricted-syntax': [
          'error',
          ...dynamicImportBans(roomBans(room)),
          ...(ext === 'tsx' && useFrameRooms.includes(room) ? useFrameBans : []),
        ],
      },
    })),
  ),
  {
    files: ['server/**/*.ts'],
    ignores: testFiles,
    rules: {
      'no-restricted-imports': ['error', { patterns: serverBans }],
      'no-restricted-syntax': ['error', ...dynamicImportBans(serverBans)],
    },
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-e2e*/**',
      '.e2e-data/**',
      'node_modules/**',
      'public/**',
      'test-results*/**',
      'playwright-report/**',
      'e2e/artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/**/*.tsx', 'src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-globals': [
        'error',
        { name: 'localStorage', message: 'Use src/client/storage.ts so tests and private mode are handled.' },
      ],
    },
  },
  {
    // Tests of the pure layers keep the React and three ban (the floors leave tests alone).
    files: pureRooms.map((room) => `${room}/**`),
    rules: { 'no-restricted-imports': ['error', { patterns: [pureLayerBan] }] },
  },
  {
    // Tests of the scenes and the headset keep the useFrame allocation ban.
    files: useFrameRooms.map((room) => `${room}/**/*.tsx`),
    rules: { 'no-restricted-syntax': ['error', ...useFrameBans] },
  },
  ...floorConfigs,
);
