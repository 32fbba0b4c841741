// The `origin` URL -> GitHub owner/repo, and what git may be told about credentials for it. Pure.

import {UsageError} from '../../errors.js'
import {isLoopback} from '../network/proxy.js'

export interface GitHubRepository {
  owner: string
  repo: string
}

/**
 * `https://github.com/acme/infra.git`, `git@github.com:acme/infra.git`, `ssh://git@ghe.example.com/acme/infra`
 * (any host: GitHub Enterprise too) -> {owner, repo}. Local paths and other shapes give null.
 */
export function parseGitHubRemote(url: string): GitHubRepository | null {
  const trimmed = url.trim()
  const patterns = [
    /^(?:https?|ssh|git):\/\/(?:[^@/]+@)?[^/]+\/(?:.*\/)?([^/]+)\/([^/]+?)(?:\.git)?\/?$/,
    /^[^@/\s]+@[^:/\s]+:(?:.*\/)?([^/]+)\/([^/]+?)(?:\.git)?\/?$/,
  ]
  for (const pattern of patterns) {
    const match = pattern.exec(trimmed)
    if (match) return {owner: match[1], repo: match[2]}
  }

  return null
}

/** `https://x-access-token:secret@github.com/a/b` -> `https://github.com/a/b`: a URL fit for messages. */
export function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]+@/i, '$1')
}

/** True when a URL would carry a token in the clear: plain http to a host that is not this machine. */
export function isInsecureTokenTransport(url: string): boolean {
  const match = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/]+@)?(\[[^\]]+\]|[^/:]+)/i.exec(url.trim())
  return match !== null && match[1].toLowerCase() === 'http' && !isLoopback(match[2])
}

/** The token is never sent over plain http except to loopback (a local stand-in): refused with one line, exit 1. */
export function refuseInsecureTokenTransport(url: string, what: string): void {
  if (isInsecureTokenTransport(url)) {
    throw new UsageError(`refusing to send the GitHub token to ${what} ${withoutCredentials(url)}: it is plain http`, 'use an https URL (or ssh for the git remote)')
  }
}

/**
 * Git config entries, passed through the environment of one command (GIT_CONFIG_COUNT/KEY/VALUE), that send the
 * token as an HTTP header to the origin's host only. Nothing is written to `.git/config`, the remote URL or the
 * command line, so the token cannot leak through `ps`, a log of the command or a later `git remote -v`.
 * Only https remotes get it: an ssh or local remote has its own authentication.
 */
export function tokenEnvironment(originUrl: string, token: string | undefined, env: NodeJS.ProcessEnv): Record<string, string> {
  const match = /^(https?:\/\/)(?:[^@/]+@)?([^/]+)\//i.exec(originUrl.trim())
  if (!token || !match || isInsecureTokenTransport(originUrl)) return {}
  const index = Number.parseInt(env.GIT_CONFIG_COUNT ?? '0', 10) || 0
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64')
  return {
    GIT_CONFIG_COUNT: String(index + 1),
    [`GIT_CONFIG_KEY_${index}`]: `http.${match[1]}${match[2]}/.extraheader`,
    [`GIT_CONFIG_VALUE_${index}`]: `AUTHORIZATION: basic ${basic}`,
  }
}

/** Every form the token can take in text (as is, inside the basic header) replaced, for messages and logs. */
export function scrubSecret(text: string, token: string | undefined): string {
  if (!token) return text
  const forms = [token, Buffer.from(`x-access-token:${token}`).toString('base64'), encodeURIComponent(token)]
  return forms.reduce((out, form) => out.split(form).join('***'), text)
}
