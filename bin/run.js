#!/usr/bin/env node
// The AWS SDK warns on stderr about Node 20 on every run; a cron job's output must stay quiet.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const {execute} = await import('@oclif/core')
await execute({dir: import.meta.url})
