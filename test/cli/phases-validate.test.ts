import {describe, expect, it} from 'vitest'

import {createWorkspace, REPO_ROOT, runCli} from '../helpers/cli.js'
import {workdir} from '../core/phases/helpers.js'

// The built CLI, as users run it (`npm test` builds dist first), in the given directory; the workspace only provides HOME.
const workspace = createWorkspace()
const ialctl = (args: string[], cwd: string) => runCli(workspace, args, {cwd})

const brokenEstate = () =>
  workdir({
    'infra/00-foundation/01-vpc.yaml': ['Resources:', '  Vpc:', '    Type: AWS::EC2::VPC', '    Properties:', '      CidrBlock: 10.0.0.0/16', ''].join('\n'),
    'infra/10-security/01-groups.yaml': ['Resources:', '  WebSecurityGroup:', '    Type: AWS::EC2::SecurityGroup', '    Properties: {GroupName: web', ''].join('\n'),
    'infra/20-network/01-subnets.yaml': [
      'Resources:', // 1
      '  Vpc:', // 2
      '    Type: AWS::EC2::VPC', // 3
      '  Subnet:', // 4
      '    Type: AWS::EC2::Subnet', // 5
      '    Properties:', // 6
      '      VpcId: !Ref MainVpc', // 7
      '',
    ].join('\n'),
    'infra/30-compute/01-services.yaml': [
      'Resources:', // 1
      '  Api:', // 2
      '    Type: AWS::ECS::Service', // 3
      '    Properties:', // 4
      '      TaskDefinition: !Ref ApiTask', // 5
      '  ApiTask:', // 6
      '    Type: AWS::ECS::TaskDefinition', // 7
      '    DependsOn: Api', // 8
      '',
    ].join('\n'),
  })

describe('ialctl phases validate', () => {
  it('GIVEN a malformed file, a duplicate id, a dangling !Ref and a cycle WHEN validated THEN all four are printed with file:line:col and it exits 1', async () => {
    const {stdout, code} = await ialctl(['phases', 'validate', '--phases', 'infra'], brokenEstate())
    expect(stdout.trim().split('\n')).toEqual([
      'infra/10-security/01-groups.yaml:5:1: Flow map in block collection must be sufficiently indented and end with a }',
      "infra/20-network/01-subnets.yaml:2:3: duplicate logical id 'Vpc' (first defined at infra/00-foundation/01-vpc.yaml:2); logical ids must be unique across all phases",
      "infra/20-network/01-subnets.yaml:7:14: !Ref MainVpc: no resource or parameter named 'MainVpc' in any phase",
      'infra/30-compute/01-services.yaml:5:23: dependency cycle: Api -> ApiTask -> Api',
      '4 problems in 4 phases, 4 resources',
    ])
    expect(code).toBe(1)
  })

  it('GIVEN the same estate WHEN validated with --json THEN stdout is the result as data and it exits 1', async () => {
    const {stdout, code} = await ialctl(['phases', 'validate', '--phases', 'infra', '--json'], brokenEstate())
    const result = JSON.parse(stdout)
    expect(result).toMatchObject({valid: false, phases: ['00-foundation', '10-security', '20-network', '30-compute'], resources: 4})
    expect(result.problems.map((problem: {code: string; file: string; line: number; column: number}) => `${problem.code} ${problem.file}:${problem.line}:${problem.column}`)).toEqual([
      'yaml-syntax infra/10-security/01-groups.yaml:5:1',
      'duplicate-logical-id infra/20-network/01-subnets.yaml:2:3',
      'dangling-reference infra/20-network/01-subnets.yaml:7:14',
      'dependency-cycle infra/30-compute/01-services.yaml:5:23',
    ])
    expect(code).toBe(1)
  })

  it('GIVEN a --phase selection WHEN validated THEN only problems of that phase are reported', async () => {
    const {stdout, code} = await ialctl(['phases', 'validate', '--phases', 'infra', '--phase', '30-compute'], brokenEstate())
    expect(stdout.trim().split('\n')).toEqual(['infra/30-compute/01-services.yaml:5:23: dependency cycle: Api -> ApiTask -> Api', '1 problem in 1 phase, 2 resources'])
    expect(code).toBe(1)
  })

  it('GIVEN an anchor, an alias and a merge key (YAML CloudFormation does not accept) WHEN validated and checked THEN each is named at file:line:col and both exit 1', async () => {
    const cwd = workdir({
      'infra/00-foundation/01-vpc.yaml': [
        'Resources:', // 1
        '  Vpc:', // 2
        '    Type: AWS::EC2::VPC', // 3
        '    Properties:', // 4
        '      CidrBlock: 10.0.0.0/16', // 5
        '      Tags:', // 6
        '        - &owner {Key: Owner, Value: team-a}', // 7
        '        - *owner', // 8
        '        - <<: {Key: Env}', // 9
        '          Value: prod', // 10
        '',
      ].join('\n'),
    })
    const validate = await ialctl(['phases', 'validate', '--phases', 'infra'], cwd)
    expect(validate.stdout.trim().split('\n')).toEqual([
      'infra/00-foundation/01-vpc.yaml:7:11: YAML anchor &owner is not allowed: CloudFormation does not accept anchors and aliases; write the value out',
      'infra/00-foundation/01-vpc.yaml:8:11: YAML alias *owner is not allowed: CloudFormation does not accept anchors and aliases; write the value out',
      'infra/00-foundation/01-vpc.yaml:9:11: YAML merge key << is not allowed: CloudFormation does not accept it; write the keys out',
      '3 problems in 1 phase, 0 resources',
    ])
    expect(validate.code).toBe(1)

    const check = await ialctl(['drift', 'check', '--phases', 'infra', '--snapshot', `${REPO_ROOT}/test/fixtures/demo-snapshot.json`], cwd)
    expect(check.code).toBe(1)
    expect(check.stdout).toBe('')
    expect(check.stderr).toMatch(/^Error: the phases have 3 problems: infra\/00-foundation\/01-vpc\.yaml:7:11: YAML anchor &owner is not allowed/)
  })

  it('GIVEN a phases directory that does not exist WHEN validated THEN one line on stderr and exit 1', async () => {
    const {stdout, stderr, code} = await ialctl(['phases', 'validate', '--phases', 'nowhere'], workdir({}))
    expect(stdout).toBe('')
    expect(stderr.trim()).toBe('Error: phases directory nowhere does not exist (pass --phases DIR or set phases.dir in the config)')
    expect(code).toBe(1)
  })

  it("GIVEN the repository's example estate and config WHEN validated THEN it is valid, warns about the unsupported types, and exits 0", async () => {
    const {stdout, code} = await ialctl(['phases', 'validate'], REPO_ROOT)
    expect(stdout.trim().split('\n')).toEqual([
      'phases/10-security/04-data-key.yaml:45: warning: DataKeyAlias is AWS::KMS::Alias, a type ialctl does not read: it is not compared (reports list it as unsupported)',
      'phases/30-compute/06-ecs-capacity.yaml:22: warning: EcsCapacityLaunchTemplate is AWS::EC2::LaunchTemplate, a type ialctl does not read: it is not compared (reports list it as unsupported)',
      'phases/40-data/01-db-subnet-group.yaml:13: warning: DbSubnetGroup is AWS::RDS::DBSubnetGroup, a type ialctl does not read: it is not compared (reports list it as unsupported)',
      'valid: 6 phases, 40 resources (3 of unsupported types, not compared)',
    ])
    expect(code).toBe(0)
  })

  it('GIVEN a misspelled property WHEN validated THEN it is an error with the closest name, and drift check refuses the phases instead of reporting drift', async () => {
    const dir = workdir({
      'phases/30-compute/01-web.yaml': ['Resources:', '  Web:', '    Type: AWS::EC2::Instance', '    Properties:', '      ImageId: ami-1', '      InstanceTyp: t3.micro', '      UserData: !Base64 "echo hi"', ''].join('\n'),
      'snapshot.json': JSON.stringify({schemaVersion: 1, readAt: '2026-11-23T06:00:00.000Z', regions: ['us-east-1'], types: ['AWS::EC2::Instance'], unread: [], apiCalls: {}, resources: []}),
    })
    const validate = await ialctl(['phases', 'validate'], dir)
    expect(validate.stdout.trim().split('\n')).toEqual([
      "phases/30-compute/01-web.yaml:6:7: resource Web: unknown property 'InstanceTyp' of AWS::EC2::Instance (did you mean 'InstanceType'?)",
      '1 problem in 1 phase, 1 resource',
    ])
    expect(validate.code).toBe(1)
    const check = await ialctl(['drift', 'check', '--snapshot', 'snapshot.json', '--region', 'us-east-1'], dir)
    expect(check.stdout).not.toContain('InstanceTyp not in AWS')
    expect(check.stderr).toContain("unknown property 'InstanceTyp' of AWS::EC2::Instance (did you mean 'InstanceType'?)")
    expect(check.code).toBe(1)
  })

  it('GIVEN more than ten resources of unsupported types WHEN validated THEN ten are named, the rest counted, --json lists all, and it exits 0', async () => {
    const topics = Array.from({length: 12}, (_, index) => [`  Topic${index}:`, '    Type: AWS::CloudFormation::WaitConditionHandle'].join('\n')).join('\n')
    const dir = workdir({'phases/50-messaging/01-topics.yaml': `Resources:\n${topics}\n`})
    const {stdout, code} = await ialctl(['phases', 'validate'], dir)
    const lines = stdout.trim().split('\n')
    expect(lines.filter((line) => line.includes(': warning: '))).toHaveLength(10)
    expect(lines.slice(-2)).toEqual(['… and 2 more resources of unsupported types (--json lists them all)', 'valid: 1 phase, 12 resources (12 of unsupported types, not compared)'])
    expect(code).toBe(0)
    const json = JSON.parse((await ialctl(['phases', 'validate', '--json'], dir)).stdout)
    expect(json.unsupported).toHaveLength(12)
    expect(json.unsupported[11]).toEqual({id: 'Topic11', type: 'AWS::CloudFormation::WaitConditionHandle', location: {file: 'phases/50-messaging/01-topics.yaml', line: 24}})
  })
})
