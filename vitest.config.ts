import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {test: {name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/e2e/**'], globalSetup: ['test/global-tmpdir.ts'], testTimeout: 30_000}},
      {
        // Against the moto server (test/e2e/global-setup.ts); files share one server and take turns (setup-file.ts).
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/global-tmpdir.ts', 'test/e2e/global-setup.ts'],
          setupFiles: ['test/e2e/setup-file.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
