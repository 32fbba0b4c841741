// Synthetic estates for the benchmark: phase templates and a matching snapshot, with a realistic share of drift.
// Deterministic (a seeded generator), so two runs measure the same work.

import {mkdirSync, writeFileSync} from 'node:fs'
import path from 'node:path'

const RESOURCES_PER_FILE = 200
const REGION = 'us-east-1'

/** Mulberry32: small, fast, seedable. */
function random(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const tagsYaml = (name, indent) =>
  [`${indent}Tags:`, `${indent}  - {Key: Name, Value: ${name}}`, `${indent}  - {Key: ManagedBy, Value: ialctl}`, `${indent}  - {Key: Owner, Value: platform}`].join('\n')

/**
 * Each unit declares one resource of every supported type; the VPC is referenced by the subnet and the
 * security group, the cluster by the service, so matching has to resolve `!Ref` as in real templates.
 */
function unit(n) {
  const p = `U${n}`
  const vpcId = `vpc-${n.toString(16).padStart(8, '0')}`
  const name = (kind) => `bench-${kind}-${n}`
  const account = '123456789012'
  const clusterArn = `arn:aws:ecs:${REGION}:${account}:cluster/${name('cluster')}`
  const taskArn = `arn:aws:ecs:${REGION}:${account}:task-definition/${name('task')}:1`
  const desired = [
    [`${p}Vpc`, 'AWS::EC2::VPC', [`      CidrBlock: 10.0.0.0/16`, tagsYaml(name('vpc'), '      ')]],
    [`${p}Subnet`, 'AWS::EC2::Subnet', [`      VpcId: !Ref ${p}Vpc`, `      CidrBlock: 10.0.1.0/24`, tagsYaml(name('subnet'), '      ')]],
    [
      `${p}Sg`,
      'AWS::EC2::SecurityGroup',
      [
        `      GroupName: ${name('sg')}`,
        `      GroupDescription: bench`,
        `      VpcId: !Ref ${p}Vpc`,
        `      SecurityGroupIngress:`,
        `        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8}`,
        `        - {IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 10.0.0.0/8}`,
      ],
    ],
    [`${p}Instance`, 'AWS::EC2::Instance', [`      InstanceType: t3.micro`, `      ImageId: ami-0abcdef1234567890`, `      Monitoring: false`, tagsYaml(name('instance'), '      ')]],
    [`${p}Cluster`, 'AWS::ECS::Cluster', [`      ClusterName: ${name('cluster')}`]],
    [`${p}Task`, 'AWS::ECS::TaskDefinition', [`      Family: ${name('task')}`, `      Cpu: "256"`, `      Memory: "512"`, `      ContainerDefinitions:`, `        - {Name: app, Image: "nginx:1.27", Essential: true}`]],
    [`${p}Service`, 'AWS::ECS::Service', [`      Cluster: !Ref ${p}Cluster`, `      ServiceName: ${name('service')}`, `      DesiredCount: 2`, `      TaskDefinition: !Ref ${p}Task`]],
    [`${p}DbCluster`, 'AWS::RDS::DBCluster', [`      DBClusterIdentifier: ${name('db')}`, `      Engine: aurora-postgresql`, `      BackupRetentionPeriod: 7`, `      PreferredBackupWindow: "03:00-04:00"`, `      DeletionProtection: true`]],
    [`${p}Db`, 'AWS::RDS::DBInstance', [`      DBInstanceIdentifier: ${name('db-1')}`, `      DBClusterIdentifier: !Ref ${p}DbCluster`, `      DBInstanceClass: db.r6g.large`, `      Engine: aurora-postgresql`, `      PubliclyAccessible: false`]],
    [`${p}Alarm`, 'AWS::CloudWatch::Alarm', [`      AlarmName: ${name('alarm')}`, `      Namespace: AWS/EC2`, `      MetricName: CPUUtilization`, `      Statistic: Average`, `      Period: 300`, `      EvaluationPeriods: 2`, `      Threshold: 80`, `      ComparisonOperator: GreaterThanThreshold`]],
  ]
  const tags = (kind) => ({ManagedBy: 'ialctl', Name: name(kind), Owner: 'platform'})
  const resource = (type, physicalId, properties, extra = {}) => ({type, region: REGION, physicalId, properties, tags: {}, attributes: {}, ...extra})
  const ingress = [
    {CidrIp: '10.0.0.0/8', FromPort: 80, IpProtocol: 'tcp', ToPort: 80},
    {CidrIp: '10.0.0.0/8', FromPort: 443, IpProtocol: 'tcp', ToPort: 443},
  ]
  const actual = [
    resource('AWS::EC2::VPC', vpcId, {CidrBlock: '10.0.0.0/16'}, {tags: tags('vpc')}),
    resource('AWS::EC2::Subnet', `subnet-${n.toString(16).padStart(8, '0')}`, {CidrBlock: '10.0.1.0/24', VpcId: vpcId}, {tags: tags('subnet')}),
    resource('AWS::EC2::SecurityGroup', `sg-${n.toString(16).padStart(8, '0')}`, {GroupDescription: 'bench', GroupName: name('sg'), SecurityGroupIngress: ingress, VpcId: vpcId}),
    resource('AWS::EC2::Instance', `i-${n.toString(16).padStart(17, '0')}`, {ImageId: 'ami-0abcdef1234567890', InstanceType: 't3.micro', Monitoring: false}, {tags: tags('instance')}),
    resource('AWS::ECS::Cluster', name('cluster'), {ClusterName: name('cluster')}, {arn: clusterArn}),
    resource('AWS::ECS::TaskDefinition', taskArn, {ContainerDefinitions: [{Essential: true, Image: 'nginx:1.27', Name: 'app'}], Cpu: '256', Family: name('task'), Memory: '512'}, {arn: taskArn}),
    resource('AWS::ECS::Service', `arn:aws:ecs:${REGION}:${account}:service/${name('cluster')}/${name('service')}`, {Cluster: clusterArn, DesiredCount: 2, ServiceName: name('service'), TaskDefinition: taskArn}),
    resource('AWS::RDS::DBCluster', name('db'), {BackupRetentionPeriod: 7, DBClusterIdentifier: name('db'), DeletionProtection: true, Engine: 'aurora-postgresql', PreferredBackupWindow: '03:00-04:00'}),
    resource('AWS::RDS::DBInstance', name('db-1'), {DBClusterIdentifier: name('db'), DBInstanceClass: 'db.r6g.large', DBInstanceIdentifier: name('db-1'), Engine: 'aurora-postgresql', PubliclyAccessible: false}),
    resource('AWS::CloudWatch::Alarm', name('alarm'), {AlarmName: name('alarm'), ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 2, MetricName: 'CPUUtilization', Namespace: 'AWS/EC2', Period: 300, Statistic: 'Average', Threshold: 80}),
  ]
  return {desired, actual}
}

/** Drift the way people do by hand: tags, counts, windows, thresholds, an opened port, a deleted resource. */
function drift(actual, rnd) {
  const roll = rnd()
  if (roll > 0.1) return actual
  const target = actual[Math.floor(rnd() * actual.length)]
  const kind = Math.floor(rnd() * 6)
  if (kind === 0) return actual.filter((resource) => resource !== target)
  if (kind === 1 && target.tags.Owner) target.tags.Owner = 'someone-else'
  else if (kind === 2 && target.properties.DesiredCount !== undefined) target.properties.DesiredCount = 5
  else if (kind === 3 && target.properties.SecurityGroupIngress) target.properties.SecurityGroupIngress.push({CidrIp: '0.0.0.0/0', FromPort: 22, IpProtocol: 'tcp', ToPort: 22})
  else if (kind === 4 && target.properties.Threshold !== undefined) target.properties.Threshold = 95
  else if (target.properties.InstanceType) target.properties.InstanceType = 'm5.xlarge'
  else target.tags.Owner = 'someone-else'
  return actual
}

/** Writes `phases/` and `snapshot.json` for an estate of about `size` resources into `dir`. */
export function writeEstate(dir, size) {
  const rnd = random(size)
  const units = Math.ceil(size / 10)
  const resources = []
  let file = []
  let fileIndex = 0
  const flush = () => {
    if (file.length === 0) return
    const phase = `${String(10 + (fileIndex % 5) * 10).padStart(2, '0')}-bench`
    mkdirSync(path.join(dir, 'phases', phase), {recursive: true})
    writeFileSync(path.join(dir, 'phases', phase, `${String(fileIndex).padStart(5, '0')}.yaml`), `Resources:\n${file.join('\n')}\n`)
    file = []
    fileIndex += 1
  }

  for (let n = 0; n < units; n++) {
    const {desired, actual} = unit(n)
    // A unit stays in one file so that its !Refs stay inside the phase that declares them.
    for (const [id, type, lines] of desired) file.push(`  ${id}:\n    Type: ${type}\n    Properties:\n${lines.join('\n')}`)
    resources.push(...drift(actual, rnd))
    if (file.length >= RESOURCES_PER_FILE) flush()
  }

  flush()
  resources.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : a.physicalId < b.physicalId ? -1 : a.physicalId > b.physicalId ? 1 : 0))
  const types = [...new Set(resources.map((resource) => resource.type))].sort()
  const snapshot = {schemaVersion: 1, readAt: '2026-11-25T00:00:00.000Z', regions: [REGION], types, unread: [], apiCalls: {}, resources}
  writeFileSync(path.join(dir, 'snapshot.json'), JSON.stringify(snapshot))
  return {resources: units * 10, files: fileIndex}
}
