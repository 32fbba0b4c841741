// The baseline file (config baseline.file): YAML meant to be committed and reviewed, so that accepting drift is a
// visible change. Read with a schema (one line naming the file and the field on a problem), written atomically
// and read back before it replaces the old one.
import {readFile} from 'node:fs/promises'
import {isDeepStrictEqual} from 'node:util'

import {LineCounter, parseDocument, stringify} from 'yaml'

import {type Baseline, baselineSchema} from '../core/history/baseline.js'
import {terminalText} from '../core/shared/untrusted-text.js'
import {UsageError} from '../errors.js'
import {writeFileAtomic} from './fs/atomic-write.js'

const HEADER = `# ialctl drift baseline: drift accepted as it was when \`ialctl drift baseline\` ran.
# drift check leaves an item out while its entry matches: same identity (id, type, driftType, region, target),
# same valueHash (the drifted values), and expires (UTC) not passed. Write down the reason; delete an entry (or
# the file) to see the item again. Regenerate with \`ialctl drift baseline\`: matching entries keep their reason.
`

/** The baseline, or null when the file does not exist. */
export async function readBaselineFile(file: string): Promise<Baseline | null> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return null
    throw new UsageError(`cannot read the baseline ${file}: ${code ?? (error as Error).message}`, 'check config baseline.file', {cause: error})
  }

  const lineCounter = new LineCounter()
  // No aliases: a baseline is plain data, and alias expansion is how a small file becomes a huge one.
  const doc = parseDocument(text, {lineCounter, prettyErrors: false, uniqueKeys: true})
  const [error] = doc.errors
  if (error) {
    const {line, col} = lineCounter.linePos(error.pos[0])
    throw new UsageError(`the baseline ${file}:${line}:${col} is not valid YAML: ${terminalText(error.message.split('\n')[0] ?? '')}`, 'fix it, or delete it and run `ialctl drift baseline` again')
  }

  let value: unknown
  try {
    value = doc.toJS({maxAliasCount: 0})
  } catch (error) {
    throw new UsageError(`the baseline ${file} cannot be read: ${terminalText((error as Error).message)}`, 'aliases are not allowed in a baseline')
  }

  const parsed = baselineSchema.safeParse(value)
  if (!parsed.success) {
    const [issue] = parsed.error.issues
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : ''
    throw new UsageError(`the baseline ${file} is not a baseline: ${terminalText(`${where}${issue?.message ?? 'wrong shape'}`)}`, 'fix it, or delete it and run `ialctl drift baseline` again')
  }

  return parsed.data
}

export async function writeBaselineFile(file: string, baseline: Baseline): Promise<void> {
  const text = `${HEADER}${stringify(baseline, {lineWidth: 0, aliasDuplicateObjects: false})}`
  // AWS strings (ids of extra resources) end up in the file: what is written must read back as exactly the same data.
  const reread = baselineSchema.safeParse(parseDocument(text).toJS({maxAliasCount: 0}))
  if (!reread.success || !isDeepStrictEqual(reread.data, baseline)) throw new UsageError(`the baseline for ${file} does not read back as written`, 'report this as a bug; nothing was written')
  await writeFileAtomic(file, text)
}
