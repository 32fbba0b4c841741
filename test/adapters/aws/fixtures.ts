import {readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/aws')

/** An AWS response as the SDK hands it over (dates as ISO strings; the mappings never read them). */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8')) as T
}
