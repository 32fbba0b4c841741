import {describe, expect, it} from 'vitest'
import {parseDocument} from 'yaml'

import {Intrinsic} from '../../../src/core/model.js'
import {INTRINSIC_TAGS, parseTemplate} from '../../../src/core/phases/index.js'
import {parse, resourceTemplate} from './helpers.js'

function valueOf(yamlValue: string): unknown {
  const template = parse(resourceTemplate('Thing', 'AWS::SSM::Parameter', `Value: ${yamlValue}`))
  expect(template.problems).toEqual([])
  return template.resources[0].resource.properties.Value
}

describe('parseTemplate: intrinsic functions', () => {
  it.each([
    ['!Ref Vpc', new Intrinsic('Ref', 'Vpc')],
    ["!Sub '${AWS::Region}-logs'", new Intrinsic('Fn::Sub', '${AWS::Region}-logs')],
    ["!Sub ['${Name}-logs', {Name: app}]", new Intrinsic('Fn::Sub', ['${Name}-logs', {Name: 'app'}])],
    ['!GetAtt Role.Arn', new Intrinsic('Fn::GetAtt', ['Role', 'Arn'])],
    ['!GetAtt Db.Endpoint.Address', new Intrinsic('Fn::GetAtt', ['Db', 'Endpoint.Address'])],
    ['!GetAtt [Role, Arn]', new Intrinsic('Fn::GetAtt', ['Role', 'Arn'])],
    ["!Join ['-', [app, !Ref Environment]]", new Intrinsic('Fn::Join', ['-', ['app', new Intrinsic('Ref', 'Environment')]])],
    ["!Select [1, !GetAZs '']", new Intrinsic('Fn::Select', [1, new Intrinsic('Fn::GetAZs', '')])],
    ['!If [IsProduction, db.r6g.large, db.t4g.medium]', new Intrinsic('Fn::If', ['IsProduction', 'db.r6g.large', 'db.t4g.medium'])],
    ['!Equals [!Ref Environment, production]', new Intrinsic('Fn::Equals', [new Intrinsic('Ref', 'Environment'), 'production'])],
    ['!FindInMap [RegionMap, !Ref AWS::Region, ami]', new Intrinsic('Fn::FindInMap', ['RegionMap', new Intrinsic('Ref', 'AWS::Region'), 'ami'])],
    ['!ImportValue network-VpcId', new Intrinsic('Fn::ImportValue', 'network-VpcId')],
    ["!ImportValue {'Fn::Sub': '${AWS::StackName}-VpcId'}", new Intrinsic('Fn::ImportValue', new Intrinsic('Fn::Sub', '${AWS::StackName}-VpcId'))],
    ['!Base64 "#!/bin/bash"', new Intrinsic('Fn::Base64', '#!/bin/bash')],
    ["!Split [',', 'a,b']", new Intrinsic('Fn::Split', [',', 'a,b'])],
    ['!GetAZs us-east-1', new Intrinsic('Fn::GetAZs', 'us-east-1')],
    ['!Condition IsProduction', new Intrinsic('Condition', 'IsProduction')],
    ['!And [!Condition A, !Condition B]', new Intrinsic('Fn::And', [new Intrinsic('Condition', 'A'), new Intrinsic('Condition', 'B')])],
    ['!Or [!Condition A, !Condition B]', new Intrinsic('Fn::Or', [new Intrinsic('Condition', 'A'), new Intrinsic('Condition', 'B')])],
    ['!Not [!Condition A]', new Intrinsic('Fn::Not', [new Intrinsic('Condition', 'A')])],
    ['!Cidr [10.0.0.0/16, 4, 8]', new Intrinsic('Fn::Cidr', ['10.0.0.0/16', 4, 8])],
  ])('GIVEN the short form %s WHEN parsed THEN it is the long-named Intrinsic', (yamlValue, expected) => {
    expect(valueOf(yamlValue)).toStrictEqual(expected)
  })

  it.each([
    ['{Ref: Vpc}', new Intrinsic('Ref', 'Vpc')],
    ["{'Fn::GetAtt': [Role, Arn]}", new Intrinsic('Fn::GetAtt', ['Role', 'Arn'])],
    ["{'Fn::GetAtt': Role.Arn}", new Intrinsic('Fn::GetAtt', ['Role', 'Arn'])],
    ["{'Fn::Sub': '${Env}-app'}", new Intrinsic('Fn::Sub', '${Env}-app')],
    ["{'Fn::Join': ['', [a, {Ref: B}]]}", new Intrinsic('Fn::Join', ['', ['a', new Intrinsic('Ref', 'B')]])],
    ["{'Fn::If': [IsProd, {Ref: 'AWS::NoValue'}, 1]}", new Intrinsic('Fn::If', ['IsProd', new Intrinsic('Ref', 'AWS::NoValue'), 1])],
    ['{Condition: IsProduction}', new Intrinsic('Condition', 'IsProduction')],
    ["{'Fn::Base64': !Sub 'echo ${AWS::Region}'}", new Intrinsic('Fn::Base64', new Intrinsic('Fn::Sub', 'echo ${AWS::Region}'))],
  ])('GIVEN the long form %s WHEN parsed THEN it is the same Intrinsic as the short form', (yamlValue, expected) => {
    expect(valueOf(yamlValue)).toStrictEqual(expected)
  })

  it('GIVEN the block style of a sequence short form WHEN parsed THEN it is an Intrinsic of the list', () => {
    const template = parse(resourceTemplate('Thing', 'AWS::SSM::Parameter', 'Value: !Join\n  - ","\n  - - a\n    - !Ref B'))
    expect(template.resources[0].resource.properties.Value).toStrictEqual(new Intrinsic('Fn::Join', [',', ['a', new Intrinsic('Ref', 'B')]]))
  })

  it('GIVEN maps that only look like long forms WHEN parsed THEN they stay plain values', () => {
    expect(valueOf('{Condition: {StringEquals: {aws:SourceVpc: vpc-1}}}')).toStrictEqual({Condition: {StringEquals: {'aws:SourceVpc': 'vpc-1'}}})
    expect(valueOf('{Ref: Vpc, Other: 1}')).toStrictEqual({Ref: 'Vpc', Other: 1})
  })

  it('GIVEN intrinsics WHEN serialised to JSON THEN they take the long form', () => {
    expect(JSON.stringify(valueOf('!GetAtt Role.Arn'))).toBe('{"Fn::GetAtt":["Role","Arn"]}')
  })
})

describe('parseTemplate: resources and locations', () => {
  const text = [
    'AWSTemplateFormatVersion: "2010-09-09"', // 1
    'Resources:', // 2
    '  # the web tier', // 3
    '  WebSecurityGroup:', // 4
    '    Type: AWS::EC2::SecurityGroup', // 5
    '    DependsOn: [Vpc]', // 6
    '    DeletionPolicy: Retain', // 7
    '    Properties:', // 8
    '      GroupName: web', // 9
    '      VpcId: !Ref Vpc', // 10
    '      SecurityGroupIngress:', // 11
    '        - IpProtocol: tcp', // 12
    '          CidrIp: 0.0.0.0/0', // 13
    '        - IpProtocol: tcp', // 14
    '          CidrIp: 10.0.0.0/8', // 15
    '      Tags:', // 16
    '        - Key: Name', // 17
    '          Value: web', // 18
    '        - {Key: a/b~c, Value: !Sub "${AWS::Region}"}', // 19
    '      Labels: {a/b~c: 1}', // 20
  ].join('\n')
  const [{resource}] = parse(text, 'phases/10-security/01-security-groups.yaml').resources

  it('GIVEN a resource WHEN parsed THEN it keeps file, phase, type, attributes and the logical id position', () => {
    expect(resource).toMatchObject({
      logicalId: 'WebSecurityGroup',
      type: 'AWS::EC2::SecurityGroup',
      phase: '10-security',
      file: 'phases/10-security/01-security-groups.yaml',
      stackName: 'stack',
      location: {file: 'phases/10-security/01-security-groups.yaml', line: 4, column: 3},
      dependsOn: ['Vpc'],
      deletionPolicy: 'Retain',
    })
  })

  it('GIVEN nested properties WHEN parsed THEN every map, list and scalar has its line under a JSON pointer', () => {
    expect(resource.lines).toEqual({
      '': 8,
      '/GroupName': 9,
      '/VpcId': 10,
      '/SecurityGroupIngress': 11,
      '/SecurityGroupIngress/0': 12,
      '/SecurityGroupIngress/0/IpProtocol': 12,
      '/SecurityGroupIngress/0/CidrIp': 13,
      '/SecurityGroupIngress/1': 14,
      '/SecurityGroupIngress/1/IpProtocol': 14,
      '/SecurityGroupIngress/1/CidrIp': 15,
      '/Tags': 16,
      '/Tags/0': 17,
      '/Tags/0/Key': 17,
      '/Tags/0/Value': 18,
      '/Tags/1': 19,
      '/Tags/1/Key': 19,
      '/Tags/1/Value': 19,
      '/Labels': 20,
      '/Labels/a~1b~0c': 20,
    })
  })

  it('GIVEN a template with Parameters WHEN parsed THEN each parameter keeps its Default, if any', () => {
    const template = parse('Parameters:\n  Env: {Type: String, Default: staging}\n  Image:\n    Type: String\nResources: {}\n')
    expect(template.parameters).toEqual([
      {name: 'Env', hasDefault: true, default: 'staging', location: {file: 'phases/00-test/01-test.yaml', line: 2, column: 3}},
      {name: 'Image', hasDefault: false, location: {file: 'phases/00-test/01-test.yaml', line: 3, column: 3}},
    ])
  })
})

describe('parseTemplate: problems within one file', () => {
  const problemsOf = (text: string) => parse(text).problems.map((problem) => `${problem.line}:${problem.column} ${problem.code}: ${problem.message}`)

  it('GIVEN malformed YAML WHEN parsed THEN each syntax error is reported at its position and no resource is read', () => {
    const template = parse('Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: x\n')
    expect(template.resources).toEqual([])
    expect(template.unreadableIds).toEqual(['Bucket'])
    expect(problemsOf('Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: x\n')).toEqual([
      '5:1 yaml-syntax: Flow map in block collection must be sufficiently indented and end with a }',
    ])
  })

  it('GIVEN a logical id twice in one file WHEN parsed THEN YAML reports the second key', () => {
    expect(problemsOf('Resources:\n  A:\n    Type: AWS::S3::Bucket\n  A:\n    Type: AWS::S3::Bucket\n')).toEqual(['4:3 yaml-syntax: Map keys must be unique'])
  })

  it('GIVEN a key repeated inside properties, a flow mapping and a nested list WHEN parsed THEN each repeat is reported where it is written', () => {
    const text = [
      'Resources:',
      '  A:',
      '    Type: AWS::EC2::VPC',
      '    Properties:',
      '      CidrBlock: 10.0.0.0/16',
      '      Tags: [{Key: a, Value: b, Key: c}]',
      '      CidrBlock: 10.1.0.0/16',
      '  B:',
      '    Type: AWS::EC2::VPC',
      '    Properties: {"1": x, 1: y, 2: z, 2: w}',
      '',
    ].join('\n')
    // `"1"` and `1` are different keys (a string and a number), as YAML and yaml see them.
    expect(problemsOf(text)).toEqual(['6:33 yaml-syntax: Map keys must be unique', '7:7 yaml-syntax: Map keys must be unique', '10:38 yaml-syntax: Map keys must be unique'])
  })

  it('GIVEN an unknown top-level key WHEN parsed THEN it is reported at the key with the allowed keys', () => {
    expect(problemsOf('Resources: {}\nResource:\n  A: {Type: AWS::S3::Bucket}\n')).toEqual([
      "2:1 unknown-top-level-key: unknown top-level key 'Resource' (allowed: AWSTemplateFormatVersion, Description, Metadata, Parameters, Mappings, Conditions, Transform, Rules, Resources, Outputs)",
    ])
  })

  it('GIVEN a resource without Type WHEN parsed THEN it is reported at the logical id and left out', () => {
    const template = parse('Resources:\n  Bucket:\n    Properties: {BucketName: logs}\n')
    expect(template.resources).toEqual([])
    expect(problemsOf('Resources:\n  Bucket:\n    Properties: {BucketName: logs}\n')).toEqual(['2:3 missing-type: resource Bucket has no Type'])
  })

  it('GIVEN a misspelt resource attribute WHEN parsed THEN it is reported at the attribute', () => {
    expect(problemsOf('Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Propertes: {BucketName: logs}\n')).toEqual([
      "4:5 unknown-resource-attribute: resource Bucket: unknown attribute 'Propertes' (allowed: Type, Properties, DependsOn, Metadata, DeletionPolicy, UpdateReplacePolicy, UpdatePolicy, CreationPolicy, Condition)",
    ])
  })

  it('GIVEN a template that is a list or empty WHEN parsed THEN it is not a mapping', () => {
    expect(problemsOf('- Type: AWS::S3::Bucket\n')).toEqual(['1:1 not-a-mapping: a template must be a mapping with Resources (found a list)'])
    expect(problemsOf('# nothing yet\n')).toEqual(['1:1 not-a-mapping: template is empty; expected a mapping with Resources'])
  })

  it('GIVEN an unknown tag WHEN parsed THEN it is reported with the known short forms', () => {
    const [problem] = problemsOf(resourceTemplate('Bucket', 'AWS::S3::Bucket', 'BucketName: !Reference Logs'))
    expect(problem).toMatch(/^5:19 unknown-tag: unknown tag !Reference \(intrinsic short forms: !Ref, !Condition, !Sub, /)
  })

  it('GIVEN a logical id with a dash WHEN parsed THEN it is reported, as CloudFormation would', () => {
    expect(problemsOf('Resources:\n  log-bucket:\n    Type: AWS::S3::Bucket\n')).toEqual(["2:3 invalid-logical-id: logical id 'log-bucket' must contain only letters and digits"])
  })

  it('GIVEN bytes that are not UTF-8 WHEN parsed THEN the file is reported at the first bad byte', () => {
    const bytes = Buffer.concat([Buffer.from('Resources:\n  Bucket:\n    Type: AWS::S3::Bucket # caf'), Buffer.from([0xe9]), Buffer.from('\n')])
    const problems = parseTemplate({file: 'phases/00-test/01-test.yaml', phase: '00-test', stackName: 'stack', bytes}).problems
    expect(problems).toEqual([{file: 'phases/00-test/01-test.yaml', line: 3, column: 32, code: 'not-utf8', message: 'file is not valid UTF-8 (save it as UTF-8)'}])
  })
})

describe('INTRINSIC_TAGS', () => {
  it('GIVEN a template parsed with the intrinsic tags WHEN stringified again THEN the short forms come back as written, without warnings', () => {
    const text = "VpcId: !Ref Vpc\nName: !Sub '${AWS::StackName}-vpc'\nZone: !Select [0, !GetAZs '']\nArn: !GetAtt Role.Arn\n"
    const doc = parseDocument(text, {customTags: INTRINSIC_TAGS})
    expect(doc.warnings).toEqual([])
    expect(doc.toString({flowCollectionPadding: false})).toBe(text)
  })
})

describe('parseTemplate: YAML as CloudFormation reads it (SPEC 10)', () => {
  const problemsOf = (text: string) => parse(text).problems.map((problem) => `${problem.line}:${problem.column} ${problem.code}: ${problem.message}`)

  it('GIVEN an anchor and an alias WHEN parsed THEN both are problems at their place and the resource is not read (never null)', () => {
    const template = parse('Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: &cidr 10.0.0.0/16\n      Tags:\n        - Key: Owner\n          Value: *cidr\n')
    expect(template.problems.map((problem) => `${problem.line}:${problem.column} ${problem.code}`)).toEqual(['5:18 yaml-anchor', '8:18 yaml-alias'])
    expect(template.problems[1].message).toBe('YAML alias *cidr is not allowed: CloudFormation does not accept anchors and aliases; write the value out')
    expect(template.resources).toEqual([])
    expect(template.unreadableIds).toEqual(['Vpc'])
  })

  it('GIVEN a merge key WHEN parsed THEN it is a problem naming <<, not a key called "<<"', () => {
    expect(problemsOf('Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      <<: {CidrBlock: 10.0.0.0/16}\n')).toEqual([
      '5:7 yaml-merge-key: YAML merge key << is not allowed: CloudFormation does not accept it; write the keys out',
    ])
  })

  it('GIVEN "<<" written as a quoted key WHEN parsed THEN it is an ordinary (if odd) key', () => {
    // A type without a property schema: on a supported type the key would be an unknown property instead.
    const template = parse(resourceTemplate('Thing', 'Custom::Thing', "'<<': x"))
    expect(template.problems).toEqual([])
    expect(template.resources[0].resource.properties).toEqual({'<<': 'x'})
  })

  it('GIVEN lists nested deeper than the limit WHEN parsed THEN one too-deep problem, no stack overflow', () => {
    for (const depth of [150, 50_000]) {
      const problems = problemsOf(resourceTemplate('Thing', 'AWS::S3::Bucket', `Value: ${'['.repeat(depth)}${']'.repeat(depth)}`))
      expect(problems).toHaveLength(1)
      expect(problems[0]).toMatch(/^\d+:\d+ too-deep: maps and lists nest deeper than 100 levels; the template is not read$/)
    }
  })

  it('GIVEN block maps nested deeper than the limit WHEN parsed THEN one too-deep problem', () => {
    const nested = Array.from({length: 120}, (_, level) => `${' '.repeat(level * 2)}k${level}:`).join('\n') + ' end'
    const problems = problemsOf(resourceTemplate('Thing', 'AWS::S3::Bucket', `Value:\n${nested.replaceAll(/^/gm, '  ')}`))
    expect(problems).toEqual([expect.stringMatching(/too-deep/)])
  })

  it('GIVEN nesting within the limit WHEN parsed THEN it is read', () => {
    expect(parse(resourceTemplate('Thing', 'AWS::SSM::Parameter', `Value: ${'['.repeat(40)}x${']'.repeat(40)}`)).problems).toEqual([])
  })
})
