// The reverse-sync pull request as text: title, body tables and the hidden fingerprint that lets the next run
// recognise the pull request it opened (Renovate's "hash in the body" idea). Pure.

import type {ManualEdit, PlanAttribution, ReverseSyncPlan, TemplateEdit, WrittenChanges} from './plan/reverse-sync-plan.js'
import {commitText, markdownCode as code, markdownTableRow as row, markdownText} from './shared/untrusted-text.js'

export const PULL_REQUEST_TITLE = 'Reverse Sync: AWS → Git'

const FINGERPRINT = /^<!-- ialctl-fingerprint: ([0-9a-f]{64}) -->$/

export const fingerprintMarker = (fingerprint: string): string => `<!-- ialctl-fingerprint: ${fingerprint} -->`

/**
 * The fingerprint a body carries, or null for a body ialctl did not write (or a person rewrote). It is read only
 * from ialctl's own marker at its fixed place, the body's last line: a marker inside a value quoted in the body
 * (a tag value can hold any text) is never taken as ialctl's own.
 */
export function readFingerprint(body: string | null | undefined): string | null {
  const lastLine = (body ?? '').replaceAll('\r\n', '\n').trimEnd().split('\n').at(-1) ?? ''
  return FINGERPRINT.exec(lastLine)?.[1] ?? null
}

export interface PullRequestBodyOptions {
  /** The command line that produced the pull request, shown so a reviewer can rerun it. */
  command: string
  /** Edits the templates refused when applied (the value moved, an unusual layout): listed with the manual ones. */
  rejected?: readonly ManualEdit[]
  /** What the files were changed to say (applyReverseSyncPlan); only these are listed as changes. Default: the plan. */
  written?: WrittenChanges
}

export function renderPullRequestBody(plan: ReverseSyncPlan, options: PullRequestBodyOptions): string {
  const out: string[] = [
    `## ${PULL_REQUEST_TITLE}`,
    '',
    'AWS was changed outside Git. This pull request updates the phase templates to what AWS runs now, for the drift that is not healed automatically. Merging it makes the current AWS state the declared state; if AWS is what is wrong, close it and fix AWS instead.',
  ]

  if (plan.targets) {
    out.push('', `Targets: ${plan.targets.map((place) => code(place)).join(', ')}. The templates are shared by all of them: a change below has the same AWS value in every place that runs the resource; anything else is under "Needs manual edit", by target.`)
  }

  const written = options.written ?? plan
  const changedBy = new Map(plan.attributions.map((attribution) => [attribution.id, attribution]))
  if (written.edits.length > 0) {
    out.push('', '### Template changes')
    for (const [logicalId, edits] of groupBy(written.edits, (edit) => edit.logicalId)) {
      const {type, severity} = edits[0]
      out.push('', `#### ${code(logicalId)} (${type}) · ${severity}`)
      const who = changedBy.get(logicalId)
      if (who) out.push('', `Changed in AWS by ${whoChanged(who)} (CloudTrail).`)
      out.push('', '| Location | Property | Git value | AWS value | Severity |', '|---|---|---|---|---|')
      for (const edit of edits) out.push(row([code(`${edit.file}:${edit.line}`), code(edit.property), value(gitValue(edit)), value(awsValue(edit)), edit.severity]))
    }
  }

  if (written.newFiles.length > 0) {
    out.push('', '### New templates for resources found only in AWS', '', '| File | Resources |', '|---|---|')
    for (const file of written.newFiles) out.push(row([code(file.file), file.resources.map((id) => withChangedBy(code(id), changedBy.get(id))).join(', ')]))
  }

  if (plan.missing.length > 0) {
    out.push(
      '',
      '### Declared but missing in AWS',
      '',
      plan.prune ? 'Removed from the templates (`--prune`).' : 'Kept in the templates; rerun with `--prune` to remove them, or recreate them in AWS.',
      '',
      ...(plan.targets ? ['| Resource | Type | Location | Missing in |', '|---|---|---|---|'] : ['| Resource | Type | Location |', '|---|---|---|']),
    )
    for (const missing of plan.missing) {
      const cells = [code(missing.id), missing.type, code(`${missing.file}:${missing.line}`)]
      out.push(row(plan.targets ? [...cells, (missing.places ?? []).map((place) => code(place)).join(', ')] : cells))
    }
  }

  if (plan.revertRecommended.length > 0) {
    out.push(
      '',
      '### Revert recommended',
      '',
      'Critical security drift is not written into Git: AWS was most likely opened by hand, and Git is right. Put AWS back, or rerun with `--include-critical` to codify it.',
      '',
    )
    // The "Changed by" column only when CloudTrail was asked (attribution): otherwise every cell would be empty.
    const attributed = changedBy.size > 0
    out.push(attributed ? '| Location | Resource | Severity | Changed by | Revert |' : '| Location | Resource | Severity | Revert |', attributed ? '|---|---|---|---|---|' : '|---|---|---|---|')
    for (const item of plan.revertRecommended) {
      const how = item.command ? code(item.command) : 'no in-place revert: fix it in AWS by hand'
      const who = changedBy.get(item.id)
      const cells = [code(`${item.file}:${item.line}`), `${code(item.id)} (${item.type})`, item.severity]
      out.push(row(attributed ? [...cells, who ? whoChanged(who) : '_(unknown)_', how] : [...cells, how]))
    }
  }

  const manual = [...plan.manual, ...(options.rejected ?? [])]
  if (manual.length > 0 && plan.targets) out.push(...manualByTarget(manual))
  else if (manual.length > 0) {
    out.push('', '### Needs manual edit', '', 'These differences were not written automatically. Edit them by hand on this branch.', '', '| Location | Resource | Property | Git value | AWS value | Why |', '|---|---|---|---|---|---|')
    for (const item of manual) out.push(row([code(`${item.file}:${item.line}`), code(item.id), code(item.path), value(item.gitValue), value(item.awsValue), markdownText(item.reason)]))
  }

  out.push('', '---', `Produced by ${code(options.command)}.`, '', fingerprintMarker(plan.fingerprint), '')
  return out.join('\n')
}

/**
 * The manual items of a targets plan under the targets they concern (where AWS differs from Git), each AWS value
 * with its place; an edit every target agreed on that the template then refused concerns them all.
 */
function manualByTarget(manual: readonly ManualEdit[]): string[] {
  const out = ['', '### Needs manual edit', '', 'These differences were not written automatically: the templates are shared by every target. Edit them by hand on this branch; a value that should differ per target belongs in a template parameter set in the config\'s `targets[].parameters`.']
  const concerned = (item: ManualEdit) => {
    const drifted = (item.places ?? []).filter((place) => place.note !== 'as in Git').map((place) => place.place.split('/')[0])
    return drifted.length > 0 ? [...new Set(drifted)].join(', ') : 'every target'
  }

  for (const [targets, items] of [...groupBy(manual, concerned)].sort(([a], [b]) => a.localeCompare(b))) {
    out.push('', `#### ${markdownText(targets)}`, '', '| Location | Resource | Property | Git value | AWS value by place | Why |', '|---|---|---|---|---|---|')
    for (const item of items) {
      const where = item.places ? item.places.map((place) => `${code(place.place)}: ${value(place.value)}${place.note ? ` (${markdownText(place.note)})` : ''}`).join('; ') : value(item.awsValue)
      out.push(row([item.file ? code(`${item.file}:${item.line}`) : '', code(item.id), item.path ? code(item.path) : '', value(item.gitValue), where, markdownText(item.reason)]))
    }
  }

  return out
}

/**
 * One line per resource for the commit message body, for what was written only. Every name and property (a tag
 * key) stays on its line, so no value can add a paragraph or a trailer (`Co-authored-by:`).
 */
export function commitMessage(written: WrittenChanges): string {
  const lines: string[] = []
  for (const [logicalId, edits] of groupBy(written.edits, (edit) => edit.logicalId)) lines.push(`- ${commitText(logicalId)} (${commitText(edits[0].type)}): ${[...new Set(edits.map((edit) => commitText(edit.property)))].join(', ')}`)
  for (const file of written.newFiles) lines.push(`- ${commitText(file.resources.join(', '))}: imported into ${commitText(file.file)}`)
  for (const missing of written.removed) lines.push(`- ${commitText(missing.id)} (${commitText(missing.type)}): removed, missing in AWS`)
  return `${PULL_REQUEST_TITLE}\n\n${lines.join('\n')}\n`
}

/** The principal ARN and time are AWS data (anyone who can assume a role names its session): code spans, escaped. */
const whoChanged = (attribution: PlanAttribution): string => `${code(attribution.changedBy)} at ${code(attribution.changedAt || '?')}`

const withChangedBy = (resource: string, attribution: PlanAttribution | undefined): string => (attribution ? `${resource} (changed by ${whoChanged(attribution)})` : resource)

const gitValue = (edit: TemplateEdit): unknown => (edit.op === 'add' ? undefined : edit.oldValue)
const awsValue = (edit: TemplateEdit): unknown => (edit.op === 'remove' ? undefined : edit.op === 'add' && edit.path === '/Tags/-' ? (edit.newValue as {Value?: unknown}).Value : edit.newValue)

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item])
  return groups
}

/** A value as a reviewer reads it: strings bare, everything else as JSON, absent as "(absent)", long ones cut. */
function value(raw: unknown): string {
  if (raw === undefined || raw === null) return '_(absent)_'
  const text = typeof raw === 'string' ? raw : JSON.stringify(raw)
  return code(text.length > 120 ? `${text.slice(0, 117)}...` : text)
}
