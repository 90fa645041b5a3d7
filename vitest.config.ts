import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Integration tests start real servers and write real trees; keep the
    // two-core machine from thrashing.
    maxWorkers: 2,
  },
});
