import {z} from 'zod'

import {parseInterval} from '../core/shared/interval.js'

/** S3's rules for a bucket name (3-63 lowercase letters, digits, dots and hyphens; starts and ends alphanumeric). */
export const S3_BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/

const duration = z.string().refine((text) => parseInterval(text) !== null, 'a positive duration with a unit, e.g. 10m or 1h')

/**
 * Where a run's shared state lives (SPEC 8). `local`: files in the working directory (`audit.file`, the lock next to
 * it, `history.dir`), as on one machine. `aws`: CI runners that share nothing keep it in AWS: the heal lock in a
 * DynamoDB table (conditional writes, the way Terraform's S3 backend locks), the audit log and the drift history as
 * S3 objects under `prefix`.
 */
export const stateSchema = z
  .object({
    backend: z.enum(['local', 'aws']).default('local'),
    bucket: z.string().regex(S3_BUCKET_NAME, 'an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)').optional(),
    /** Key prefix of every object ialctl writes (`<prefix>/audit/...`, `<prefix>/history/...`); also names the lock. */
    prefix: z
      .string()
      .regex(/^[A-Za-z0-9!_.*'()/-]*$/, "S3 key characters only (letters, digits, and !_.*'()/-)")
      .refine((text) => !text.split('/').some((part) => part === '.' || part === '..'), 'no . or .. path segments')
      .transform((text) => text.replaceAll(/^\/+|\/+$/g, '').replaceAll(/\/{2,}/g, '/'))
      .default('ialctl'),
    /** A DynamoDB table whose partition key is `LockID` (String): the layout of Terraform's lock table. */
    lockTable: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, 'a DynamoDB table name (3-255 letters, digits, _ . -)').optional(),
    /** Region of the bucket and the table; default: the first configured region. */
    region: z.string().min(1).optional(),
    /**
     * How long a lock outlives its holder: a heal renews it every third of this while it runs, so a runner that
     * dies leaves a lock that others may take once this has passed (or earlier with --force-unlock).
     */
    lockTtl: duration.default('10m'),
  })
  .strict()
  .superRefine((state, context) => {
    if (state.backend !== 'aws') return
    if (state.bucket === undefined) context.addIssue({code: 'custom', path: ['bucket'], message: 'required when state.backend is aws (the S3 bucket for the audit log, the history, reports and snapshots)'})
    if (state.lockTable === undefined) context.addIssue({code: 'custom', path: ['lockTable'], message: 'required when state.backend is aws (the DynamoDB table of the heal lock, partition key LockID of type String)'})
  })
  .default({})

export type StateConfig = z.infer<typeof stateSchema>
