import {availableParallelism} from 'node:os'

import {defineConfig} from 'vitest/config'

// The AWS SDK's NodeVersionSupportWarning (Node 20 support ends in January 2027) would repeat in every test file that
// builds a client; the CLI turns it off the same way (bin/run.js). Set here once for every worker of both projects.
const env = {AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'}

export default defineConfig({
  test: {
    // At least two files at a time, even on 2 cores (vitest's default there is one): e2e files spend most of their
    // time waiting for moto and for the CLI processes they start. Each worker gets its own moto (global-setup.ts).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    minWorkers: 1,
    projects: [
      {test: {name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/e2e/**'], globalSetup: ['test/global-tmpdir.ts'], testTimeout: 30_000, env}},
      {
        // Against moto (test/e2e/global-setup.ts): one server per worker, so files run in parallel (setup-file.ts).
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/global-tmpdir.ts', 'test/e2e/global-setup.ts'],
          setupFiles: ['test/e2e/setup-file.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          env,
        },
      },
    ],
  },
})
