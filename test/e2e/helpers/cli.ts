// The runner lives in test/helpers/cli.ts, shared with the CLI tests; e2e files keep importing it from here.
export * from '../../helpers/cli.js'
