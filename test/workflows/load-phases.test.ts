import {realpathSync, symlinkSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {describe, expect, it} from 'vitest'

import {Intrinsic} from '../../src/core/model.js'
import {UsageError} from '../../src/errors.js'
import {loadPhases} from '../../src/workflows/load-phases.js'
import {workdir} from '../core/phases/helpers.js'

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

const bucket = (id: string, extra = '') => `Resources:\n  ${id}:\n    Type: AWS::S3::Bucket\n${extra}`

describe('loadPhases', () => {
  it('GIVEN phases out of numeric order on disk WHEN loaded THEN phases apply by number and files by name, templates only', async () => {
    const cwd = workdir({
      'phases/20-network/02-b.yml': bucket('NetworkB'),
      'phases/20-network/01-a.yaml': bucket('NetworkA'),
      'phases/20-network/README.md': '# not a template',
      'phases/03-base/01-base.yaml': bucket('Base'),
      'phases/100-late/01.yaml': bucket('Late'),
    })
    const {model} = await loadPhases({dir: 'phases', cwd})
    expect(model.phases).toEqual(['03-base', '20-network'])
    expect(model.resources.map((resource) => `${resource.file} ${resource.logicalId}`)).toEqual([
      'phases/03-base/01-base.yaml Base',
      'phases/20-network/01-a.yaml NetworkA',
      'phases/20-network/02-b.yml NetworkB',
    ])
  })

  it('GIVEN a stack name pattern WHEN loaded THEN {phase} and {file} name each resource stack', async () => {
    const cwd = workdir({'phases/30-compute/02-ecs-cluster.yaml': bucket('Cluster')})
    const defaults = await loadPhases({dir: 'phases', cwd})
    const custom = await loadPhases({dir: 'phases', cwd, stackName: 'acme-{phase}--{file}'})
    expect(defaults.model.resources[0].stackName).toBe('30-compute-02-ecs-cluster')
    expect(custom.model.resources[0].stackName).toBe('acme-30-compute--02-ecs-cluster')
  })

  it('GIVEN config parameters and Defaults WHEN loaded THEN config wins, then Default, and a parameter with neither is absent', async () => {
    const cwd = workdir({
      'phases/00-base/01.yaml': 'Parameters:\n  Environment: {Type: String, Default: staging}\n  ImageId: {Type: String, Default: ami-1}\n  KeyName: {Type: String}\n' + bucket('Logs', '    Properties: {BucketName: !Sub "${Environment}-logs"}\n'),
    })
    const {model} = await loadPhases({dir: 'phases', cwd, parameters: {Environment: 'production', Unused: 'x'}})
    expect(model.parameters).toEqual({Environment: 'production', ImageId: 'ami-1'})
    expect(model.resources[0].properties.BucketName).toStrictEqual(new Intrinsic('Fn::Sub', '${Environment}-logs'))
  })

  it('GIVEN a phases directory given by absolute path WHEN loaded THEN files are still relative to the working directory', async () => {
    const cwd = workdir({'infra/phases/00-base/01.yaml': bucket('Logs')})
    const {model} = await loadPhases({dir: path.join(cwd, 'infra/phases'), cwd})
    expect(model.phasesDir).toBe('infra/phases')
    expect(model.resources[0].file).toBe('infra/phases/00-base/01.yaml')
    expect(model.resources[0].location).toEqual({file: 'infra/phases/00-base/01.yaml', line: 2, column: 3})
  })

  it('GIVEN a selection by name and by number WHEN loaded THEN only those phases are modelled, and their references into other phases resolve', async () => {
    const cwd = workdir({
      'phases/00-foundation/01.yaml': 'Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n',
      'phases/20-network/01.yaml': 'Resources:\n  Subnet:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Vpc}\n',
      'phases/30-compute/01.yaml': 'Resources:\n  Broken:\n    Properties: {}\n',
      'phases/40-data/01.yaml': bucket('Data'),
    })
    const {model, problems} = await loadPhases({dir: 'phases', cwd, select: ['40', '20-network']})
    expect(model.phases).toEqual(['20-network', '40-data'])
    expect(model.resources.map((resource) => resource.logicalId)).toEqual(['Subnet', 'Data'])
    expect(problems).toEqual([])
  })

  it('GIVEN a logical id declared in two phases WHEN loaded THEN the model keeps the first, so consumers can key by id', async () => {
    const cwd = workdir({'phases/00-a/01.yaml': bucket('Logs'), 'phases/10-b/01.yaml': 'Resources:\n  Logs:\n    Type: AWS::EC2::VPC\n'})
    const {model, problems} = await loadPhases({dir: 'phases', cwd})
    expect(model.resources.map((resource) => `${resource.logicalId} ${resource.type} ${resource.phase}`)).toEqual(['Logs AWS::S3::Bucket 00-a'])
    expect(problems.map((problem) => problem.code)).toEqual(['duplicate-logical-id'])
  })

  it('GIVEN a selection naming no phase WHEN loaded THEN it is a usage error listing the phases', async () => {
    const cwd = workdir({'phases/00-foundation/01.yaml': bucket('Logs')})
    const error = await loadPhases({dir: 'phases', cwd, select: ['30-compute']}).catch((error_: unknown) => error_)
    expect(error).toBeInstanceOf(UsageError)
    expect((error as UsageError).line).toBe("no phase named '30-compute' in phases (phases: 00-foundation)")
  })

  it('GIVEN no phases directory WHEN loaded THEN it is a usage error saying what to do', async () => {
    const error = await loadPhases({dir: 'missing', cwd: workdir({})}).catch((error_: unknown) => error_)
    expect(error).toBeInstanceOf(UsageError)
    expect((error as UsageError).line).toBe('phases directory missing does not exist (pass --phases DIR or set phases.dir in the config)')
  })

  it('GIVEN an empty phases directory WHEN loaded THEN the model is empty and "no phases found" is a problem', async () => {
    const cwd = workdir({'phases/.keep': ''})
    const {model, problems} = await loadPhases({dir: 'phases', cwd})
    expect(model.resources).toEqual([])
    expect(problems).toEqual([{file: 'phases', line: 1, column: 1, code: 'no-phases', message: 'no phases found in phases (expected directories named NN-name, e.g. 00-foundation)'}])
  })

  it('GIVEN directories that are not NN-name WHEN loaded THEN each is a problem and its templates are not read', async () => {
    const cwd = workdir({
      'phases/00-foundation/01.yaml': bucket('Logs'),
      'phases/5-misc/01.yaml': bucket('Misc'),
      'phases/30-Compute/01.yaml': bucket('Compute'),
      'phases/.git/config': '',
    })
    const {model, problems} = await loadPhases({dir: 'phases', cwd})
    expect(model.resources.map((resource) => resource.logicalId)).toEqual(['Logs'])
    expect(problems.map((problem) => `${problem.file}:${problem.line}:${problem.column} ${problem.code}`)).toEqual(['phases/30-Compute:1:1 invalid-phase-name', 'phases/5-misc:1:1 invalid-phase-name'])
    expect(problems[1].message).toBe("phase directory '5-misc' does not match NN-name (two digits, a dash, lower-case letters, digits and dashes, e.g. 30-compute); its templates are not read")
  })

  it('GIVEN a template that is not UTF-8 WHEN loaded THEN the file is reported and the others load', async () => {
    const cwd = workdir({
      'phases/00-base/01-latin1.yaml': Buffer.from([...Buffer.from('Description: caf'), 0xe9, 0x0a]),
      'phases/00-base/02-ok.yaml': bucket('Logs'),
    })
    const {model, problems} = await loadPhases({dir: 'phases', cwd})
    expect(problems).toEqual([{file: 'phases/00-base/01-latin1.yaml', line: 1, column: 17, code: 'not-utf8', message: 'file is not valid UTF-8 (save it as UTF-8)'}])
    expect(model.resources.map((resource) => resource.logicalId)).toEqual(['Logs'])
  })

  it("GIVEN the repository's own example estate WHEN loaded with its config THEN it is valid and covers every supported type", async () => {
    const {model, problems} = await loadPhases({dir: 'phases', cwd: repositoryRoot, parameters: {Environment: 'production'}})
    expect(problems).toEqual([])
    expect(model.phases).toEqual(['00-foundation', '10-security', '20-network', '25-messaging', '30-compute', '40-data'])
    expect(new Set(model.resources.map((resource) => resource.type))).toEqual(
      new Set([
        'AWS::EC2::VPC',
        'AWS::EC2::Subnet',
        'AWS::EC2::SecurityGroup',
        'AWS::EC2::Instance',
        'AWS::ECS::Cluster',
        'AWS::ECS::TaskDefinition',
        'AWS::ECS::Service',
        'AWS::RDS::DBCluster',
        'AWS::RDS::DBInstance',
        'AWS::ElasticLoadBalancingV2::LoadBalancer',
        'AWS::ElasticLoadBalancingV2::TargetGroup',
        'AWS::ElasticLoadBalancingV2::Listener',
        'AWS::CloudWatch::Alarm',
        'AWS::SQS::Queue',
        'AWS::Logs::LogGroup',
        'AWS::SNS::Topic',
        'AWS::DynamoDB::Table',
        'AWS::Lambda::Function',
        'AWS::S3::Bucket',
        'AWS::S3::BucketPolicy',
        'AWS::AutoScaling::AutoScalingGroup',
        'AWS::EC2::LaunchTemplate',
        'AWS::IAM::Role',
        'AWS::IAM::ManagedPolicy',
        'AWS::KMS::Key',
        'AWS::KMS::Alias',
        'AWS::RDS::DBSubnetGroup',
      ]),
    )
    const alarm = model.resources.find((resource) => resource.properties.AlarmName === 'IAL-DriftDetected')
    expect(alarm?.properties).toMatchObject({Namespace: 'IAL/Drift', MetricName: 'DriftCount', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold'})
  })

  it('GIVEN the example estate WHEN loaded THEN every EC2 resource has a Name tag and every tagged resource ManagedBy: ialctl', async () => {
    const {model} = await loadPhases({dir: 'phases', cwd: repositoryRoot})
    const tagsOf = (properties: Record<string, unknown>) => Object.fromEntries(((properties.Tags ?? []) as Array<{Key: string; Value: unknown}>).map((tag) => [tag.Key, tag.Value]))
    for (const resource of model.resources) {
      // CloudFormation has no Tags property for a managed policy, a bucket policy or a KMS alias, nor for a launch
      // template (its tags are TagSpecifications, given to what it launches); cfn-lint's listener schema has none
      // either (ELBv2 tags listeners through its API, and newer CloudFormation schemas list Tags).
      const untaggable = ['AWS::IAM::ManagedPolicy', 'AWS::S3::BucketPolicy', 'AWS::KMS::Alias', 'AWS::EC2::LaunchTemplate', 'AWS::ElasticLoadBalancingV2::Listener']
      if (untaggable.includes(resource.type)) continue
      const tags = tagsOf(resource.properties)
      expect(tags.ManagedBy, resource.logicalId).toBe('ialctl')
      if (resource.type.startsWith('AWS::EC2::')) expect(typeof tags.Name, resource.logicalId).toBe('string')
    }
  })
})

describe('loadPhases: links and sizes (SPEC 10)', () => {
  const problemLines = (problems: {file: string; line: number; column: number; code: string; message: string}[]) => problems.map((problem) => `${problem.file}:${problem.line}:${problem.column} ${problem.code}: ${problem.message}`)

  it('GIVEN a phase file and a phase directory linked from inside the repository WHEN loaded THEN both are read', async () => {
    const cwd = workdir({'.git/HEAD': 'ref: refs/heads/main\n', 'shared/01-shared.yaml': bucket('Shared'), 'shared-phase/01-x.yaml': bucket('Linked'), 'phases/10-base/01-base.yaml': bucket('Base')})
    symlinkSync('../../shared/01-shared.yaml', path.join(cwd, 'phases/10-base/02-shared.yaml'))
    symlinkSync('../shared-phase', path.join(cwd, 'phases/20-linked'))
    const {model, problems} = await loadPhases({dir: 'phases', cwd})
    expect(problems).toEqual([])
    expect(model.resources.map((resource) => `${resource.file} ${resource.logicalId}`)).toEqual(['phases/10-base/01-base.yaml Base', 'phases/10-base/02-shared.yaml Shared', 'phases/20-linked/01-x.yaml Linked'])
  })

  it('GIVEN links that leave the repository, point at nothing or loop WHEN loaded THEN each is a problem naming the link, and nothing behind it is read', async () => {
    const outside = workdir({'01-outside.yaml': bucket('Outside'), '30-evil/01-x.yaml': bucket('Evil')})
    const cwd = workdir({'.git/HEAD': 'ref: refs/heads/main\n', 'phases/10-base/01-base.yaml': bucket('Base')})
    symlinkSync(path.join(outside, '01-outside.yaml'), path.join(cwd, 'phases/10-base/02-outside.yaml'))
    symlinkSync(path.join(outside, '30-evil'), path.join(cwd, 'phases/30-evil'))
    symlinkSync('missing.yaml', path.join(cwd, 'phases/10-base/03-dangling.yaml'))
    symlinkSync('04-loop.yaml', path.join(cwd, 'phases/10-base/04-loop.yaml'))
    const {model, problems} = await loadPhases({dir: 'phases', cwd})
    const realOutside = realpathSync(outside)
    expect(problemLines(problems)).toEqual([
      `phases/10-base/02-outside.yaml:1:1 symlink-outside-repository: symbolic link to ${realOutside}/01-outside.yaml, outside the repository (${realpathSync(cwd)}); it is not read`,
      'phases/10-base/03-dangling.yaml:1:1 unreadable-file: symbolic link points at nothing; it is not read',
      'phases/10-base/04-loop.yaml:1:1 unreadable-file: symbolic link loops; it is not read',
      `phases/30-evil:1:1 symlink-outside-repository: symbolic link to ${realOutside}/30-evil, outside the repository (${realpathSync(cwd)}); it is not read`,
    ])
    expect(model.resources.map((resource) => resource.logicalId)).toEqual(['Base'])
  })

  it('GIVEN a template over the size limit WHEN loaded THEN one problem names its size and the limit, and it is not parsed', async () => {
    const cwd = workdir({'phases/10-base/01-big.yaml': bucket('Big', `    Properties:\n      BucketName: ${'x'.repeat(3000)}\n`), 'phases/10-base/02-small.yaml': bucket('Small')})
    const {model, problems} = await loadPhases({dir: 'phases', cwd, maxTemplateBytes: 2048})
    expect(problemLines(problems)).toEqual(['phases/10-base/01-big.yaml:1:1 too-large: template is 3079 bytes, over the limit of 2048 bytes (phases.maxTemplateBytes); it is not read'])
    expect(model.resources.map((resource) => resource.logicalId)).toEqual(['Small'])
  })
})
