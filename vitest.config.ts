import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**'],
    // Model checking runs the embedded engine for minutes per model
    // (MultiPaxos.small alone ~3 min), longer while another file shares the
    // cores: a guard against hangs, not a speed assertion.
    testTimeout: 900_000,
    // Vitest runs cores - 1 files at once: one on our two-core machines, so
    // CI ran every file in turn.  Two at once overlap the model checks with
    // the many light files (and the real-cluster tests, which mostly wait).
    maxWorkers: 2,
    hookTimeout: 900_000,
    // Every temporary file of a run in one directory, removed at its end.
    globalSetup: ['test-support/temp-dir.ts'],
  },
});
