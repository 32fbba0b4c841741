// GitHub behind the narrow interface reverse sync needs (Renovate's Platform: find, create, update). Octokit with
// the throttling and retry plugins, so rate limits and secondary limits slow a run down instead of failing it.
// Every failure leaves this module as a RemoteError with one line that says what to do.

import {retry} from '@octokit/plugin-retry'
import {throttling} from '@octokit/plugin-throttling'
import {Octokit} from '@octokit/rest'

import type {NetworkSettings} from '../../config/settings.js'
import type {OpenPullRequest} from '../../core/plan/pull-request-decision.js'
import {type IalError, isIalError, RemoteError} from '../../errors.js'
import {formatDuration} from '../aws/errors.js'
import {refuseInsecureTokenTransport, scrubSecret} from '../git/remote.js'
import {deadlineFetch, deadlineOf} from '../network/fetch.js'

export interface PullRequestPlatform {
  /** Fails early, before any git work, when the repository cannot be seen with this token. */
  checkAccess(): Promise<void>
  findOpenPullRequests(): Promise<OpenPullRequest[]>
  createPullRequest(input: {title: string; body: string; head: string; base: string}): Promise<OpenPullRequest>
  updatePullRequest(number: number, input: {body: string}): Promise<void>
  addLabels(number: number, labels: string[]): Promise<void>
  requestReviewers(number: number, reviewers: string[]): Promise<void>
}

export interface GitHubOptions {
  token: string
  owner: string
  repo: string
  /** `https://api.github.com`, or `https://ghe.example.com/api/v3` for GitHub Enterprise. */
  baseUrl?: string
  /** Retries of 5xx and network errors; tests lower the wait. */
  retry?: {retries?: number; retryAfterBaseValue?: number}
  /** How many times a rate-limited request is retried after the wait GitHub asks for. */
  rateLimitRetries?: number
  /** Deadlines, proxy and the run's abort signal (settings.network). */
  network: NetworkSettings
}

/** A request that hit a deadline is retried this many times at most, whatever `retry.retries` allows for 5xx. */
export const TIMEOUT_RETRIES = 1

interface DeadlineOptions {
  retries: number
  signal?: AbortSignal
}

interface RetryableRequest {
  request: {retries?: number}
}

/**
 * Registered before the retry plugin, so its error hook sees every attempt first: a timeout leaves at most one
 * retry (two silent deadlines, then one line), and once the run is aborted nothing is retried: the abort's reason
 * (the run's --timeout) is what fails the call.
 */
const deadlines: Parameters<typeof Octokit.plugin>[0] = (octokit, options) => {
  const settings = (options as {ialctlDeadlines?: DeadlineOptions}).ialctlDeadlines
  octokit.hook.error('request', async (error, request) => {
    if (settings?.signal?.aborted) throw settings.signal.reason
    if (deadlineOf(error)) {
      const retryable = request as unknown as RetryableRequest
      retryable.request.retries = Math.min(retryable.request.retries ?? settings?.retries ?? TIMEOUT_RETRIES, TIMEOUT_RETRIES)
    }

    throw error
  })
}

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com'

const GitHubClient = Octokit.plugin(deadlines, throttling, retry)

export function createPullRequestPlatform(options: GitHubOptions): PullRequestPlatform {
  const baseUrl = (options.baseUrl ?? DEFAULT_GITHUB_API_URL).replace(/\/+$/, '')
  // The token goes over https (or to a loopback stand-in) only: refused before any request.
  refuseInsecureTokenTransport(baseUrl, 'the GitHub API')
  const rateLimitRetries = options.rateLimitRetries ?? 2
  const retries = options.retry?.retries ?? 3
  const octokit = new GitHubClient({
    auth: options.token,
    baseUrl,
    userAgent: 'ialctl-reverse-sync',
    request: {fetch: deadlineFetch(options.network)},
    ialctlDeadlines: {retries, signal: options.network.signal},
    // Octokit logs warnings (deprecations, retries) to the console; the CLI owns the terminal.
    log: {debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined},
    retry: {retries, retryAfterBaseValue: options.retry?.retryAfterBaseValue ?? 1000},
    throttle: {
      onRateLimit: (_after: number, _request: unknown, _octokit: unknown, count: number) => count < rateLimitRetries,
      onSecondaryRateLimit: (_after: number, _request: unknown, _octokit: unknown, count: number) => count < rateLimitRetries,
    },
  })
  const repo = {owner: options.owner, repo: options.repo}
  const fail = (action: string, permission: string) => (error: unknown) => {
    throw gitHubError(error, {action, permission, repository: `${options.owner}/${options.repo}`, baseUrl, token: options.token, network: options.network})
  }

  return {
    async checkAccess() {
      await octokit.rest.repos.get(repo).catch(fail('read the repository', 'metadata: read'))
    },

    async findOpenPullRequests() {
      const pulls = await octokit.paginate(octokit.rest.pulls.list, {...repo, state: 'open', per_page: 100}).catch(fail('list pull requests', 'pull-requests: read'))
      return pulls.map((pull) => toOpenPullRequest(pull))
    },

    async createPullRequest(input) {
      const {data} = await octokit.rest.pulls.create({...repo, ...input, maintainer_can_modify: true}).catch(fail('open the pull request', 'pull-requests: write'))
      return toOpenPullRequest(data)
    },

    async updatePullRequest(number, input) {
      await octokit.rest.pulls.update({...repo, pull_number: number, body: input.body}).catch(fail(`update pull request #${number}`, 'pull-requests: write'))
    },

    async addLabels(number, labels) {
      if (labels.length === 0) return
      await octokit.rest.issues.addLabels({...repo, issue_number: number, labels}).catch(fail(`label pull request #${number}`, 'pull-requests: write'))
    },

    async requestReviewers(number, reviewers) {
      if (reviewers.length === 0) return
      // `org/team` names a team; anything else is a user.
      const teams = reviewers.filter((name) => name.includes('/')).map((name) => name.split('/').at(-1) as string)
      const users = reviewers.filter((name) => !name.includes('/'))
      await octokit.rest.pulls.requestReviewers({...repo, pull_number: number, reviewers: users, team_reviewers: teams}).catch(fail(`request reviewers on #${number}`, 'pull-requests: write'))
    },
  }
}

interface PullShape {
  number: number
  html_url: string
  body?: string | null
  head: {ref: string; sha: string}
  base: {ref: string}
  labels?: ({name?: string} | string)[]
}

function toOpenPullRequest(pull: PullShape): OpenPullRequest {
  return {
    number: pull.number,
    url: pull.html_url,
    head: {ref: pull.head.ref, sha: pull.head.sha},
    base: pull.base.ref,
    body: pull.body ?? '',
    labels: (pull.labels ?? []).map((label) => (typeof label === 'string' ? label : (label.name ?? ''))),
  }
}

interface ErrorContext {
  action: string
  permission: string
  repository: string
  baseUrl: string
  token: string
  network: Pick<NetworkSettings, 'connectTimeoutMs' | 'socketTimeoutMs'>
}

/** Octokit's RequestError (or a network failure) -> one line naming what failed and what to do; never the token. */
export function gitHubError(error: unknown, context: ErrorContext): IalError {
  // Ours already: the run's --timeout, which stopped the request.
  if (isIalError(error)) return error
  const status = (error as {status?: number}).status
  const data = (error as {response?: {data?: {message?: string; errors?: {message?: string; code?: string; field?: string}[]}}}).response?.data
  const detail = [data?.message, ...(data?.errors ?? []).map((entry) => entry.message ?? [entry.field, entry.code].filter(Boolean).join(' '))].filter(Boolean).join('; ')
  const scrub = (text: string) => scrubSecret(text, context.token).split('\n')[0]
  const prefix = `GitHub could not ${context.action} in ${context.repository}`
  const deadline = deadlineOf(error)
  if (deadline) {
    const limit = formatDuration(deadline === 'connect' ? context.network.connectTimeoutMs : context.network.socketTimeoutMs)
    const what = deadline === 'connect' ? `did not accept a connection within ${limit}` : `did not answer within ${limit}`
    const knob = deadline === 'connect' ? '--connect-timeout or network.connectTimeout' : '--socket-timeout or network.socketTimeout'
    return new RemoteError(`GitHub API ${context.baseUrl} ${what} (could not ${context.action} in ${context.repository})`, `check the network, GITHUB_API_URL or reverseSync.github.apiUrl, and the proxy (HTTPS_PROXY, NO_PROXY); ${knob} raises the limit`)
  }
  if (status === 401) return new RemoteError(`${prefix}: the token was rejected (401)`, 'set GITHUB_TOKEN or GH_TOKEN to a valid token')
  if (status === 403)
    return new RemoteError(`${prefix}: access denied (403)${detail ? `: ${scrub(detail)}` : ''}`, `the token needs ${context.permission} (reverse sync needs contents: write and pull-requests: write)`)
  if (status === 404) return new RemoteError(`${prefix}: not found (404)`, 'check reverseSync.github.owner/repo and that the token can see the repository')
  if (status === 422) return new RemoteError(`${prefix}: GitHub refused it (422)${detail ? `: ${scrub(detail)}` : ''}`, 'a pull request for this branch may already exist, or the branch or base is missing')
  // Octokit reports a network failure as status 500 whose message is the cause (`connect ECONNREFUSED ...`).
  const reason = error instanceof Error ? error.message : String(error)
  if (status === undefined || status >= 500) return new RemoteError(`${prefix}: cannot reach ${context.baseUrl} (${scrub(reason)})`, 'check the network and GITHUB_API_URL')
  return new RemoteError(`${prefix}: HTTP ${status}${detail ? `: ${scrub(detail)}` : ''}`)
}
