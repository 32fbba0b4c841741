// Renovate's ensurePr as plain logic: given the open pull requests and the fingerprint of what this run would
// write, decide whether to open a pull request, update the one already open, or leave it alone. Pure.

import {readFingerprint} from '../pr-body.js'

export const REVERSE_SYNC_BRANCH_PREFIX = 'reverse-sync-'

export interface OpenPullRequest {
  number: number
  url: string
  /** Head branch name and the commit it points at (the lease for a forced update). */
  head: {ref: string; sha: string}
  base: string
  body: string
  labels: string[]
}

export type PullRequestDecision = {action: 'create'} | {action: 'update'; pullRequest: OpenPullRequest} | {action: 'unchanged'; pullRequest: OpenPullRequest}

/**
 * A reverse-sync pull request is one whose head branch starts with `reverse-sync-` and that carries the label
 * (when one is configured): a branch name alone could be anyone's. The newest wins when there are several.
 */
export function decidePullRequest(open: readonly OpenPullRequest[], fingerprint: string, options: {label?: string}): PullRequestDecision {
  const ours = open
    .filter((pr) => pr.head.ref.startsWith(REVERSE_SYNC_BRANCH_PREFIX) && (options.label === undefined || pr.labels.includes(options.label)))
    .sort((a, b) => b.number - a.number)
  const existing = ours[0]
  if (!existing) return {action: 'create'}
  return readFingerprint(existing.body) === fingerprint ? {action: 'unchanged', pullRequest: existing} : {action: 'update', pullRequest: existing}
}

/** `reverse-sync-20261123060000`: UTC, so that runners in any time zone name branches alike. */
export function reverseSyncBranch(now: Date): string {
  const stamp = now.toISOString().replaceAll(/[-:T]/g, '').slice(0, 14)
  return `${REVERSE_SYNC_BRANCH_PREFIX}${stamp}`
}
