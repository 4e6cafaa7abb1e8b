import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**'],
    // Model checking runs the embedded engine for tens of seconds per model.
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
