import {unsupportedResources} from './phases/validate-phases.js'
import {canonicalValue} from './shared/canonical-json.js'
import {
  type Difference,
  type DriftAnalysis,
  type DriftItem,
  type DriftReport,
  type DriftSummary,
  REPORT_SCHEMA_VERSION,
  type ReportSchemaVersion,
  SEVERITIES,
  type Severity,
} from './model.js'

/**
 * Analysis -> the report of SPEC 5. Every object is rebuilt with a fixed key order, and the items keep the order
 * assess sorted them in once, so the same inputs give byte-identical JSON except `generatedAt` (injected: the core
 * has no clock).
 */
export function buildReport(analysis: DriftAnalysis, source: DriftReport['source'], generatedAt: string): DriftReport {
  const items = analysis.items.map(reportItem)
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt,
    source: {phases: source.phases, commit: source.commit, uncommittedChanges: source.uncommittedChanges ?? false, regions: [...source.regions].sort(), snapshot: source.snapshot},
    summary: summarise(analysis, items),
    items,
  }
}

/**
 * SPEC 5 arithmetic: `inSync + drifted + missing = resources`, where a resource that was not checked (its type was
 * not read) or whose only differences were ignored or expected counts as in sync.
 */
export function summarise(analysis: DriftAnalysis, items: readonly DriftItem[] = analysis.items): DriftSummary {
  const count = (driftType: DriftItem['driftType']) => items.filter((item) => item.driftType === driftType).length
  const drifted = count('configuration_drift') + count('tag_drift')
  const missing = count('missing_resource')
  const resources = analysis.inSync.length + drifted + missing
  const unsupported = analysis.unsupported.length
  const bySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>
  for (const item of items) bySeverity[item.severity]++
  return {
    resources,
    inSync: analysis.inSync.length,
    drifted,
    missing,
    extra: count('extra_resource'),
    unsupported,
    notChecked: analysis.notChecked.length,
    ignored: analysis.ignored.length,
    expected: analysis.expected.length,
    // Three decimals as in SPEC 5; an empty selection is fully covered (nothing escaped the check).
    coverage: resources + unsupported === 0 ? 1 : Math.round((resources / (resources + unsupported)) * 1000) / 1000,
    bySeverity,
    unsupportedResources: unsupportedResources(analysis.unsupported),
  }
}

/**
 * The report in the shape of an older schema version, for consumers that have not moved on: version 1 keeps exactly
 * the first release's fields (listed here, not removed one by one, so that a field added to version 2 later never
 * leaks into version 1).
 */
export function reportAsVersion(report: DriftReport, version: ReportSchemaVersion): DriftReport {
  if (version === 2) return report
  const {summary} = report
  return {
    schemaVersion: 1,
    generatedAt: report.generatedAt,
    source: {phases: report.source.phases, commit: report.source.commit, regions: report.source.regions, snapshot: report.source.snapshot},
    summary: {
      resources: summary.resources,
      inSync: summary.inSync,
      drifted: summary.drifted,
      missing: summary.missing,
      extra: summary.extra,
      unsupported: summary.unsupported,
      notChecked: summary.notChecked,
      ignored: summary.ignored,
      expected: summary.expected,
      coverage: summary.coverage,
      bySeverity: summary.bySeverity,
    },
    items: report.items.map((item) => ({
      id: item.id,
      type: item.type,
      driftType: item.driftType,
      severity: item.severity,
      impact: item.impact,
      autoHealable: item.autoHealable,
      physicalId: item.physicalId,
      region: item.region,
      location: item.location,
      differences: item.differences,
    })),
  }
}

function reportItem(item: DriftItem): DriftItem {
  return {
    id: item.id,
    type: item.type,
    driftType: item.driftType,
    severity: item.severity,
    impact: [...item.impact],
    autoHealable: item.autoHealable,
    physicalId: item.physicalId,
    region: item.region,
    location: item.location ? {file: item.location.file, line: item.location.line} : null,
    differences: item.differences.map(reportDifference),
    ...(item.recommended ? {recommended: item.recommended} : {}),
    ...(item.target === undefined ? {} : {target: item.target}),
    ...(item.account === undefined ? {} : {account: item.account}),
    ...(item.ref === undefined ? {} : {ref: item.ref}),
  }
}

function reportDifference(difference: Difference): Difference {
  return {
    path: difference.path,
    expected: canonicalValue(difference.expected),
    actual: canonicalValue(difference.actual),
    kind: difference.kind,
    ...(difference.line === undefined ? {} : {line: difference.line}),
  }
}
