// Reverse sync adopting a property CloudFormation takes only with another (a type's `adoptTogether`): a DynamoDB
// table switched to provisioned capacity by hand must be written back with its throughput, or the template it writes
// is one CloudFormation refuses (cfn-lint E3639). Driven through the real template parser and editor.
import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'

import type {ActualResource, DesiredResource, Difference, DriftItem} from '../../../src/core/model.js'
import {parseTemplate} from '../../../src/core/phases/parse-template.js'
import {applyReverseSyncPlan, planReverseSync} from '../../../src/core/plan/reverse-sync-plan.js'
import {analysisOf} from './reverse-sync-fixtures.js'

const FILE = 'phases/40-data/03-orders-table.yaml'
const options = {all: false, prune: false, importPhase: '99-imported', phasesDir: 'phases', healable: () => false}

const template = (billing: string) => `Parameters:
  Mode:
    Type: String
Resources:
  OrdersTable:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: ial-prod-orders
${billing}      KeySchema:
        - AttributeName: orderId
          KeyType: HASH
`

function declared(text: string): DesiredResource {
  const parsed = parseTemplate({file: FILE, phase: '40-data', stackName: '40-data-03-orders-table', bytes: new TextEncoder().encode(text)})
  expect(parsed.problems).toEqual([])
  return parsed.resources[0].resource
}

const table = (properties: Record<string, unknown>): ActualResource => ({
  type: 'AWS::DynamoDB::Table',
  region: 'eu-west-1',
  physicalId: 'ial-prod-orders',
  properties: {TableName: 'ial-prod-orders', ...properties},
  tags: {},
  attributes: {},
})

const item = (differences: Difference[]): DriftItem => ({
  id: 'OrdersTable',
  type: 'AWS::DynamoDB::Table',
  driftType: 'configuration_drift',
  severity: 'medium',
  impact: ['cost'],
  autoHealable: false,
  physicalId: 'ial-prod-orders',
  region: 'eu-west-1',
  location: {file: FILE, line: 5},
  differences,
})

function adopt(text: string, actual: ActualResource, differences: Difference[]) {
  const plan = planReverseSync(analysisOf([item(differences)], [declared(text)], {OrdersTable: actual}), options)
  const {files, rejected} = applyReverseSyncPlan(plan, new Map([[FILE, text]]))
  expect(rejected).toEqual([])
  const after = files[0]?.after ?? text
  return {plan, after, properties: (parse(after) as {Resources: {OrdersTable: {Properties: Record<string, unknown>}}}).Resources.OrdersTable.Properties}
}

describe('reverse sync: properties adopted together (a table\'s billing mode and throughput)', () => {
  it('GIVEN an on-demand table switched to provisioned capacity by hand WHEN adopted THEN the template gets the mode AND the throughput AWS has', () => {
    const text = template('      BillingMode: PAY_PER_REQUEST\n')
    const {plan, properties} = adopt(text, table({BillingMode: 'PROVISIONED', ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}}), [
      {path: '/BillingMode', expected: 'PAY_PER_REQUEST', actual: 'PROVISIONED', kind: 'NOT_EQUAL', line: 9},
    ])
    expect(plan.manual).toEqual([])
    expect(plan.edits.map((edit) => [edit.path, edit.op])).toEqual([['/ProvisionedThroughput', 'add'], ['/BillingMode', 'set']])
    expect(properties).toMatchObject({BillingMode: 'PROVISIONED', ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}})
  })

  it('GIVEN a provisioned table (mode left to its default) switched to on demand WHEN its throughput is adopted away THEN the mode is written too, not left to mean PROVISIONED', () => {
    const text = template('      ProvisionedThroughput:\n        ReadCapacityUnits: 10\n        WriteCapacityUnits: 5\n')
    const {plan, properties} = adopt(text, table({BillingMode: 'PAY_PER_REQUEST'}), [
      {path: '/ProvisionedThroughput', expected: {ReadCapacityUnits: 10, WriteCapacityUnits: 5}, actual: null, kind: 'REMOVE', line: 9},
    ])
    expect(plan.edits.map((edit) => [edit.path, edit.op])).toEqual([['/BillingMode', 'add'], ['/ProvisionedThroughput', 'remove']])
    expect(properties.BillingMode).toBe('PAY_PER_REQUEST')
    expect(properties).not.toHaveProperty('ProvisionedThroughput')
  })

  it('GIVEN only the throughput changed and the mode left to its default in both WHEN adopted THEN only the throughput is written (no default spelled out)', () => {
    const text = template('      ProvisionedThroughput:\n        ReadCapacityUnits: 10\n        WriteCapacityUnits: 5\n')
    const {plan, properties} = adopt(text, table({BillingMode: 'PROVISIONED', ProvisionedThroughput: {ReadCapacityUnits: 20, WriteCapacityUnits: 5}}), [
      {path: '/ProvisionedThroughput/ReadCapacityUnits', expected: 10, actual: 20, kind: 'NOT_EQUAL', line: 10},
    ])
    expect(plan.edits.map((edit) => edit.path)).toEqual(['/ProvisionedThroughput/ReadCapacityUnits'])
    expect(properties).not.toHaveProperty('BillingMode')
    expect(properties.ProvisionedThroughput).toEqual({ReadCapacityUnits: 20, WriteCapacityUnits: 5})
  })

  it('GIVEN the mode is a parameter (!Ref) WHEN the switch is adopted THEN both are left to a person: half a group is no valid template either', () => {
    const text = template('      BillingMode: !Ref Mode\n')
    const plan = planReverseSync(analysisOf([item([{path: '/BillingMode', expected: 'PAY_PER_REQUEST', actual: 'PROVISIONED', kind: 'NOT_EQUAL', line: 9}])], [declared(text)], {OrdersTable: table({BillingMode: 'PROVISIONED', ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}})}), options)
    expect(plan.edits).toEqual([])
    // Sorted by place: a property the template lacks is shown at its resource's line.
    expect(plan.manual.map((entry) => [entry.path, entry.reason])).toEqual([
      ['/ProvisionedThroughput', 'CloudFormation takes it only together with /BillingMode, which is edited by hand'],
      ['/BillingMode', 'the template value is !Ref Mode, not a literal; edit by hand'],
    ])
  })
})
