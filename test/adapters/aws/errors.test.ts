import {describe, expect, it} from 'vitest'

import {AwsCallError, isAwsFailure, toAwsError} from '../../../src/adapters/aws/errors.js'
import {ExitCode} from '../../../src/errors.js'

const context = {service: 'RDS', operation: 'DescribeDBInstances', region: 'eu-west-1'}
const awsError = (name: string, message = 'x', httpStatusCode = 400) => Object.assign(new Error(message), {name, $fault: 'client', $metadata: {httpStatusCode, attempts: 3}})

describe('toAwsError', () => {
  it.each([
    ['AccessDenied', 'RDS', 'DescribeDBInstances', 'rds:DescribeDBInstances'],
    ['UnauthorizedOperation', 'EC2', 'DescribeInstances', 'ec2:DescribeInstances'],
    ['AccessDeniedException', 'ECS', 'ListClusters', 'ecs:ListClusters'],
    ['AccessDeniedException', 'ResourceGroupsTaggingAPI', 'GetResources', 'tag:GetResources'],
  ])('GIVEN %s from %s WHEN mapped THEN exit 3 naming %s', (name, service, operation, action) => {
    const error = toAwsError(awsError(name, 'not authorized', 403), {service, operation, region: 'us-east-1'}) as AwsCallError
    expect(error.exitCode).toBe(ExitCode.Remote)
    expect(error.message).toBe(`access denied for ${service} ${operation} in us-east-1: the caller lacks ${action}`)
    expect(error.reason).toBe(`AccessDenied (${action})`)
    expect(error.hint).toBe(`grant ${action} to the caller's IAM policy`)
  })

  it('GIVEN ExpiredToken WHEN mapped THEN the line says the credentials expired and how to renew them', () => {
    const error = toAwsError(awsError('ExpiredToken', 'The security token included in the request is expired'), context)
    expect(error.line).toBe('AWS refused the credentials for RDS DescribeDBInstances in eu-west-1: expired credentials (renew the session (aws sso login, or new temporary credentials) and retry)')
  })

  it('GIVEN no credentials anywhere in the chain WHEN mapped THEN the line says none were found', () => {
    const error = toAwsError(Object.assign(new Error('Could not load credentials from any providers'), {name: 'CredentialsProviderError'}), context)
    expect(error.message).toBe('no AWS credentials found for RDS DescribeDBInstances in eu-west-1')
    expect(error.exitCode).toBe(ExitCode.Remote)
  })

  it('GIVEN a DNS failure (unknown region) wrapped by the SDK WHEN mapped THEN it names the endpoint problem', () => {
    const cause = Object.assign(new Error('getaddrinfo ENOTFOUND rds.eu-wst-1.amazonaws.com'), {code: 'ENOTFOUND'})
    const error = toAwsError(Object.assign(new Error('request failed', {cause}), {name: 'Error'}), context) as AwsCallError
    expect(error.message).toBe('cannot reach AWS for RDS DescribeDBInstances in eu-west-1: endpoint not found (unknown region or host)')
    expect(error.hint).toContain('--endpoint-url')
  })

  it('GIVEN throttling that outlasted every attempt WHEN mapped THEN it says so and how to go slower', () => {
    const error = toAwsError(awsError('Throttling', 'Rate exceeded'), context)
    expect(error.line).toBe('AWS kept throttling RDS DescribeDBInstances in eu-west-1 (throttled after 3 attempts) (raise aws.maxAttempts or lower --max-api-rate)')
  })

  it('GIVEN an error of our own WHEN classified THEN it is not an AWS failure', () => {
    expect(isAwsFailure(new TypeError('x'))).toBe(false)
    expect(isAwsFailure(awsError('InternalFailure', 'x', 500))).toBe(true)
  })
})
