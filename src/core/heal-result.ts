// What a heal run did, item by item: the typed result `drift heal` renders and prints with --json, and `drift watch`
// summarises. Pure data, so that renderers depend on core and not on the workflow that produces it.

import type {SafetyCheck} from './plan/heal-checks.js'
import type {HealPlan} from './plan/heal-plan.js'

/** Who holds the heal lock: written into the lock file as JSON. */
export interface LockOwner {
  pid: number
  startedAt: string
  host: string
  /**
   * When the holding process started, as the kernel counts it (Linux: `<boot id>:<start ticks>`, field 22 of
   * /proc/PID/stat): a PID reused by another process has another start. Absent where the platform cannot tell.
   */
  processStart?: string
  /** The run that holds it (the shared lock in DynamoDB records it; the run id also names its audit object). */
  runId?: string
}

/** `scheduled`: a revert AWS applies in the maintenance window (sent, not verified). */
export type HealState = 'pending' | 'validating' | 'skipped' | 'applying' | 'applied' | 'scheduled' | 'failed' | 'rolling_back' | 'rolled_back' | 'rollback_failed'

export interface HealCallRecord {
  api: string
  phase: 'apply' | 'rollback'
  ok: boolean
  error?: string
}

export interface HealItemResult {
  itemId: string
  type: string
  physicalId: string | null
  region: string | null
  /** Final state: applied, scheduled, skipped, rolled_back or rollback_failed. */
  state: HealState
  /** Every state the item went through, in order. */
  history: HealState[]
  checks: SafetyCheck[]
  calls: HealCallRecord[]
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
  /** What went wrong (a failed check, a call error, a verification mismatch). */
  error?: string
  /** Skipped because AWS could not be reached or refused the read (the run then exits 3). */
  unreachable?: true
}

export interface HealSummary {
  applied: number
  skipped: number
  failed: number
  rolledBack: number
  rollbackFailed: number
  /** Reverts sent that AWS applies in the maintenance window (not verified). */
  scheduled: number
}

export interface HealResult {
  plan: HealPlan
  dryRun: boolean
  /** False when the user answered anything but `yes`. */
  approved: boolean
  items: HealItemResult[]
  summary: HealSummary
  /** SPEC 4: 0; 2 when a planned item was skipped or rolled back; 3 when AWS could not be read; 4 when a rollback failed. */
  exitCode: number
  /** A stale lock removed by --force-unlock. */
  freedLock: LockOwner | null
}
