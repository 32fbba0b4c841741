// The drift report of SPEC 5 (schema version 2) as zod, built once for its two readers:
// - 'file': a report that crossed a job boundary (`report merge` shards): untrusted, so strict (no field the schema
//   does not have) and bounded (no string longer than AWS or ialctl ever writes);
// - 'listed': the MCP tools' output schema: a client validating against it must keep working when a newer report
//   adds optional fields, so objects let unknown fields through and strings are not bounded.
// schema/drift-report.v2.schema.json is the same contract as JSON Schema, for users; test/core/report-schema.test.ts
// validates one report with both.

import {z} from 'zod'

import {DRIFT_TYPES, IMPACTS, ITEM_STATUSES, RECOMMENDATIONS, SEVERITIES} from './model.js'

export type ReportSchemaUse = 'file' | 'listed'

export function driftReportSchema(use: ReportSchemaUse) {
  const bounded = use === 'file'
  const object = <T extends z.ZodRawShape>(shape: T): z.ZodObject<T, z.UnknownKeysParam> => (bounded ? z.object(shape).strict() : z.object(shape).passthrough())
  /** Names, ids, ARNs, paths and reasons: AWS bounds ARNs at 2,048 characters; an error reason can be longer. */
  const name = bounded ? z.string().max(4096) : z.string()
  const text = bounded ? z.string().max(65_536) : z.string()
  const count = z.number().int().min(0)
  const location = object({file: name, line: z.number().int().min(1)})
  const bySeverity = object({low: count, medium: count, high: count, critical: count})

  const difference = object({
    path: name.describe("JSON pointer into the resource's Properties, e.g. /Tags/Owner."),
    expected: z.unknown().describe("The template's value."),
    actual: z.unknown().describe('The value in AWS.'),
    kind: z.enum(['ADD', 'REMOVE', 'NOT_EQUAL']),
    line: z.number().int().min(1).optional().describe('Template line of the property.'),
  })

  const item = object({
    id: name.describe('Logical id; the physical id for extra resources.'),
    type: name,
    driftType: z.enum(DRIFT_TYPES),
    severity: z.enum(SEVERITIES),
    impact: z.array(z.enum(IMPACTS)),
    autoHealable: z.boolean(),
    physicalId: name.nullable(),
    region: name.nullable(),
    regionsSearched: z.array(name).optional(),
    location: location.nullable(),
    differences: z.array(difference),
    status: z.enum(ITEM_STATUSES).optional(),
    firstSeen: name.optional(),
    changedBy: name.optional(),
    changedAt: name.optional(),
    recommended: z.enum(RECOMMENDATIONS).optional().describe('heal, revert (AWS back to Git), adopt (Git to AWS through reverse sync) or manual.'),
    target: name.optional(),
    account: name.optional(),
    ref: name.optional().describe('target/region/LogicalId when config targets are used.'),
  })

  const targetSummary = object({account: name.optional(), resources: count, inSync: count, drifted: count, missing: count, extra: count, bySeverity, unreadResources: count.optional()})

  const report = object({
    schemaVersion: z.literal(2),
    generatedAt: name,
    source: object({phases: name, commit: name.nullable(), uncommittedChanges: z.boolean().optional(), regions: z.array(name), snapshot: name.nullable()}),
    summary: object({
      resources: count,
      inSync: count,
      drifted: count,
      missing: count,
      extra: count,
      unsupported: count,
      notChecked: count,
      ignored: count,
      expected: count,
      coverage: z.number().min(0).max(1),
      bySeverity,
      unsupportedResources: z.array(object({id: name, type: name, location})).optional(),
      resolved: z.array(object({id: name, type: name, driftType: z.enum(DRIFT_TYPES), region: name.nullable(), target: name.optional(), ref: name.optional(), firstSeen: name})).optional(),
      baselined: count.optional(),
      unread: z.array(object({target: name.optional(), type: name.optional(), region: name.optional(), reason: text})).optional(),
      unreadResources: count.optional(),
      byTarget: z.record(name, targetSummary).optional(),
    }),
    items: z.array(item),
  })

  return {report, item, location}
}
