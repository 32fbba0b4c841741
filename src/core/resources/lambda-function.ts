import type {FunctionConfiguration} from '@aws-sdk/client-lambda'
import {z} from 'zod'

import {digestDeclaredSecrets, digestedSecrets} from '../diff/secret-values.js'
import type {ActualResource} from '../model.js'
import {actualResource} from './aws-shape.js'
import {asCount, currentValue, type HealApiCall, NEVER_REVERTED, nonEmptyString, type PropertyRevert, refuse, type TagApi, tagKeyList} from './heal.js'
import {actualCloudFormationKeys, cloudFormationKey, critical, equalsJson, type ResourceTypeModule, str} from './types.js'

// Call budget (SPEC 9): ListFunctions, 50 per page (its maximum), answers every function's configuration, the
// environment included; the tagging API's GetResources (100 per page) answers every function's tags. No call per
// function: 2 calls per region + 0.02 per function + 0.01 per tagged function.

const VARIABLES = '/Environment/Variables'

/** Lambda's limits for the reverted settings: memory in MB, timeout in seconds. */
const MEMORY = {min: 128, max: 10_240}
const TIMEOUT = {min: 1, max: 900}

/** Lambda tags take a map; the rules are tagList's (at least one, no empty or `aws:` key), for a map. */
const tagMap = (name: string) =>
  z
    .record(z.string(), z.string(), {errorMap: () => ({message: `${name} must map at least one tag key to a value (aws: tags excluded)`})})
    .refine(
      (tags) => Object.keys(tags).length > 0 && Object.keys(tags).every((key) => key !== '' && !key.startsWith('aws:')),
      `${name} must map at least one tag key to a value (aws: tags excluded)`,
    )

/** Lambda tags a function by its ARN (unqualified: the tags belong to the function, not a version). */
const functionTags: TagApi = {
  set: (arn, tags) => ({api: 'Lambda.TagResource', params: {Resource: arn, Tags: tags}}),
  remove: (arn, values) => ({api: 'Lambda.UntagResource', params: {Resource: arn, TagKeys: Object.keys(values)}}),
  target: (actual) => actual.arn,
  calls: [
    {api: 'Lambda.TagResource', params: z.strictObject({Resource: nonEmptyString('Resource'), Tags: tagMap('Tags')})},
    {api: 'Lambda.UntagResource', params: z.strictObject({Resource: nonEmptyString('Resource'), TagKeys: tagKeyList('TagKeys')})},
  ],
}

const whole = (name: string, {min, max}: {min: number; max: number}) => {
  const message = `${name} must be a whole number from ${min} to ${max}`
  return z
    .number({errorMap: () => ({message})})
    .int(message)
    .min(min, message)
    .max(max, message)
}

/**
 * Memory and timeout put back by one UpdateFunctionConfiguration: the next invocations run with the template's values,
 * running ones finish with theirs (no restart). The runtime, the handler and the role are never reverted: a runtime
 * or handler that no longer matches the deployed code breaks every invocation, and the role is a security decision.
 */
const settingsRevert: PropertyRevert = {
  paths: ['/MemorySize', '/Timeout'],
  restartPaths: [],
  calls: [
    {
      api: 'Lambda.UpdateFunctionConfiguration',
      params: z
        .strictObject({FunctionName: nonEmptyString('FunctionName'), MemorySize: whole('MemorySize', MEMORY).optional(), Timeout: whole('Timeout', TIMEOUT).optional()})
        .refine((params) => params.MemorySize !== undefined || params.Timeout !== undefined, 'UpdateFunctionConfiguration must change MemorySize or Timeout'),
    },
  ],
  build(actual, changes) {
    const to: Record<string, number> = {}
    const from: Record<string, number> = {}
    for (const change of changes) {
      const name = change.path.slice(1)
      const limits = name === 'MemorySize' ? MEMORY : TIMEOUT
      const [before, after] = [asCount(currentValue(actual, change.path)), asCount(change.to)]
      if (after === undefined || after < limits.min || after > limits.max) return refuse(`${change.path} ${String(change.to)} is not ${limits.min} to ${limits.max}`)
      if (before === undefined) return refuse(`${change.path}: the function's value was not read`)
      ;[to[name], from[name]] = [after, before]
    }

    const call = (values: Record<string, number>): HealApiCall => ({api: 'Lambda.UpdateFunctionConfiguration', params: {FunctionName: actual.physicalId, ...values}})
    return {ok: true, actions: [{...call(to), rollback: call(from)}]}
  },
}

export const lambdaFunction: ResourceTypeModule = {
  type: 'AWS::Lambda::Function',
  service: 'lambda',
  readBudget: {fixedCalls: 2, callsPerResource: 0.03, basis: 'ListFunctions, 50 per page with the configuration and environment, and tags from the tagging API, 100 per page: no call per function'},
  actualKeys: (actual) => [`name:${str(actual.properties.FunctionName)}`, ...actualCloudFormationKeys(actual)],
  desiredKeys: ({logicalId, stackName, properties}) => [...(str(properties.FunctionName) ? [`name:${str(properties.FunctionName)}`] : []), cloudFormationKey(stackName, logicalId)],
  // Lambda keeps security groups and subnets as sets.
  setPaths: ['/VpcConfig/SecurityGroupIds', '/VpcConfig/SubnetIds'],
  // AWS answers the role's ARN; a key ARN and a dead-letter target ARN are answered as given.
  arnOrNamePaths: ['/Role'],
  // Variable values hold secrets (SPEC 10): compared by digest, never printed, codified or written back.
  secretPaths: [VARIABLES],
  // The template's values digested as the mapping digests AWS's, so that a report holds digests on both sides.
  desiredAsRead: (properties) => digestDeclaredSecrets(properties, [VARIABLES]),
  // ListFunctions answers none of these: the code's location (only its hash), the image settings, the code signing
  // configuration, reserved concurrency, the runtime update mode and the recursive-loop setting each have a call.
  notReturnedPaths: ['/Code', '/ImageConfig', '/CodeSigningConfigArn', '/ReservedConcurrentExecutions', '/RuntimeManagementConfig', '/RecursiveLoop'],
  ratings: [
    critical('/Role'),
    critical('/KmsKeyArn'),
    {path: '/Layers', severity: 'high', impact: ['security', 'availability']},
    {path: '/Runtime', severity: 'high', impact: ['security', 'availability']},
    {path: '/Environment', severity: 'high', impact: ['security', 'availability']},
    {path: '/VpcConfig', severity: 'high', impact: ['security', 'availability']},
    {path: '/Handler', severity: 'high', impact: ['availability']},
    {path: '/Architectures', severity: 'high', impact: ['availability']},
    {path: '/MemorySize', severity: 'medium', impact: ['availability', 'cost']},
    {path: '/Timeout', severity: 'medium', impact: ['availability', 'cost']},
  ],
  neverHealed: {
    '/Role': 'the execution role is a security decision for a person',
    '/Environment': 'environment variables hold secrets: ialctl never writes them',
    '/KmsKeyArn': 'which key encrypts the environment is a person’s decision',
  },
  tags: functionTags,
  revert: settingsRevert,
  neverReverted: {
    '/FunctionName': NEVER_REVERTED.replacement,
    '/PackageType': NEVER_REVERTED.replacement,
    '/Environment': 'environment variables hold secrets: ialctl never writes them (set them by hand or redeploy)',
    '/KmsKeyArn': NEVER_REVERTED.encryption,
    '/Runtime': 'a runtime that no longer matches the deployed code breaks every invocation: redeploy instead',
    '/Handler': 'a handler that no longer matches the deployed code breaks every invocation: redeploy instead',
  },
  awsDefaults: {
    '/MemorySize': 128,
    '/Timeout': 3,
    '/Architectures': equalsJson(['x86_64']),
    '/PackageType': 'Zip',
    '/EphemeralStorage': equalsJson({Size: 512}),
    '/TracingConfig': equalsJson({Mode: 'PassThrough'}),
    '/SnapStart': equalsJson({ApplyOn: 'None'}),
    '/VpcConfig/Ipv6AllowedForDualStack': false,
    '/LoggingConfig': (value, properties) => JSON.stringify(value) === JSON.stringify({LogFormat: 'Text', LogGroup: `/aws/lambda/${String(properties.FunctionName)}`}),
  },
  displayName: (actual) => str(actual.properties.FunctionName) ?? actual.physicalId,
}

/**
 * ListFunctions (FunctionConfiguration) + tags -> CloudFormation `AWS::Lambda::Function`; `!Ref` is the name. The
 * environment's values enter only as digests (SPEC 10): the clear values end here. A function whose environment
 * Lambda could not decrypt (`Environment.Error`: its key disabled or gone) answers no values: its declared variables
 * show as missing, which they are for every invocation.
 */
export function functionFromAws(config: FunctionConfiguration, tags: Readonly<Record<string, string>>, region: string): ActualResource {
  const name = config.FunctionName ?? ''
  const vpc = config.VpcConfig
  const variables = config.Environment?.Error ? undefined : digestedSecrets(config.Environment?.Variables)
  return actualResource({
    type: lambdaFunction.type,
    region,
    physicalId: name,
    arn: config.FunctionArn,
    properties: {
      FunctionName: name,
      Description: config.Description,
      Runtime: config.Runtime,
      Handler: config.Handler,
      Role: config.Role,
      MemorySize: config.MemorySize,
      Timeout: config.Timeout,
      Architectures: config.Architectures,
      PackageType: config.PackageType,
      // A function without variables answers no Environment, or an empty map: both are "none".
      Environment: variables && Object.keys(variables).length > 0 ? {Variables: variables} : undefined,
      KmsKeyArn: config.KMSKeyArn,
      Layers: config.Layers?.map((layer) => layer.Arn),
      // A function outside a VPC answers empty lists (and an empty VpcId): no VpcConfig, as its template has none.
      VpcConfig: vpc?.SubnetIds?.length ? {SubnetIds: vpc.SubnetIds, SecurityGroupIds: vpc.SecurityGroupIds, Ipv6AllowedForDualStack: vpc.Ipv6AllowedForDualStack} : undefined,
      DeadLetterConfig: config.DeadLetterConfig?.TargetArn ? {TargetArn: config.DeadLetterConfig.TargetArn} : undefined,
      TracingConfig: config.TracingConfig?.Mode ? {Mode: config.TracingConfig.Mode} : undefined,
      EphemeralStorage: config.EphemeralStorage?.Size === undefined ? undefined : {Size: config.EphemeralStorage.Size},
      SnapStart: config.SnapStart?.ApplyOn ? {ApplyOn: config.SnapStart.ApplyOn} : undefined,
      FileSystemConfigs: config.FileSystemConfigs?.map((fileSystem) => ({Arn: fileSystem.Arn, LocalMountPath: fileSystem.LocalMountPath})),
      LoggingConfig: config.LoggingConfig
        ? {LogFormat: config.LoggingConfig.LogFormat, ApplicationLogLevel: config.LoggingConfig.ApplicationLogLevel, SystemLogLevel: config.LoggingConfig.SystemLogLevel, LogGroup: config.LoggingConfig.LogGroup}
        : undefined,
    },
    tags: {...tags},
    attributes: {Arn: config.FunctionArn},
  })
}
