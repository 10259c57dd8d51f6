// Lint guards the architecture: the pure layers stay free of React and three, and
// per-frame code stays free of allocation.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const pureLayerBan = {
  patterns: [
    {
      group: ['react', 'react/*', 'react-dom', 'react-dom/*', 'three', 'three/*', '@react-three/*', 'zustand/react', 'zustand/middleware/*'],
      message: 'src/course, src/engine, src/records and src/policy are pure TypeScript: no React or three here (see ARCHITECTURE.md).',
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'dist-e2e*/**', '.e2e-data/**', 'node_modules/**', 'public/**', 'test-results*/**', 'playwright-report/**', 'e2e/artifacts/**'] },
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
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-globals': ['error', { name: 'localStorage', message: 'Use src/client/storage.ts so tests and private mode are handled.' }],
    },
  },
  {
    files: ['src/course/**', 'src/engine/**', 'src/records/**', 'src/policy/**'],
    rules: { 'no-restricted-imports': ['error', pureLayerBan] },
  },
  {
    // Allocation inside useFrame creates garbage every frame (PERFORMANCE.md).
    files: ['src/scenes/**/*.tsx', 'src/xr/**/*.tsx'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='useFrame'] NewExpression",
          message: 'No allocation inside useFrame: hoist the object to a module constant or a ref.',
        },
        {
          selector: "CallExpression[callee.name='useFrame'] CallExpression[callee.property.name='clone']",
          message: 'No clone() inside useFrame: reuse a preallocated object.',
        },
      ],
    },
  },
);
