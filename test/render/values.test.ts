import {describe, expect, it} from 'vitest'

import type {DriftItem, DriftReport} from '../../src/core/model.js'
import {renderMarkdown} from '../../src/render/markdown.js'
import {createStyle, elideMiddle, formatTypedValue, formatValue} from '../../src/render/style.js'
import {renderText} from '../../src/render/text.js'
import {demoOutcome} from '../helpers/demo-outcome.js'

const SG = 'AWS::EC2::SecurityGroup'
const ingress = (rule: Record<string, unknown>) => formatTypedValue(SG, '/SecurityGroupIngress/0', rule, 60)
const egress = (rule: Record<string, unknown>) => formatTypedValue(SG, '/SecurityGroupEgress/3', rule, 60)

describe('security group rules as people read them', () => {
  it('GIVEN rules of every peer form WHEN formatted THEN protocol, ports, peer and description are all there, whole', () => {
    expect(ingress({IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0', Description: 'temp debug access'})).toBe('tcp 22 from 0.0.0.0/0 ("temp debug access")')
    expect(egress({IpProtocol: '-1', CidrIp: '0.0.0.0/0'})).toBe('all traffic to 0.0.0.0/0')
    expect(ingress({IpProtocol: 'tcp', FromPort: 8000, ToPort: 8100, SourceSecurityGroupId: 'sg-0a1b2c3d4e5f60718'})).toBe('tcp 8000-8100 from sg-0a1b2c3d4e5f60718')
    expect(ingress({IpProtocol: 'tcp', FromPort: 443, ToPort: 443, SourceSecurityGroupId: 'sg-0a1b', SourceSecurityGroupOwnerId: '210987654321'})).toBe('tcp 443 from sg-0a1b (owner 210987654321)')
    expect(ingress({IpProtocol: 'udp', FromPort: 53, ToPort: 53, SourcePrefixListId: 'pl-63a5400a'})).toBe('udp 53 from pl-63a5400a')
    expect(egress({IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, DestinationSecurityGroupId: 'sg-db'})).toBe('tcp 5432 to sg-db')
    expect(egress({IpProtocol: 'tcp', FromPort: 443, ToPort: 443, DestinationPrefixListId: 'pl-s3'})).toBe('tcp 443 to pl-s3')
    expect(ingress({IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv6: '::/0'})).toBe('tcp 22 from ::/0')
    expect(ingress({IpProtocol: 'tcp', FromPort: 0, ToPort: 65535, CidrIp: '10.0.0.0/8'})).toBe('tcp 0-65535 from 10.0.0.0/8')
  })

  it('GIVEN ICMP, numeric protocols and keys the sentence has no place for WHEN formatted THEN nothing is dropped', () => {
    expect(ingress({IpProtocol: 'icmp', FromPort: 8, ToPort: -1, CidrIp: '10.0.0.0/8'})).toBe('icmp type 8 from 10.0.0.0/8')
    expect(ingress({IpProtocol: 'icmp', FromPort: 3, ToPort: 4, CidrIp: '10.0.0.0/8'})).toBe('icmp type 3 code 4 from 10.0.0.0/8')
    expect(ingress({IpProtocol: 'icmpv6', FromPort: -1, ToPort: -1, CidrIpv6: '::/0'})).toBe('icmpv6 (all types) from ::/0')
    expect(ingress({IpProtocol: '6', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0'})).toBe('tcp 80 from 0.0.0.0/0')
    expect(ingress({IpProtocol: '50', CidrIp: '10.1.0.0/16'})).toBe('protocol 50 (all ports) from 10.1.0.0/16')
    expect(ingress({IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0', SourceSecurityGroupOwnerId: '123', Future: 'x'})).toBe('tcp 22 from 0.0.0.0/0 SourceSecurityGroupOwnerId="123" Future="x"')
  })

  it('GIVEN a whole rule list, a rule field and another type WHEN formatted THEN only rule values read as rules', () => {
    expect(formatTypedValue(SG, '/SecurityGroupIngress', [{IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0'}, {IpProtocol: '-1', SourceSecurityGroupId: 'sg-1'}])).toBe(
      '[tcp 443 from 0.0.0.0/0; all traffic from sg-1]',
    )
    expect(formatTypedValue(SG, '/SecurityGroupIngress/1/CidrIp', '0.0.0.0/0')).toBe('"0.0.0.0/0"')
    expect(formatTypedValue('AWS::EC2::Instance', '/SecurityGroupIngress/0', {IpProtocol: 'tcp', FromPort: 1, ToPort: 1})).toBe('{IpProtocol=tcp, FromPort=1, ToPort=1}')
    expect(formatTypedValue(SG, '/SecurityGroupIngress/0', null)).toBe('(absent)')
  })
})

describe('values without a type of their own', () => {
  it('GIVEN structured values WHEN formatted THEN they read as a compact key=value list with every key, never cut', () => {
    const definition = {Name: 'api', Image: 'registry.example.com/team/api:1.4.2', PortMappings: [{ContainerPort: 8080, Protocol: 'tcp'}], Environment: [{Name: 'MODE', Value: 'blue green'}]}
    expect(formatValue(definition, 20)).toBe('{Name=api, Image="registry.e…api:1.4.2", PortMappings=[{ContainerPort=8080, Protocol=tcp}], Environment=[{Name=MODE, Value="blue green"}]}')
    expect(formatValue({'odd key': '', n: null, on: true})).toBe('{"odd key"="", n=null, on=true}')
    expect(formatValue(['subnet-1', 'subnet-2'])).toBe('[subnet-1, subnet-2]')
  })

  it('GIVEN a long string WHEN formatted THEN its start and end are kept around an ellipsis', () => {
    const arn = 'arn:aws:iam::123456789012:role/service-role/platform/ecs-task-execution-role-production'
    expect(elideMiddle(arn, 40)).toBe('arn:aws:iam::1234567…ion-role-production')
    expect(elideMiddle(arn, 40)).toHaveLength(40)
    expect(formatValue(arn, 40)).toBe('"arn:aws:iam::1234567…ion-role-production"')
    expect(formatValue('short', 40)).toBe('"short"')
    expect(formatValue(42)).toBe('42')
  })
})

describe('reports keep the detail that matters', () => {
  const ruleItem = (report: DriftReport): DriftItem => ({
    ...report.items[0],
    differences: [
      {path: '/SecurityGroupIngress/0', expected: null, actual: {IpProtocol: 'tcp', FromPort: 8000, ToPort: 8100, CidrIpv6: '::/0', Description: 'load test | ignore'}, kind: 'ADD', line: 70},
      {path: '/SecurityGroupEgress/0', expected: {IpProtocol: '-1', CidrIp: '10.0.0.0/8'}, actual: null, kind: 'REMOVE', line: 80},
    ],
  })

  it('GIVEN a port range open to IPv6 and a removed egress rule WHEN rendered as text THEN both rules read whole', async () => {
    const {report} = await demoOutcome()
    const text = renderText({...report, items: [ruleItem(report)]}, {style: createStyle(false)})
    expect(text).toContain('      + /SecurityGroupIngress/0  only in AWS: tcp 8000-8100 from ::/0 ("load test | ignore")  phases/10-security/01-security-groups.yaml:70')
    expect(text).toContain('      - /SecurityGroupEgress/0   not in AWS: all traffic to 10.0.0.0/8  phases/10-security/01-security-groups.yaml:80')
  })

  it('GIVEN the same rules WHEN rendered as Markdown THEN they read whole in the table cell, the pipe escaped', async () => {
    const {report} = await demoOutcome()
    const markdown = renderMarkdown({...report, items: [ruleItem(report)]})
    expect(markdown).toContain(
      '+ `/SecurityGroupIngress/0` (line 70): `(absent)` → `tcp 8000-8100 from ::/0 ("load test \\| ignore")`<br>- `/SecurityGroupEgress/0` (line 80): `all traffic to 10.0.0.0/8` → `(absent)` |',
    )
  })
})
