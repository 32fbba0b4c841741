import {describe, expect, it} from 'vitest'

import {bypassesProxy, isLoopback, proxyFor} from '../../../src/adapters/network/proxy.js'

describe('proxyFor', () => {
  const proxy = {httpsProxy: 'http://secure-proxy:3128', httpProxy: 'http://plain-proxy:3128'}

  it('GIVEN both proxies WHEN choosing THEN https URLs use https_proxy and http URLs http_proxy', () => {
    expect(proxyFor(new URL('https://ec2.us-east-1.amazonaws.com/'), proxy)).toBe('http://secure-proxy:3128')
    expect(proxyFor(new URL('http://127.0.0.1:5000/'), proxy)).toBe('http://plain-proxy:3128')
  })

  it('GIVEN only http_proxy WHEN an https URL is requested THEN it goes direct, as curl does', () => {
    expect(proxyFor(new URL('https://api.github.com/'), {httpProxy: 'http://plain-proxy:3128'})).toBeUndefined()
  })
})

describe('bypassesProxy', () => {
  it.each([
    ['https://api.github.com/', 'github.com', true],
    ['https://api.github.com/', '.github.com', true],
    ['https://api.github.com/', '*.github.com', true],
    ['https://notgithub.com/', 'github.com', false],
    ['https://ec2.us-east-1.amazonaws.com/', 'amazonaws.com:443', true],
    ['https://ec2.us-east-1.amazonaws.com/', 'amazonaws.com:8443', false],
    ['http://127.0.0.1:5000/', '127.0.0.1', true],
    ['http://[::1]:5000/', '::1', true],
    ['http://[::1]:5000/', '[::1]:5000', true],
    ['https://anything.example/', '*', true],
    ['https://anything.example/', 'a.example, b.example  anything.example', true],
    ['https://anything.example/', '', false],
  ])('GIVEN %s and no_proxy %j WHEN checked THEN bypassed: %s', (url, noProxy, bypassed) => {
    expect(bypassesProxy(new URL(url), noProxy)).toBe(bypassed)
  })
})

describe('isLoopback', () => {
  it.each([
    ['localhost', true],
    ['api.localhost', true],
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['[::1]', true],
    ['10.0.0.1', false],
    ['localhost.example.com', false],
    ['127.0.0.1.nip.io', false],
  ])('GIVEN %s WHEN checked THEN loopback: %s', (host, loopback) => {
    expect(isLoopback(host)).toBe(loopback)
  })
})
