import {describe, expect, it} from 'vitest'

import {TempClone} from '../../../src/adapters/git/temp-clone.js'
import {unifiedDiff} from '../../../src/adapters/git/unified-diff.js'
import {RemoteError} from '../../../src/errors.js'
import {gitFixture, leftovers} from './git-fixture.js'

const TEMPLATE = '# the VPC\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16 # main range\n'

describe('TempClone', () => {
  it('GIVEN a clone of origin WHEN a branch is committed and pushed from a temp clone THEN origin has it and the user repo is untouched', async () => {
    const fixture = gitFixture({'phases/00-foundation/01-vpc.yaml': TEMPLATE})
    const before = fixture.git(fixture.clone, 'status', '--porcelain=v1', '--branch')
    await TempClone.with(fixture.clone, fixture.bare, {env: fixture.env, tempDir: fixture.temp}, async (clone) => {
      await clone.startBranch('reverse-sync-20260101000000', 'main')
      const text = await clone.read('phases/00-foundation/01-vpc.yaml')
      await clone.write('phases/00-foundation/01-vpc.yaml', (text ?? '').replace('10.0.0.0/16', '10.1.0.0/16'))
      await clone.commit(['phases/00-foundation/01-vpc.yaml'], 'Reverse Sync: AWS → Git\n\n- Vpc\n', {name: 'Bot', email: 'bot@example.com'})
      await clone.push('reverse-sync-20260101000000')
    })

    const log = fixture.git(fixture.bare, 'log', '--format=%an <%ae>|%s', 'main..reverse-sync-20260101000000')
    expect(log).toBe('Bot <bot@example.com>|Reverse Sync: AWS → Git\n')
    const diff = fixture.git(fixture.bare, 'diff', 'main', 'reverse-sync-20260101000000')
    expect(diff.split('\n').filter((line) => /^[+-][^+-]/.test(line))).toEqual(['-      CidrBlock: 10.0.0.0/16 # main range', '+      CidrBlock: 10.1.0.0/16 # main range'])
    expect(fixture.git(fixture.clone, 'status', '--porcelain=v1', '--branch')).toBe(before)
    expect(fixture.git(fixture.clone, 'branch', '--list')).toBe('* main\n')
    expect(leftovers(fixture)).toEqual([])
  })

  it('GIVEN the branch moved on origin WHEN pushing with a stale lease THEN the push is rejected as one line and nothing is left behind', async () => {
    const fixture = gitFixture({'a.yaml': 'a: 1\n'})
    const main = fixture.git(fixture.bare, 'rev-parse', 'main').trim()
    fixture.git(fixture.clone, 'push', '--quiet', 'origin', 'main:reverse-sync-1')
    const error = await TempClone.with(fixture.clone, fixture.bare, {env: fixture.env, tempDir: fixture.temp}, async (clone) => {
      await clone.startBranch('reverse-sync-1', 'main')
      await clone.write('a.yaml', 'a: 2\n')
      await clone.commit(['a.yaml'], 'change', {name: 'Bot', email: 'bot@example.com'})
      await clone.push('reverse-sync-1', 'f'.repeat(40))
    }).catch((error_: unknown) => error_)
    expect(error).toBeInstanceOf(RemoteError)
    expect((error as RemoteError).line).toMatch(/^git could not push reverse-sync-1 to origin \(.*origin\.git\): .*stale info.* \(the branch changed on the remote meanwhile; run reverse-sync again\)$/)
    expect(fixture.git(fixture.bare, 'rev-parse', 'reverse-sync-1').trim()).toBe(main)
    expect(leftovers(fixture)).toEqual([])
  })

  it('GIVEN a base branch origin does not have WHEN starting THEN the error names it', async () => {
    const fixture = gitFixture({'a.yaml': 'a: 1\n'})
    const error = await TempClone.with(fixture.clone, fixture.bare, {env: fixture.env, tempDir: fixture.temp}, (clone) => clone.startBranch('reverse-sync-1', 'trunk')).catch((error_: unknown) => error_)
    expect((error as RemoteError).line).toMatch(/^git could not fetch trunk from origin .*couldn't find remote ref refs\/heads\/trunk \(check reverseSync.github.base in the config\)$/)
    expect(leftovers(fixture)).toEqual([])
  })
})

describe('unifiedDiff', () => {
  it('GIVEN changed and new files WHEN diffed THEN git shows a/ b/ paths with only the changed lines', async () => {
    const fixture = gitFixture({'README.md': 'infra\n'})
    const diff = await unifiedDiff(
      [
        {file: 'phases/00-foundation/01-vpc.yaml', before: TEMPLATE, after: TEMPLATE.replace('10.0.0.0/16', '10.1.0.0/16')},
        {file: 'phases/99-imported/01-ecs-cluster.yaml', before: null, after: 'Resources: {}\n'},
      ],
      {env: fixture.env, tempDir: fixture.temp},
    )
    expect(diff).toContain('--- a/phases/00-foundation/01-vpc.yaml\n+++ b/phases/00-foundation/01-vpc.yaml\n')
    expect(diff).toContain('-      CidrBlock: 10.0.0.0/16 # main range\n+      CidrBlock: 10.1.0.0/16 # main range\n')
    expect(diff).toContain('new file mode 100644')
    expect(diff).toContain('--- /dev/null\n+++ b/phases/99-imported/01-ecs-cluster.yaml\n@@ -0,0 +1 @@\n+Resources: {}\n')
    expect(leftovers(fixture)).toEqual([])
  })
})
