import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Loopback servers and spawned CLIs: generous, but a hang still fails instead of blocking CI.
    testTimeout: 20_000,
  },
});
