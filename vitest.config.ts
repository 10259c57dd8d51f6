import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'server/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    // Server suites hash passwords and start real servers: on a busy 2-core machine a few take
    // several seconds, so the limit only catches a test that hangs.
    testTimeout: 20_000,
  },
});
