import type {GetAccountAuthorizationDetailsCommandOutput} from '@aws-sdk/client-iam'
import {describe, expect, it} from 'vitest'

import {analyseDrift} from '../../../src/core/diff/analyse.js'
import {planRevert} from '../../../src/core/plan/revert-plan.js'
import {assessDrift} from '../../../src/core/risk/assess.js'
import {iamManagedPolicy, managedPolicyFromAws} from '../../../src/core/resources/iam-managed-policy.js'
import {desired, model, options, ref, snapshot} from '../diff/builders.js'
import {expectNoAbsentValues, fixture, region} from './mapping-helpers.js'

const details = fixture<GetAccountAuthorizationDetailsCommandOutput>('iam-get-account-authorization-details')
const [artifactRead] = details.Policies!
const ARN = 'arn:aws:iam::123456789012:policy/artifact-read'
const read = {Version: '2012-10-17', Statement: [{Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::acme-artifacts', 'arn:aws:s3:::acme-artifacts/*']}]}
const policy = managedPolicyFromAws(artifactRead, ['deployer'], region)

describe('AWS::IAM::ManagedPolicy mapping', () => {
  it('GIVEN GetAccountAuthorizationDetails\' policy detail WHEN mapped THEN the default version\'s document is an object, the attached roles a sorted set, and the versions what a revert needs', () => {
    expect(policy).toEqual({
      type: 'AWS::IAM::ManagedPolicy',
      region,
      physicalId: ARN,
      arn: ARN,
      properties: {ManagedPolicyName: 'artifact-read', Path: '/', Description: 'Read the build artefacts', PolicyDocument: read, Roles: ['deployer']},
      tags: {},
      attributes: {PolicyArn: ARN, PolicyId: 'ANPAEXAMPLEARTIFACT01', DefaultVersionId: 'v2', AttachmentCount: 1, IsAttachable: true, VersionCount: 2, OldestNonDefaultVersionId: 'v1'},
    })
    expectNoAbsentValues(policy)
  })

  it('GIVEN a detail without PolicyName (moto leaves it out) WHEN mapped THEN the name is the ARN\'s last segment', () => {
    const {PolicyName: _name, ...unnamed} = artifactRead
    expect(managedPolicyFromAws({...unnamed, Arn: 'arn:aws:iam::123456789012:policy/ial/ial-prod-api-config-read'}, [], region).properties.ManagedPolicyName).toBe('ial-prod-api-config-read')
  })

  it('GIVEN a policy CloudFormation named itself WHEN matched THEN it is found by its name without the suffix; a named one by its name', () => {
    const generated = managedPolicyFromAws({...artifactRead, PolicyName: 'ial-prod-10-security-ApiConfigReadPolicy-1X2Y3Z4W5V6U', Arn: 'arn:aws:iam::123456789012:policy/g'}, [], region)
    expect(iamManagedPolicy.actualKeys(generated)).toContain('generated:ial-prod-10-security-ApiConfigReadPolicy')
    expect(iamManagedPolicy.desiredKeys({logicalId: 'ApiConfigReadPolicy', stackName: 'ial-prod-10-security', properties: {}})[0]).toBe('generated:ial-prod-10-security-ApiConfigReadPolicy')
    expect(iamManagedPolicy.desiredKeys({logicalId: 'ArtifactRead', stackName: 's', properties: {ManagedPolicyName: 'artifact-read'}})[0]).toBe('name:artifact-read')
  })
})

describe('AWS::IAM::ManagedPolicy drift and revert', () => {
  const declared = (document: unknown) => desired('ArtifactRead', iamManagedPolicy.type, {ManagedPolicyName: 'artifact-read', Description: 'Read the build artefacts', PolicyDocument: document, Roles: [ref('Deployer')]})
  const deployer = desired('Deployer', 'AWS::IAM::Role', {RoleName: 'deployer', AssumeRolePolicyDocument: {Statement: []}})
  const analyse = (document: unknown, aws = policy) => assessDrift(analyseDrift(model([deployer, declared(document)]), snapshot([aws], {types: [iamManagedPolicy.type]}), options()), options())
  const revert = (analysis: ReturnType<typeof analyse>, approveCritical = true) =>
    planRevert(analysis, {enabled: true, maxResources: 10, severityLimit: 'medium', forbid: [], allowRestart: false, approveCritical, interactive: false, applyImmediately: false, configHash: 'c', phasesCommit: null, createdAt: '2026-12-02T00:00:00.000Z'}).entries.find((entry) => entry.itemId === 'ArtifactRead')!

  it('GIVEN the policy as declared WHEN checked THEN in sync (the document by meaning, the role by name)', () => {
    expect(analyse({...read, Statement: [{...read.Statement[0], Action: ['S3:ListBucket', 's3:getobject']}]}).items).toEqual([])
  })

  it('GIVEN the default version widened by hand WHEN checked and reverted THEN critical drift at the statement, put back by CreatePolicyVersion (default) with the whole declared document, rolled back to v2', () => {
    const narrow = {Version: '2012-10-17', Statement: [{Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-artifacts/*'}]}
    const analysis = analyse(narrow)
    expect(analysis.items).toEqual([expect.objectContaining({id: 'ArtifactRead', severity: 'critical', recommended: 'revert', differences: [expect.objectContaining({path: '/PolicyDocument/Statement/0', kind: 'REMOVE'}), expect.objectContaining({path: '/PolicyDocument/Statement/1', kind: 'ADD', actual: read.Statement[0]})]})])
    const entry = revert(analysis)
    expect(entry).toMatchObject({decision: 'revert', reason: 'in place by IAM.CreatePolicyVersion'})
    expect(entry.weakens).toBeUndefined()
    expect(entry.actions).toEqual([
      {api: 'IAM.CreatePolicyVersion', params: {PolicyArn: ARN, PolicyDocument: JSON.stringify(narrow), SetAsDefault: true}, rollback: {api: 'IAM.SetDefaultPolicyVersion', params: {PolicyArn: ARN, VersionId: 'v2'}}},
    ])
  })

  it('GIVEN five versions WHEN reverted THEN the call names the oldest non-default version to delete first (never the default)', () => {
    const versions = ['v1', 'v3', 'v4', 'v5'].map((VersionId, index) => ({VersionId, IsDefaultVersion: false, CreateDate: new Date(Date.UTC(2026, 0, 10 - index))}))
    const five = managedPolicyFromAws({...artifactRead, PolicyVersionList: [...versions, artifactRead.PolicyVersionList![1]]}, ['deployer'], region)
    const entry = revert(analyse({Version: '2012-10-17', Statement: [{Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-artifacts/*'}]}, five))
    expect(entry.actions[0].params).toMatchObject({SetAsDefault: true, DeleteNonDefaultVersionFirst: 'v5'})
  })

  it('GIVEN Git\'s document allows more than AWS\'s WHEN reverted THEN it weakens security and needs --approve-critical', () => {
    const wider = {Version: '2012-10-17', Statement: [{Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::acme-artifacts/*'}]}
    expect(revert(analyse(wider), false)).toMatchObject({decision: 'refused', reason: expect.stringContaining('weakens security although Git says so (puts back a document that allows more than AWS\'s now (Statement/0))')})
    expect(revert(analyse(wider), true)).toMatchObject({decision: 'revert', weakens: 'puts back a document that allows more than AWS\'s now (Statement/0)'})
  })

  it('GIVEN the description changed by hand WHEN reverted THEN it cannot be (a new policy), and no call is planned', () => {
    const entry = revert(analyse(read, {...policy, properties: {...policy.properties, Description: 'changed'}}))
    expect(entry).toMatchObject({decision: 'cannot-revert', actions: []})
  })
})
