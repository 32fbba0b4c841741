import type {FunctionConfiguration} from '@aws-sdk/client-lambda'
import {describe, expect, it} from 'vitest'

import {analyseDrift} from '../../../src/core/diff/analyse.js'
import {SECRET_PLACEHOLDER, secretDigest} from '../../../src/core/diff/secret-values.js'
import {Intrinsic} from '../../../src/core/model.js'
import {codifyTemplate} from '../../../src/core/plan/codify.js'
import {planReverseSync} from '../../../src/core/plan/reverse-sync-plan.js'
import {healCallProblem} from '../../../src/core/resources/heal.js'
import {healCall} from '../../../src/core/resources/index.js'
import {functionFromAws, lambdaFunction} from '../../../src/core/resources/lambda-function.js'
import {assessDrift} from '../../../src/core/risk/assess.js'
import {desired, model, options, snapshot} from '../diff/builders.js'
import {callsOf, change} from './heal-helpers.js'
import {expectNoAbsentValues, fixture, region} from './mapping-helpers.js'

const functions = fixture<{Functions: FunctionConfiguration[]}>('lambda-list-functions').Functions
const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:ial-prod-orders-processor'
/** The secret value of the fixture: it must never come out of the mapping, in any form but its digest. */
const SECRET = 'sk_live_51Hx-real-looking-secret'

describe('AWS::Lambda::Function mapping', () => {
  it('GIVEN a function as ListFunctions returns it WHEN mapped THEN it has CloudFormation properties, and each environment value only as its digest', () => {
    const actual = functionFromAws(functions[0], {Owner: 'orders-team'}, region)
    expect(actual).toEqual({
      type: 'AWS::Lambda::Function',
      region,
      physicalId: 'ial-prod-orders-processor',
      arn: ARN,
      properties: {
        FunctionName: 'ial-prod-orders-processor',
        Description: 'Moves orders from the queue into the orders table.',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: 'arn:aws:iam::123456789012:role/ial-prod-orders-processor',
        MemorySize: 256,
        Timeout: 30,
        Architectures: ['arm64'],
        PackageType: 'Zip',
        Environment: {
          Variables: {
            ORDERS_QUEUE_URL: secretDigest('ORDERS_QUEUE_URL', 'https://sqs.us-east-1.amazonaws.com/123456789012/ial-prod-orders'),
            PAYMENTS_API_KEY: secretDigest('PAYMENTS_API_KEY', SECRET),
          },
        },
        KmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        Layers: ['arn:aws:lambda:us-east-1:123456789012:layer:otel:4'],
        VpcConfig: {SubnetIds: ['subnet-0a1b2c3d', 'subnet-4e5f6a7b'], SecurityGroupIds: ['sg-0123456789abcdef0'], Ipv6AllowedForDualStack: false},
        DeadLetterConfig: {TargetArn: 'arn:aws:sqs:us-east-1:123456789012:ial-prod-orders-dlq'},
        TracingConfig: {Mode: 'Active'},
        EphemeralStorage: {Size: 512},
        SnapStart: {ApplyOn: 'None'},
        LoggingConfig: {LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'WARN', LogGroup: '/aws/lambda/ial-prod-orders-processor'},
      },
      tags: {Owner: 'orders-team'},
      attributes: {Arn: ARN},
    })
    expectNoAbsentValues(actual)
    expect(JSON.stringify(actual)).not.toContain(SECRET)
    expect(JSON.stringify(actual)).not.toContain('sqs.us-east-1.amazonaws.com/123456789012/ial-prod-orders"')
    expect(secretDigest('PAYMENTS_API_KEY', SECRET)).toMatch(/^sha256:[0-9a-f]{64}$/)
  })

  it('GIVEN a function outside a VPC, without variables WHEN mapped THEN no VpcConfig (AWS answers empty lists) and no Environment', () => {
    const {properties} = functionFromAws(functions[1], {}, region)
    expect(properties.VpcConfig).toBeUndefined()
    expect(properties.Environment).toBeUndefined()
    expect(properties).toMatchObject({FunctionName: 'nightly-export', Description: '', MemorySize: 128, Timeout: 3, Architectures: ['x86_64']})
  })

  it('GIVEN a function whose environment Lambda could not decrypt WHEN mapped THEN it has no variables (the error text is not a value)', () => {
    const actual = functionFromAws(functions[2], {}, region)
    expect(actual.properties.Environment).toBeUndefined()
    expect(JSON.stringify(actual)).not.toContain('KMSAccessDenied')
  })

  it('GIVEN one value under two names WHEN digested THEN the digests differ (a digest says nothing about another variable)', () => {
    expect(secretDigest('A', 'same')).not.toBe(secretDigest('B', 'same'))
    expect(secretDigest('A', 'same')).toBe(secretDigest('A', 'same'))
  })

  it('GIVEN a template by name and an AWS function WHEN keyed THEN both meet on the name', () => {
    const actual = functionFromAws(functions[0], {}, region)
    const keys = lambdaFunction.desiredKeys({logicalId: 'OrdersProcessorFunction', stackName: '30-compute-07-orders-processor', properties: {FunctionName: 'ial-prod-orders-processor'}})
    expect(lambdaFunction.actualKeys(actual)).toContain(keys[0])
  })
})

describe('AWS::Lambda::Function drift: environment values by digest', () => {
  const declared = (variables: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    desired('OrdersProcessorFunction', 'AWS::Lambda::Function', {FunctionName: 'ial-prod-orders-processor', Runtime: 'nodejs20.x', MemorySize: 256, Environment: {Variables: variables}, ...extra})
  const check = (variables: Record<string, unknown>, extra: Record<string, unknown> = {}, parameters: Record<string, unknown> = {}) =>
    assessDrift(analyseDrift(model([declared(variables, extra)], parameters), snapshot([functionFromAws(functions[0], {}, region)]), options()), options())

  it('GIVEN the template holds the values AWS has (one through a parameter) WHEN compared THEN in sync', () => {
    const analysis = check({ORDERS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/ial-prod-orders', PAYMENTS_API_KEY: new Intrinsic('Ref', 'PaymentsApiKey')}, {}, {PaymentsApiKey: SECRET})
    expect(analysis.items).toEqual([])
    expect(analysis.inSync).toEqual(['OrdersProcessorFunction'])
  })

  it('GIVEN a value changed in AWS WHEN compared THEN the difference names the variable, rated high, and carries digests on both sides, never a value', () => {
    const analysis = check({ORDERS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/ial-prod-orders', PAYMENTS_API_KEY: 'sk_live_old-key'})
    expect(analysis.items).toHaveLength(1)
    const [item] = analysis.items
    expect(item).toMatchObject({driftType: 'configuration_drift', severity: 'high', autoHealable: false})
    expect(item.differences).toEqual([
      {path: '/Environment/Variables/PAYMENTS_API_KEY', expected: secretDigest('PAYMENTS_API_KEY', 'sk_live_old-key'), actual: secretDigest('PAYMENTS_API_KEY', SECRET), kind: 'NOT_EQUAL', line: expect.any(Number)},
    ])
    expect(JSON.stringify(analysis.items)).not.toMatch(/sk_live/)
  })

  it('GIVEN a variable added by hand in AWS WHEN compared THEN it is drift under its name (the template declares the whole set), carrying only its digest', () => {
    // AWS's function has ORDERS_QUEUE_URL and PAYMENTS_API_KEY; the template declares only the first.
    const analysis = check({ORDERS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/ial-prod-orders'})
    expect(analysis.items.map((item) => item.differences)).toEqual([
      [{path: '/Environment/Variables/PAYMENTS_API_KEY', expected: null, actual: secretDigest('PAYMENTS_API_KEY', SECRET), kind: 'ADD', line: expect.any(Number)}],
    ])
    expect(analysis.items[0]).toMatchObject({severity: 'high', autoHealable: false})
    expect(JSON.stringify(analysis.items)).not.toContain(SECRET)
    const plan = planReverseSync(analysis, {all: true, prune: false, importPhase: '99-imported', phasesDir: 'phases', healable: () => false, includeCritical: true})
    expect(plan.edits).toEqual([])
    expect(plan.manual).toEqual([expect.objectContaining({path: '/Environment/Variables/PAYMENTS_API_KEY', reason: expect.stringMatching(/^manual: secret values/)})])
  })

  it('GIVEN a dynamic reference to a secret store WHEN compared THEN not checked (the store holds the value), not drift forever', () => {
    const analysis = check({ORDERS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/ial-prod-orders', PAYMENTS_API_KEY: '{{resolve:secretsmanager:prod/payments:SecretString:key}}'})
    expect(analysis.items).toEqual([])
    expect(analysis.notChecked).toEqual([expect.objectContaining({id: 'OrdersProcessorFunction', path: '/Environment/Variables/PAYMENTS_API_KEY', reason: expect.stringContaining('dynamic reference')})])
  })

  it('GIVEN a changed value and a changed memory size WHEN reverse sync plans THEN the memory is edited, the secret is manual with digests only', () => {
    const analysis = check({ORDERS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/ial-prod-orders', PAYMENTS_API_KEY: 'sk_live_old-key'}, {MemorySize: 512})
    const plan = planReverseSync(analysis, {all: true, prune: false, importPhase: '99-imported', phasesDir: 'phases', healable: () => false, includeCritical: true})
    expect(plan.edits.map((edit) => [edit.path, edit.newValue])).toEqual([['/MemorySize', 256]])
    expect(plan.manual).toEqual([expect.objectContaining({path: '/Environment/Variables/PAYMENTS_API_KEY', reason: expect.stringMatching(/^manual: secret values/)})])
    expect(JSON.stringify(plan)).not.toMatch(/sk_live/)
  })

  it('GIVEN an extra function with variables WHEN codified THEN each value is a placeholder, the file says so, and the plan lists it as manual', () => {
    const actual = functionFromAws(functions[0], {Owner: 'orders-team'}, region)
    const text = codifyTemplate('AWS::Lambda::Function', [{logicalId: 'IalProdOrdersProcessorFunction', actual}])
    expect(text).toContain(`PAYMENTS_API_KEY: "${SECRET_PLACEHOLDER}"`)
    expect(text).toMatch(/^# manual: secret values: IalProdOrdersProcessorFunction \/Environment\/Variables\/ORDERS_QUEUE_URL, \/Environment\/Variables\/PAYMENTS_API_KEY hold a placeholder/m)
    expect(text).not.toMatch(/sha256:|sk_live/)
    // Defaults AWS fills in are left out; what a person chose stays.
    expect(text).not.toMatch(/PackageType|EphemeralStorage|SnapStart|Ipv6AllowedForDualStack/)
    expect(text).toMatch(/MemorySize: 256/)

    const everything = options({extraScope: {types: {}}})
    const extra = assessDrift(analyseDrift(model([]), snapshot([actual]), everything), everything)
    const plan = planReverseSync(extra, {all: true, prune: false, importPhase: '99-imported', phasesDir: 'phases', healable: () => false, includeCritical: true})
    expect(plan.newFiles).toHaveLength(1)
    expect(plan.manual.map((entry) => entry.path)).toEqual(['/Environment/Variables/ORDERS_QUEUE_URL', '/Environment/Variables/PAYMENTS_API_KEY'])
    expect(JSON.stringify(plan)).not.toMatch(/sha256:|sk_live/)
  })
})

describe('AWS::Lambda::Function heal and revert calls', () => {
  const actual = functionFromAws(functions[0], {Owner: 'x', Stray: 'y'}, region)

  it('GIVEN tag drift WHEN built THEN TagResource and UntagResource by the function ARN, as maps and keys, each passing its schema', () => {
    const set = lambdaFunction.tags.set(ARN, {Owner: 'orders-team'})
    const remove = lambdaFunction.tags.remove(ARN, {Stray: 'y'})
    expect(callsOf({ok: true, actions: [{...set, rollback: remove}]})).toEqual([
      {api: 'Lambda.TagResource', params: {Resource: ARN, Tags: {Owner: 'orders-team'}}},
      {api: 'Lambda.UntagResource', params: {Resource: ARN, TagKeys: ['Stray']}},
    ])
    expect(lambdaFunction.tags.target(actual)).toBe(ARN)
  })

  it.each([
    ['an aws: tag', 'Lambda.TagResource', {Resource: ARN, Tags: {'aws:cloudformation:stack-name': 'x'}}, /aws: tags excluded/],
    ['no tag at all', 'Lambda.TagResource', {Resource: ARN, Tags: {}}, /at least one tag/],
    ['an untag without keys', 'Lambda.UntagResource', {Resource: ARN, TagKeys: []}, /at least one tag key/],
    ['an environment smuggled into a revert call', 'Lambda.UpdateFunctionConfiguration', {FunctionName: 'f', MemorySize: 256, Environment: {Variables: {A: 'b'}}}, /Environment is not a parameter a revert sends/],
    ['a role smuggled into a revert call', 'Lambda.UpdateFunctionConfiguration', {FunctionName: 'f', Role: 'arn:aws:iam::1:role/admin'}, /Role is not a parameter a revert sends/],
    ['a memory size Lambda does not take', 'Lambda.UpdateFunctionConfiguration', {FunctionName: 'f', MemorySize: 64}, /MemorySize must be a whole number from 128 to 10240/],
  ])('GIVEN a forged call with %s WHEN validated THEN refused', (_name, api, params, message) => {
    const heal = healCall(api)
    const declared = heal ?? lambdaFunction.revert!.calls.find((call) => call.api === api)!
    expect(healCallProblem(declared, params, heal ? 'heal' : 'revert')?.message).toMatch(message)
  })

  it('GIVEN memory and timeout changed by hand WHEN the revert is built THEN one UpdateFunctionConfiguration, and its rollback the values AWS had', () => {
    const built = lambdaFunction.revert!.build(actual, [change('/MemorySize', 256, 512), change('/Timeout', 30, 60)], {applyImmediately: false})
    expect(built.ok && built.actions.map((action) => [action.params, action.rollback.params])).toEqual([
      [{FunctionName: 'ial-prod-orders-processor', MemorySize: 512, Timeout: 60}, {FunctionName: 'ial-prod-orders-processor', MemorySize: 256, Timeout: 30}],
    ])
    const [schema] = lambdaFunction.revert!.calls
    for (const action of built.ok ? built.actions : []) for (const call of [action, action.rollback]) expect(healCallProblem(schema, call.params)).toBeUndefined()
  })
})
