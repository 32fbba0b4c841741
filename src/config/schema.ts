import {z} from 'zod'

import {SEVERITIES} from '../core/model.js'
import {INTERVAL_PATTERN, parseInterval} from '../core/shared/interval.js'
import {stateSchema} from './state-schema.js'

const severity = z.enum(SEVERITIES)
const failOn = z.enum([...SEVERITIES, 'never'])
/** A positive duration with a unit: `500ms`, `5s`, `10m`, `6h`, `1d`. */
const duration = z.string().refine((text) => parseInterval(text) !== null, 'a positive duration with a unit, e.g. 5s, 30s or 10m')

/** The name of an environment variable (holding a webhook URL or a token). */
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name, e.g. SLACK_WEBHOOK_URL')

/** Where extra (undeclared) resources are looked for: resources carrying this tag or name prefix. */
const scopeRule = z
  .object({
    tagKey: z.string().min(1).optional(),
    tagValue: z.string().optional(),
    namePrefix: z.string().min(1).optional(),
  })
  .strict()

/** A target's name: it is part of refs (`target/region/LogicalId`), report file names and lock keys. */
const targetName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'letters, digits, ".", "_" or "-" (at most 63), starting with a letter or digit')
const roleArn = z.string().regex(/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'an IAM role ARN, e.g. arn:aws:iam::111111111111:role/ialctl-readonly')
/** `regions: us-east-1` is how most people write one region: a one-item list. */
const regionList = z.preprocess((value) => (typeof value === 'string' ? [value] : value), z.array(z.string().min(1)))

/**
 * An account (and its regions) the phases are deployed to (SPEC 8, the StackSets model): read with `roleArn`
 * assumed through STS (the credential chain's own account without it), written with `healRoleArn` when given.
 */
const target = z
  .object({
    name: targetName,
    roleArn: roleArn.optional(),
    healRoleArn: roleArn.optional(),
    externalId: z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, 'an STS external id: 2 to 1224 of letters, digits and +=,.@:/-').optional(),
    sessionName: z.string().regex(/^[\w+=,.@-]{2,64}$/, 'an STS session name: 2 to 64 of letters, digits and +=,.@-').optional(),
    durationSeconds: z.number().int().min(900).max(43200).optional(),
    /** The regions the phases are expected in; the run's regions (flag, aws.regions, AWS_REGION) when absent. */
    regions: regionList.optional(),
    /** Template parameters of this target, over the config's `parameters`. */
    parameters: z.record(z.unknown()).default({}),
  })
  .strict()

/**
 * Targets discovered from AWS Organizations (issue 19): one per active account of `ous` (every account of the
 * organization without them), read through the role `roleName` in each; `exclude` names accounts by id or name.
 */
const organization = z
  .object({
    roleName: z.string().regex(/^[\w+=,.@-]{1,64}$/, 'an IAM role name (no path), e.g. ialctl-readonly'),
    ous: z.array(z.string().regex(/^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/, 'an organizational unit id (ou-xxxx-xxxxxxxx) or the root id (r-xxxx)')).default([]),
    // An unquoted account id is a YAML number (its leading zeros lost): accounts ids are 12 digits.
    exclude: z.array(z.union([z.string().min(1), z.number().int().min(0).transform((id) => String(id).padStart(12, '0'))])).default([]),
    externalId: z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, 'an STS external id: 2 to 1224 of letters, digits and +=,.@:/-').optional(),
    sessionName: z.string().regex(/^[\w+=,.@-]{2,64}$/, 'an STS session name: 2 to 64 of letters, digits and +=,.@-').optional(),
    regions: regionList.optional(),
    parameters: z.record(z.unknown()).default({}),
  })
  .strict()

export const configSchema = z
  .object({
    aws: z
      .object({
        regions: regionList.default([]),
        profile: z.string().min(1).nullable().default(null),
        endpoint: z.string().url().nullable().default(null),
        maxConcurrency: z.number().int().min(1).max(64).default(8),
        maxAttempts: z.number().int().min(1).max(20).default(8),
        maxApiRate: z.number().positive().nullable().default(null),
      })
      .strict()
      .default({}),
    /** Deadlines of every AWS and GitHub request (SPEC 10); `runTimeout` bounds a whole run (`--timeout`). */
    network: z
      .object({
        connectTimeout: duration.default('5s'),
        socketTimeout: duration.default('30s'),
        runTimeout: duration.nullable().default(null),
      })
      .strict()
      .default({}),
    phases: z
      .object({
        dir: z.string().min(1).default('phases'),
        /** Value of the `aws:cloudformation:stack-name` tag for a template: `{phase}` and `{file}` (name without extension). */
        stackName: z.string().min(1).default('{phase}-{file}'),
        /**
         * The phases are deployed as CloudFormation stacks named by `stackName`: read each stack's records
         * (ListStackResources, one call per 100 resources per stack and region) and match a declared resource to the
         * AWS resource its stack records for it before any other identity rule, types without tags included. Off by
         * default: without stacks it would only cost calls.
         */
        identityFromStacks: z.boolean().default(false),
        /** A template larger than this is a problem and is not read (SPEC 10): 10 MB. */
        maxTemplateBytes: z.number().int().positive().default(10 * 1024 * 1024),
        /**
         * Where parsed templates are kept by content hash (relative to the working directory, e.g. `.ialctl/cache`);
         * false: no cache. Off by default: a run must not write into a checkout unless asked to.
         */
        cache: z.union([z.string().min(1), z.literal(false)]).default(false),
      })
      .strict()
      .default({}),
    parameters: z.record(z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])).default({}),
    scope: z
      .object({
        extraResources: scopeRule.extend({types: z.record(scopeRule).default({})}).strict().nullable().default(null),
      })
      .strict()
      .default({}),
    tags: z.object({strict: z.boolean().default(false)}).strict().default({}),
    ignore: z.array(z.string().min(1)).default([]),
    expected: z
      .array(
        z
          .object({
            rule: z.enum(['minor-version', 'autoscaling-range']),
            type: z.string().min(1).optional(),
            id: z.string().min(1).optional(),
            path: z.string().startsWith('/').optional(),
            min: z.number().int().min(0).optional(),
            max: z.number().int().min(0).optional(),
          })
          .strict(),
      )
      .default([]),
    severity: z
      .object({
        overrides: z
          .array(
            z
              .object({
                type: z.string().min(1).optional(),
                path: z.string().startsWith('/').optional(),
                id: z.string().min(1).optional(),
                severity,
              })
              .strict(),
          )
          .default([]),
        /** Base severity per family of drift (SPEC 8; the seed's `sensitivity` map). Unset: SPEC 3's defaults. */
        base: z.object({tags: severity.optional(), configuration: severity.optional(), resources: severity.optional()}).strict().default({}),
      })
      .strict()
      .default({}),
    check: z.object({failOn: failOn.default('low')}).strict().default({}),
    autoHeal: z
      .object({
        enabled: z.boolean().default(true),
        maxResources: z.number().int().min(0).default(10),
        severityLimit: severity.default('medium'),
        /** Policy rules that forbid healing: `Type`, `Type:/Path`, `id:LogicalId`, globs allowed. */
        forbid: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .default({}),
    reverseSync: z
      .object({
        github: z
          .object({
            owner: z.string().min(1).optional(),
            repo: z.string().min(1).optional(),
            base: z.string().min(1).default('main'),
            apiUrl: z.string().url().optional(),
            labels: z.array(z.string().min(1)).default(['drift', 'reverse-sync']),
            reviewers: z.array(z.string().min(1)).default([]),
          })
          .strict()
          .default({}),
        importPhase: z.string().regex(/^\d{2}-[a-z0-9][a-z0-9-]*$/).default('99-imported'),
        author: z.object({name: z.string().min(1), email: z.string().min(3)}).strict().optional(),
        auto: z.boolean().default(false),
      })
      .strict()
      .default({}),
    audit: z.object({file: z.string().min(1).default('.ialctl/audit.jsonl')}).strict().default({}),
    /** Shared state for CI runners (heal lock in DynamoDB, audit log and history in S3); local files by default. */
    state: stateSchema,
    /** The drift history (SPEC 11): one record per checked run, read for new/known/returned and `drift history`. */
    history: z
      .object({
        /** Off: checks neither read nor write the history (their items carry no status). */
        enabled: z.boolean().default(true),
        dir: z.string().min(1).default('.ialctl/history'),
        /** Records older than this are removed after each run. */
        retention: duration.default('90d'),
        /** At most this many records are kept (the oldest go first): four checks a day for 90 days is 360. */
        maxRuns: z.number().int().min(1).max(100_000).default(1000),
      })
      .strict()
      .default({}),
    /**
     * Notifications when a check finds something new, returned or resolved (SPEC 11). URLs and tokens are never in
     * this file (it is in Git): a channel names the environment variable that holds them.
     */
    notify: z
      .object({
        on: z.array(z.enum(['new', 'returned', 'resolved'])).default(['new', 'returned', 'resolved']),
        /** Per attempt. */
        timeout: duration.default('10s'),
        retries: z.number().int().min(0).max(5).default(2),
        channels: z
          .array(
            z.discriminatedUnion('type', [
              z.object({type: z.literal('slack'), urlEnv: envName}).strict(),
              z.object({type: z.literal('webhook'), urlEnv: envName, tokenEnv: envName.optional()}).strict(),
              z.object({type: z.literal('sns'), topicArn: z.string().regex(/^arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+$/, 'an SNS topic ARN')}).strict(),
            ]),
          )
          .default([]),
      })
      .strict()
      .default({}),
    /** Who changed a drifted resource, from CloudTrail LookupEvents (needs cloudtrail:LookupEvents). */
    attribution: z
      .object({
        enabled: z.boolean().default(false),
        /** Lookups per run (about 2 per second are allowed): the most severe and newest items first. */
        maxLookups: z.number().int().min(1).max(200).default(20),
      })
      .strict()
      .default({}),
    /** The onboarding baseline (`drift baseline`): a file meant to be committed, relative to the working directory. */
    baseline: z.object({file: z.string().min(1).default('.ialctl-baseline.yaml')}).strict().default({}),
    watch: z
      .object({interval: z.string().regex(INTERVAL_PATTERN).default('6h')})
      .strict()
      .default({}),
    /** Accounts and regions to check (SPEC 8); none = one implicit target from the credential chain. */
    targets: z
      .array(target)
      .default([])
      .superRefine((targets, context) => {
        const seen = new Set<string>()
        for (const [index, {name}] of targets.entries()) {
          if (seen.has(name)) context.addIssue({code: z.ZodIssueCode.custom, path: [index, 'name'], message: `target name ${name} is used twice: names must be unique`})
          seen.add(name)
        }
      }),
    organization: organization.optional(),
    alarm: z
      .object({
        name: z.string().min(1).default('IAL-DriftDetected'),
        snsTopicArns: z.array(z.string().startsWith('arn:')).default([]),
      })
      .strict()
      .default({}),
  })
  .strict()

export type Config = z.infer<typeof configSchema>

/** The seed's `config/drift_config.yaml`: accepted and mapped onto the config above. */
export const seedConfigSchema = z
  .object({
    /** A scalar is the `--fail-on` default; a map is the base severity of each family of drift (SPEC 8). */
    sensitivity: z.union([failOn, z.object({tags: severity.optional(), configuration: severity.optional(), resources: severity.optional()}).strict()]).optional(),
    auto_heal: z
      .object({
        enabled: z.boolean().optional(),
        max_resources: z.number().int().min(0).optional(),
        severity_limit: severity.optional(),
      })
      .strict()
      .optional(),
  })
  .strict()

export type SeedConfig = z.infer<typeof seedConfigSchema>
