/** One line of `drift watch`: what a cycle did (one JSON object with --json), and when the next one runs. */
export interface CycleLog {
  time: string
  cycle: number
  status: 'ok' | 'error'
  durationMs: number
  /** Per step (check, heal, reverseSync), its short summary. */
  steps: Record<string, Record<string, unknown>>
  error?: string
  /** Null when this was the last cycle. */
  nextRunInMs: number | null
}
