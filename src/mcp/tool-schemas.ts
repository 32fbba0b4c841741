// The tools' input and output schemas (zod; the SDK lists them as JSON Schema). Outputs are the CLI's `--json`
// shapes: the drift report (schema/drift-report.v2.schema.json), `drift diff`, `drift plan`, `drift heal` and
// `reverse-sync`. Objects accept fields added later (a newer report's optional fields) so that a client validating
// against the listed schema keeps working; what is listed is typed.

import {z} from 'zod'

import {DRIFT_TYPES, SEVERITIES} from '../core/model.js'
import {driftReportSchema} from '../core/report-schema.js'
import {PLAN_TOKEN_PATTERN} from '../core/plan/plan-token.js'

// ---- inputs ------------------------------------------------------------------------------------------------------

const resourceId = z.string().min(1).max(1024)
const ids = z.array(resourceId).max(1000)
const planToken = z.string().regex(PLAN_TOKEN_PATTERN, 'must be the planToken a plan tool returned (sha256:<64 hex digits>)')

export const checkDriftInput = {
  phases: z.array(z.string().min(1).max(256)).max(100).optional().describe('Only these phases (name like 30-compute, or its number); the server\'s --phase when omitted.'),
  failOn: z.enum([...SEVERITIES, 'never']).optional().describe('The severity at or above which drift counts as failing (as drift check --fail-on); config check.failOn when omitted.'),
}

export const explainDriftInput = {
  ids: ids.optional().describe('Item ids (logical ids, or the physical id of an extra resource); every drifted item when omitted.'),
}

export const planInput = {
  ids: ids.optional().describe('Only these item ids; every drifted item when omitted.'),
}

export const planRevertInput = {
  ...planInput,
  allowRestart: z.boolean().optional().describe('Allow reverts that stop or reboot a resource (EC2 InstanceType, RDS DBInstanceClass), as drift revert --allow-restart.'),
  applyImmediately: z.boolean().optional().describe('Make changes AWS would defer to the maintenance window now (RDS DBInstanceClass), as drift revert --apply-immediately.'),
}

export const historyInput = {
  since: z.string().min(1).max(64).optional().describe('Only items seen or resolved since then: a duration back from now (7d, 12h) or a date (2026-11-01).'),
  ids: ids.optional().describe('Only these item ids.'),
}

export const applyInput = {
  planToken: planToken.describe('The planToken of a plan made in this session. A token is used once.'),
  confirm: z.literal(true).describe('Must be true: the person agreed to apply this plan.'),
}

// ---- outputs -----------------------------------------------------------------------------------------------------

const listedReport = driftReportSchema('listed')
const {location} = listedReport
const severity = z.enum(SEVERITIES)
const count = z.number().int().min(0)

export const reportOutput = listedReport.report

export const explainOutput = z.object({items: z.array(listedReport.item)})

const healCall = z.object({api: z.string(), params: z.record(z.unknown())}).passthrough()

const healPlan = z
  .object({
    version: z.number().int(),
    createdAt: z.string(),
    configHash: z.string(),
    phasesCommit: z.string().nullable(),
    entries: z.array(
      z
        .object({
          itemId: z.string(),
          type: z.string(),
          physicalId: z.string().nullable(),
          region: z.string().nullable(),
          decision: z.enum(['heal', 'reverse-sync', 'ignored', 'expected', 'refused', 'revert', 'cannot-revert']),
          reason: z.string(),
          actions: z.array(healCall.extend({rollback: healCall})),
          changes: z.array(z.object({path: z.string(), from: z.unknown(), to: z.unknown()}).passthrough()),
          severity: severity.nullable(),
          driftType: z.enum(DRIFT_TYPES).nullable(),
          location: location.nullable(),
        })
        .passthrough(),
    ),
  })
  .passthrough()

export const planHealOutput = z.object({
  planToken: z.string().describe('Pass it to heal to apply exactly this plan (once, in this session).'),
  plan: healPlan,
})

export const planRevertOutput = z.object({
  planToken: z.string().describe('Pass it to revert to apply exactly this plan (once, in this session).'),
  plan: healPlan,
})

export const historyOutput = z
  .object({
    generatedAt: z.string(),
    runs: count,
    firstRun: z.string().nullable(),
    lastRun: z.string().nullable(),
    items: z.array(
      z
        .object({id: z.string(), type: z.string(), severity, state: z.enum(['open', 'resolved']), firstSeen: z.string(), lastSeen: z.string(), resolvedAt: z.string().nullable()})
        .passthrough(),
    ),
    trend: z.array(z.object({}).passthrough()),
  })
  .passthrough()

const healState = z.enum(['pending', 'validating', 'skipped', 'applying', 'applied', 'scheduled', 'failed', 'rolling_back', 'rolled_back', 'rollback_failed'])

export const healOutput = z
  .object({
    plan: healPlan,
    dryRun: z.boolean(),
    approved: z.boolean(),
    items: z.array(
      z
        .object({
          itemId: z.string(),
          type: z.string(),
          physicalId: z.string().nullable(),
          region: z.string().nullable(),
          state: healState,
          history: z.array(healState),
          checks: z.array(z.object({name: z.string(), passed: z.boolean(), detail: z.string()}).passthrough()),
          calls: z.array(z.object({api: z.string(), phase: z.enum(['apply', 'rollback']), ok: z.boolean()}).passthrough()),
          before: z.record(z.unknown()).nullable(),
          after: z.record(z.unknown()).nullable(),
          error: z.string().optional(),
        })
        .passthrough(),
    ),
    summary: z.object({applied: count, skipped: count, failed: count, rolledBack: count, rollbackFailed: count}).passthrough(),
    exitCode: z.number().int().describe('The exit code drift heal would end with: 0 healed, 2 items not applied, 3 AWS unreachable, 4 a failed rollback.'),
  })
  .passthrough()

const reverseSyncStatus = z.enum(['opened', 'updated', 'unchanged', 'dry-run', 'nothing-to-do'])

export const reverseSyncPreviewOutput = z.object({
  planToken: z.string().nullable().describe('Pass it to reverse_sync_apply to open the pull request for exactly this drift; null when there is nothing to do.'),
  status: reverseSyncStatus,
  files: z.array(z.string()).describe('Template files that would change or be added, relative to the repository root.'),
  diff: z.string().describe('Unified diff of the phase files.'),
  body: z.string().describe('The pull request body (Markdown).'),
})

export const reverseSyncApplyOutput = z.object({
  status: reverseSyncStatus,
  prUrl: z.string().nullable(),
  branch: z.string().nullable(),
  files: z.array(z.string()),
})
