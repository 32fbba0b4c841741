import {createHash} from 'node:crypto'

import type {Difference, DriftItem, DriftReport, DriftType, Severity} from '../core/model.js'
import {formatTypedValue} from './style.js'
import {itemName} from './summary.js'

/** SARIF 2.1.0 for GitHub code scanning: one result per difference on the template line it comes from. */
export interface SarifLog {
  $schema: string
  version: '2.1.0'
  runs: SarifRun[]
}

interface SarifRun {
  tool: {driver: {name: string; version: string; rules: SarifRule[]}}
  invocations: SarifInvocation[]
  results: SarifResult[]
  properties: {summary: DriftReport['summary']; extraResources: {id: string; type: string; region: string | null}[]}
}

interface SarifRule {
  id: DriftType
  name: string
  shortDescription: {text: string}
  fullDescription: {text: string}
  defaultConfiguration: {level: SarifLevel}
  help: {text: string}
}

interface SarifResult {
  ruleId: DriftType
  ruleIndex: number
  level: SarifLevel
  message: {text: string}
  locations: {physicalLocation: {artifactLocation: {uri: string; uriBaseId: string}; region: {startLine: number}}; logicalLocations: {name: string; fullyQualifiedName: string; kind: string}[]}[]
  partialFingerprints: {ialctlDrift: string}
  properties: {severity: Severity; impact: string[]; autoHealable: boolean; path?: string; target?: string; account?: string; region?: string | null}
}

type SarifLevel = 'error' | 'warning' | 'note'

/**
 * Unsupported resources are notes about the run (tool execution notifications), not results: they are not drift, and
 * code scanning turns every result into an alert.
 */
interface SarifInvocation {
  executionSuccessful: boolean
  toolExecutionNotifications: {level: 'note'; message: {text: string}; locations: {physicalLocation: {artifactLocation: {uri: string; uriBaseId: string}; region: {startLine: number}}}[]}[]
}

const LEVELS: Record<Severity, SarifLevel> = {critical: 'error', high: 'error', medium: 'warning', low: 'note'}

const RULES: SarifRule[] = [
  rule('configuration_drift', 'ConfigurationDrift', 'A property in AWS differs from the template.', 'warning'),
  rule('tag_drift', 'TagDrift', 'A tag in AWS differs from the template.', 'note'),
  rule('missing_resource', 'MissingResource', 'A declared resource was not found in AWS.', 'error'),
  rule('extra_resource', 'ExtraResource', 'A resource in the managed scope is not declared in any phase.', 'warning'),
]

function rule(id: DriftType, name: string, text: string, level: SarifLevel): SarifRule {
  return {
    id,
    name,
    shortDescription: {text},
    fullDescription: {text},
    defaultConfiguration: {level},
    help: {text: 'Run `ialctl drift diff ID` for the details, `ialctl drift heal` to put safe properties back, or `ialctl reverse-sync` to update the template from AWS.'},
  }
}

/**
 * Extra resources have no template line, and code scanning rejects a result without a location, so they are
 * listed in the run's properties instead of as results.
 */
export function renderSarif(report: DriftReport, toolVersion: string): SarifLog {
  const results: SarifResult[] = []
  for (const item of report.items) {
    if (!item.location) continue
    if (item.differences.length === 0) results.push(result(item, item.location.line, `${itemName(item)} (${item.type}) is declared here but was not found in AWS.`))
    for (const difference of item.differences) results.push(result(item, difference.line ?? item.location.line, message(item, difference), difference.path))
  }

  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {driver: {name: 'ialctl', version: toolVersion, rules: RULES}},
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: (report.summary.unsupportedResources ?? []).map((resource) => ({
              level: 'note' as const,
              message: {text: `${resource.id} (${resource.type}) was not compared: ialctl does not read this type, so its drift is not detected.`},
              locations: [{physicalLocation: {artifactLocation: {uri: resource.location.file, uriBaseId: '%SRCROOT%'}, region: {startLine: resource.location.line}}}],
            })),
          },
        ],
        results,
        properties: {
          summary: report.summary,
          extraResources: report.items.filter((item) => !item.location).map((item) => ({id: item.id, type: item.type, region: item.region})),
        },
      },
    ],
  }
}

function result(item: DriftItem, line: number, text: string, path?: string): SarifResult {
  return {
    ruleId: item.driftType,
    ruleIndex: RULES.findIndex((candidate) => candidate.id === item.driftType),
    level: LEVELS[item.severity],
    message: {text: `[${item.severity}] ${text}`},
    locations: [
      {
        physicalLocation: {artifactLocation: {uri: item.location!.file, uriBaseId: '%SRCROOT%'}, region: {startLine: line}},
        logicalLocations: [{name: itemName(item), fullyQualifiedName: `${itemName(item)}${path ?? ''}`, kind: 'resource'}],
      },
    ],
    // Stable across runs and line moves: the same drift on the same property is the same alert.
    // With config targets the ref makes the same drift in two accounts or regions two alerts.
    partialFingerprints: {ialctlDrift: createHash('sha256').update(`${item.type}\0${itemName(item)}\0${path ?? ''}`).digest('hex').slice(0, 32)},
    properties: {
      severity: item.severity,
      impact: item.impact,
      autoHealable: item.autoHealable,
      ...(path === undefined ? {} : {path}),
      ...(item.target === undefined ? {} : {target: item.target, region: item.region, ...(item.account ? {account: item.account} : {})}),
    },
  }
}

function message(item: DriftItem, difference: Difference): string {
  const where = `${itemName(item)} (${item.type}) ${difference.path}`
  const value = (side: unknown) => formatTypedValue(item.type, difference.path, side, 200)
  if (difference.kind === 'ADD') return `${where} is only in AWS: ${value(difference.actual)}.`
  if (difference.kind === 'REMOVE') return `${where} is set to ${value(difference.expected)} in the template but absent in AWS.`
  return `${where} is ${value(difference.actual)} in AWS, ${value(difference.expected)} in the template.`
}
