import {describe, expect, it} from 'vitest'

import {compareProperties} from '../../../src/core/diff/compare.js'
import {comparePolicyDocuments, grantsBeyond, parsePolicyDocument, samePolicy} from '../../../src/core/diff/policy-document.js'
import {Unresolved} from '../../../src/core/diff/resolve.js'
import {Intrinsic} from '../../../src/core/model.js'

const readOnly = {
  Version: '2012-10-17',
  Statement: [
    {Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::artefacts', 'arn:aws:s3:::artefacts/*']},
    {Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: {Bool: {'aws:SecureTransport': 'false'}}},
  ],
}

const trust = {Version: '2012-10-17', Statement: [{Effect: 'Allow', Principal: {Service: 'ecs-tasks.amazonaws.com'}, Action: 'sts:AssumeRole'}]}

describe('policy documents compared by meaning', () => {
  it.each([
    ['statements in another order', {...readOnly, Statement: [...readOnly.Statement].reverse()}],
    ['a one-item list for a string', {...readOnly, Statement: [readOnly.Statement[0], {...readOnly.Statement[1], Action: ['s3:*'], Resource: ['*']}]}],
    ['actions in another case and order', {...readOnly, Statement: [{...readOnly.Statement[0], Action: ['s3:listbucket', 'S3:GetObject']}, readOnly.Statement[1]]}],
    ['keys in another order', {Statement: readOnly.Statement.map((statement) => Object.fromEntries(Object.entries(statement).reverse())), Version: '2012-10-17'}],
    ['a JSON string', JSON.stringify(readOnly)],
    ['URL-encoded JSON, as IAM returns it', encodeURIComponent(JSON.stringify(readOnly))],
    ['a boolean condition value written as a boolean', {...readOnly, Statement: [readOnly.Statement[0], {...readOnly.Statement[1], Condition: {Bool: {'aws:securetransport': false}}}]}],
  ])('GIVEN AWS holds the same policy as %s WHEN compared THEN it is not drift', (_, actual) => {
    expect(comparePolicyDocuments(readOnly, actual, '/PolicyDocument')).toEqual({differences: [], notChecked: []})
  })

  it('GIVEN a template without Version WHEN AWS has 2012-10-17 THEN the default is not drift', () => {
    expect(samePolicy({Statement: trust.Statement}, trust)).toBe(true)
  })

  it('GIVEN a principal written as an account id WHEN IAM returns the root ARN THEN it is the same principal', () => {
    const template = {Statement: [{Effect: 'Allow', Principal: {AWS: '123456789012'}, Action: 'sts:AssumeRole'}]}
    const aws = {Statement: [{Effect: 'Allow', Principal: {AWS: ['arn:aws:iam::123456789012:root']}, Action: ['sts:AssumeRole']}]}
    expect(samePolicy(template, aws)).toBe(true)
  })

  it('GIVEN an action added by hand WHEN compared THEN the widened Action is drift at its statement, with both lists', () => {
    const widened = {...readOnly, Statement: [{...readOnly.Statement[0], Action: ['s3:GetObject', 's3:ListBucket', 's3:PutObject']}, readOnly.Statement[1]]}
    expect(comparePolicyDocuments(readOnly, widened, '/PolicyDocument').differences).toEqual([
      {path: '/PolicyDocument/Statement/0/Action', expected: ['s3:GetObject', 's3:ListBucket'], actual: ['s3:GetObject', 's3:ListBucket', 's3:PutObject'], kind: 'NOT_EQUAL'},
    ])
  })

  it('GIVEN a listed Action narrowed to one wildcard string, or a string widened to a one-item list WHEN compared THEN AWS\'s value is shown in the template\'s form, so reverse sync edits it in place', () => {
    const queue = 'arn:aws:sqs:us-east-1:123456789012:orders'
    const listed = {Statement: [{Effect: 'Allow', Action: ['sqs:GetQueueUrl', 'sqs:SendMessage'], Resource: queue}]}
    expect(comparePolicyDocuments(listed, {Statement: [{Effect: 'Allow', Action: 'sqs:*', Resource: queue}]}, '/PolicyDocument').differences).toEqual([
      {path: '/PolicyDocument/Statement/0/Action', expected: ['sqs:GetQueueUrl', 'sqs:SendMessage'], actual: ['sqs:*'], kind: 'NOT_EQUAL'},
    ])
    expect(comparePolicyDocuments(listed, {Statement: [{Effect: 'Allow', Action: listed.Statement[0].Action, Resource: ['arn:aws:sqs:us-east-1:123456789012:*']}]}, '/PolicyDocument').differences).toEqual([
      {path: '/PolicyDocument/Statement/0/Resource', expected: queue, actual: 'arn:aws:sqs:us-east-1:123456789012:*', kind: 'NOT_EQUAL'},
    ])
  })

  it('GIVEN a trust policy opened to every AWS principal WHEN compared THEN the Principal is drift', () => {
    const opened = {...trust, Statement: [{...trust.Statement[0], Principal: '*'}]}
    expect(comparePolicyDocuments(trust, opened, '/AssumeRolePolicyDocument').differences).toEqual([
      {path: '/AssumeRolePolicyDocument/Statement/0/Principal', expected: {Service: 'ecs-tasks.amazonaws.com'}, actual: '*', kind: 'NOT_EQUAL'},
    ])
  })

  it('GIVEN a statement added in AWS and one removed WHEN compared THEN they are ADD after the template statements and REMOVE at their index', () => {
    const added = {Effect: 'Allow', Action: 'iam:*', Resource: '*'}
    const differences = comparePolicyDocuments(readOnly, {...readOnly, Statement: [readOnly.Statement[0], added]}, '/PolicyDocument').differences
    expect(differences).toEqual([
      {path: '/PolicyDocument/Statement/1', expected: readOnly.Statement[1], actual: null, kind: 'REMOVE'},
      {path: '/PolicyDocument/Statement/2', expected: null, actual: added, kind: 'ADD'},
    ])
  })

  it('GIVEN a condition removed by hand WHEN compared THEN the Condition is drift on the statement it belonged to', () => {
    const aws = {...readOnly, Statement: [readOnly.Statement[0], {...readOnly.Statement[1], Condition: undefined}]}
    expect(comparePolicyDocuments(readOnly, aws, '').differences).toEqual([{path: '/Statement/1/Condition', expected: readOnly.Statement[1].Condition, actual: null, kind: 'REMOVE'}])
  })

  it('GIVEN a statement holding a value ialctl could not resolve WHEN compared THEN it is not checked and takes the AWS statement it stands for', () => {
    const unknown = new Unresolved('!GetAtt Bucket.Arn: Bucket is not matched', new Intrinsic('Fn::GetAtt', ['Bucket', 'Arn']))
    const template = {Statement: [trust.Statement[0], {Effect: 'Allow', Action: 's3:GetObject', Resource: unknown}]}
    const aws = {Statement: [trust.Statement[0], {Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*'}]}
    expect(comparePolicyDocuments(template, aws, '/P')).toEqual({differences: [], notChecked: [{path: '/P/Statement/1', reason: unknown.reason}]})

    // An AWS statement nothing resembles may still be the unresolved one: not compared rather than ADD.
    const other = {Statement: [trust.Statement[0], {Effect: 'Allow', Action: 'iam:PassRole', Resource: '*'}]}
    expect(comparePolicyDocuments(template, other, '/P')).toEqual({
      differences: [],
      notChecked: [
        {path: '/P/Statement/1', reason: unknown.reason},
        {path: '/P/Statement', reason: `1 statement(s) in AWS not compared: ${unknown.reason}`},
      ],
    })
  })

  it.each([
    ['text that is not JSON', 'not a policy'],
    ['a number', 42],
    ['a list', [1, 2]],
  ])('GIVEN AWS answers %s WHEN parsed THEN it is not a document (and never throws)', (_, value) => {
    expect(parsePolicyDocument(value)).toBeUndefined()
    expect(comparePolicyDocuments(readOnly, value, '/P').differences).toEqual([{path: '/P', expected: readOnly, actual: value, kind: 'NOT_EQUAL'}])
  })

  it('GIVEN a type declaring a policy path WHEN compareProperties walks it THEN the document is compared by meaning with template lines', () => {
    const rules = {setPaths: ['/Policies'], arnOrNamePaths: [], policyPaths: ['/AssumeRolePolicyDocument', '/Policies/PolicyDocument']}
    const desired = {AssumeRolePolicyDocument: trust, Policies: [{PolicyName: 'read', PolicyDocument: readOnly}]}
    const actual = {
      AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)),
      Policies: [{PolicyName: 'read', PolicyDocument: {...readOnly, Statement: [...readOnly.Statement].reverse()}}],
    }
    const lines: Record<string, number> = {'/AssumeRolePolicyDocument/Statement/0': 12}
    expect(compareProperties(desired, actual, rules, (pointer) => lines[pointer])).toEqual({differences: [], notChecked: []})

    const widened = {...actual, AssumeRolePolicyDocument: {...trust, Statement: [{...trust.Statement[0], Action: ['sts:AssumeRole', 'sts:TagSession']}]}}
    expect(compareProperties(desired, widened, rules, (pointer) => lines[pointer] ?? (pointer.startsWith('/AssumeRolePolicyDocument/Statement/0') ? 12 : undefined)).differences).toEqual([
      {path: '/AssumeRolePolicyDocument/Statement/0/Action', expected: 'sts:AssumeRole', actual: ['sts:AssumeRole', 'sts:TagSession'], kind: 'NOT_EQUAL', line: 12},
    ])
  })
})

// Whether writing one document over another lets anyone do more (a revert that does needs --approve-critical).
describe('a document written over another: does it allow more?', () => {
  const [read, secure] = readOnly.Statement
  const allow = (Action: unknown, Resource: unknown = 'arn:aws:s3:::artefacts/*', more: Record<string, unknown> = {}) => ({Statement: [{Effect: 'Allow', Action, Resource, ...more}]})
  const trustedBy = (Principal: unknown) => ({Statement: [{Effect: 'Allow', Principal, Action: 'sts:AssumeRole'}]})

  it.each([
    ['the same document as written another way', readOnly, {...readOnly, Statement: [{...secure, Action: ['S3:*']}, read]}],
    ['fewer actions than a wildcard allows now', allow(['s3:GetObject', 's3:PutObject']), allow('s3:*')],
    ['an action pattern inside a wider one', allow('s3:Get*'), allow(['s3:*'])],
    ['a resource inside a wildcard resource', allow('s3:GetObject', 'arn:aws:s3:::artefacts/builds/*'), allow('s3:GetObject', 'arn:aws:s3:::artefacts/*')],
    ['a condition added to an unconditional statement', allow('s3:GetObject', undefined, {Condition: {Bool: {'aws:SecureTransport': 'true'}}}), allow('s3:GetObject')],
    ['a statement dropped', {Statement: [read]}, {Statement: [read, {Effect: 'Allow', Action: 'iam:*', Resource: '*'}]}],
    ['a Deny added', readOnly, {Statement: [read]}],
    ['a trust policy narrowed from the account to one service', trustedBy({Service: 'ecs-tasks.amazonaws.com'}), trustedBy({Service: 'ecs-tasks.amazonaws.com', AWS: '123456789012'})],
  ])('GIVEN %s WHEN written THEN it allows nothing more', (_, next, current) => {
    expect(grantsBeyond(next, current)).toEqual([])
  })

  it.each([
    ['an action AWS does not allow now', allow(['s3:GetObject', 's3:DeleteObject']), allow('s3:GetObject'), ['Statement/0']],
    ['a wildcard over a narrower pattern', allow('s3:*'), allow('s3:Get*'), ['Statement/0']],
    ['a pattern whose ? would stand for the value\'s own *', allow('s3:Get*'), allow('s3:Get?'), ['Statement/0']],
    ['a wider resource', allow('s3:GetObject', '*'), allow('s3:GetObject'), ['Statement/0']],
    ['a condition dropped', allow('s3:GetObject'), allow('s3:GetObject', undefined, {Condition: {Bool: {'aws:SecureTransport': 'true'}}}), ['Statement/0']],
    ['NotAction, which cannot be proven narrower', allow(undefined, '*', {NotAction: 'iam:*'}), allow('s3:*', '*'), ['Statement/0']],
    ['a policy written where there was none', {Statement: [{Sid: 'Read', ...read}]}, undefined, ['Statement/0 (Read)']],
    ['a Deny dropped', {Statement: [read]}, readOnly, ['Deny dropped: Statement/1']],
    ['a Deny narrowed by a condition', {Statement: [read, {...secure, Condition: {Bool: {'aws:SecureTransport': 'false'}, StringEquals: {'aws:PrincipalAccount': '123456789012'}}}]}, readOnly, ['Deny dropped: Statement/1']],
    ['a trust policy opened to the account', trustedBy({AWS: '123456789012'}), trustedBy({Service: 'ecs-tasks.amazonaws.com'}), ['Statement/0']],
    ['a trust policy opened to everyone', trustedBy('*'), trustedBy({AWS: 'arn:aws:iam::123456789012:root'}), ['Statement/0']],
  ])('GIVEN %s WHEN written THEN that statement allows more', (_, next, current, wider) => {
    expect(grantsBeyond(next, current)).toEqual(wider)
  })

  it('GIVEN hostile wildcards from AWS WHEN matched THEN the answer comes at once (no regular expression built from AWS text)', () => {
    const patterns = `${'a*'.repeat(40)}b`
    const started = performance.now()
    expect(grantsBeyond(allow(`s3:${'a'.repeat(5000)}`, '*'), allow(`s3:${patterns}`, '*'))).toEqual(['Statement/0'])
    expect(performance.now() - started).toBeLessThan(1000)
  })
})
