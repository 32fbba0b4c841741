import {existsSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

/** The repository root: the nearest directory above this file whose package.json is ialctl's (also from a compiled copy). */
function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json')
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as {name?: string}).name === 'ialctl') return dir
    if (path.dirname(dir) === dir) throw new Error(`no ialctl package.json above ${start}`)
  }
}

export const REPO_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)))
