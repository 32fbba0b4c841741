#!/usr/bin/env node
// Same as run.js; kept for oclif conventions (`npm run build` first: commands load from dist/).
await import('./run.js')
