// A small HTTP server that speaks the GitHub REST endpoints reverse sync uses, on 127.0.0.1:<random port>.
// Tests point the real Octokit client at it through apiUrl, so requests, headers, JSON and status codes are real.
// When given the bare repository that stands for `origin`, it answers like GitHub about branches (a pull request
// needs its head branch to exist; the head commit is read from the repository) and serves that repository over
// smart HTTP at /<owner>/<repo>.git through `git http-backend`, accepting only the token as a basic-auth header,
// the way github.com does. So a push works only if git really sent the token, and only as a header.

import {execFileSync, spawn} from 'node:child_process'
import path from 'node:path'
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'

export interface StandInPull {
  number: number
  state: 'open' | 'closed'
  title: string
  body: string
  head: {ref: string; sha: string}
  base: {ref: string}
  labels: {name: string}[]
  requested_reviewers: {login: string}[]
  requested_teams: {slug: string}[]
  html_url: string
}

export interface RecordedRequest {
  method: string
  path: string
  authorization: string | undefined
  body: unknown
}

interface Failure {
  method: string
  path: RegExp
  status: number
  body: unknown
}

export class GitHubStandIn {
  readonly pulls: StandInPull[] = []
  readonly requests: RecordedRequest[] = []
  private readonly failures: Failure[] = []
  private nextNumber = 1

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly options: {owner: string; repo: string; token: string; bareRepo?: string},
  ) {}

  static async start(options: {owner: string; repo: string; token: string; bareRepo?: string}): Promise<GitHubStandIn> {
    const holder: {standIn?: GitHubStandIn} = {}
    const server = createServer((request, response) => {
      void holder.standIn?.handle(request, response)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const {port} = server.address() as AddressInfo
    holder.standIn = new GitHubStandIn(server, `http://127.0.0.1:${port}`, options)
    return holder.standIn
  }

  /** The next request matching method and path answers `status` instead (once). */
  failNext(method: string, path: RegExp, status: number, body: unknown = {message: 'failure'}): void {
    this.failures.push({method, path, status, body})
  }

  /** Requests that change something (anything but GET). */
  get writes(): RecordedRequest[] {
    return this.requests.filter((request) => request.method !== 'GET')
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  /** The clone URL of the bare repository, as `origin` would have it on github.com. */
  get cloneUrl(): string {
    return `${this.url}/${this.options.owner}/${this.options.repo}.git`
  }

  /** Authorization headers git sent, for asserting that the token went as a header (and only there). */
  readonly gitAuthorizations: (string | undefined)[] = []

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const url = new URL(request.url ?? '/', this.url)
    const method = request.method ?? 'GET'
    if (url.pathname.startsWith(`/${this.options.owner}/${this.options.repo}.git/`)) return this.serveGit(request, response, url, Buffer.concat(chunks))
    const text = Buffer.concat(chunks).toString('utf8')
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined
    this.requests.push({method, path: url.pathname + url.search, authorization: request.headers.authorization, body})
    const send = (status: number, payload: unknown) => {
      response.writeHead(status, {'content-type': 'application/json; charset=utf-8'})
      response.end(JSON.stringify(payload))
    }

    const failure = this.failures.findIndex((entry) => entry.method === method && entry.path.test(url.pathname))
    if (failure !== -1) {
      const [entry] = this.failures.splice(failure, 1)
      send(entry.status, entry.body)
      return
    }

    const auth = request.headers.authorization ?? ''
    if (auth !== `token ${this.options.token}` && auth !== `Bearer ${this.options.token}`) {
      send(401, {message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest'})
      return
    }

    const prefix = `/repos/${this.options.owner}/${this.options.repo}`
    const path = url.pathname
    if (!path.startsWith(prefix)) {
      send(404, {message: 'Not Found'})
      return
    }

    const rest = path.slice(prefix.length)
    const pullNumber = /^\/(?:pulls|issues)\/(\d+)/.exec(rest)?.[1]
    const pull = pullNumber ? this.pulls.find((entry) => entry.number === Number(pullNumber)) : undefined
    if (method === 'GET' && rest === '') return send(200, {name: this.options.repo, full_name: `${this.options.owner}/${this.options.repo}`, default_branch: 'main', permissions: {push: true, pull: true}})
    if (method === 'GET' && rest === '/pulls') {
      const state = url.searchParams.get('state') ?? 'open'
      return send(200, this.pulls.filter((entry) => state === 'all' || entry.state === state).map((entry) => this.fresh(entry)))
    }

    if (method === 'POST' && rest === '/pulls') {
      const input = body as {title: string; head: string; base: string; body?: string}
      const sha = this.branchSha(input.head)
      if (this.options.bareRepo && !sha) return send(422, {message: 'Validation Failed', errors: [{resource: 'PullRequest', field: 'head', code: 'invalid'}]})
      if (this.pulls.some((entry) => entry.state === 'open' && entry.head.ref === input.head))
        return send(422, {message: 'Validation Failed', errors: [{resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${this.options.owner}:${input.head}.`}]})
      const number = this.nextNumber++
      const created: StandInPull = {
        number,
        state: 'open',
        title: input.title,
        body: input.body ?? '',
        head: {ref: input.head, sha: sha ?? '0'.repeat(40)},
        base: {ref: input.base},
        labels: [],
        requested_reviewers: [],
        requested_teams: [],
        html_url: `https://github.example/${this.options.owner}/${this.options.repo}/pull/${number}`,
      }
      this.pulls.push(created)
      return send(201, created)
    }

    if (!pull) return send(404, {message: 'Not Found'})
    if (method === 'PATCH' && rest === `/pulls/${pull.number}`) {
      const input = body as {body?: string; title?: string}
      if (input.body !== undefined) pull.body = input.body
      if (input.title !== undefined) pull.title = input.title
      return send(200, this.fresh(pull))
    }

    if (method === 'POST' && rest === `/issues/${pull.number}/labels`) {
      for (const name of (body as {labels: string[]}).labels) if (!pull.labels.some((label) => label.name === name)) pull.labels.push({name})
      return send(200, pull.labels)
    }

    if (method === 'POST' && rest === `/pulls/${pull.number}/requested_reviewers`) {
      const input = body as {reviewers?: string[]; team_reviewers?: string[]}
      pull.requested_reviewers.push(...(input.reviewers ?? []).map((login) => ({login})))
      pull.requested_teams.push(...(input.team_reviewers ?? []).map((slug) => ({slug})))
      return send(201, this.fresh(pull))
    }

    send(404, {message: 'Not Found'})
  }

  /** Smart HTTP through `git http-backend` (CGI); the token must come as `basic x-access-token:<token>`. */
  private serveGit(request: IncomingMessage, response: ServerResponse, url: URL, input: Buffer): void {
    const bare = this.options.bareRepo
    const auth = request.headers.authorization
    this.gitAuthorizations.push(auth)
    const expected = `basic ${Buffer.from(`x-access-token:${this.options.token}`).toString('base64')}`
    if (!bare || auth?.toLowerCase() !== expected.toLowerCase()) {
      response.writeHead(401, {'www-authenticate': 'Basic realm="GitHub"'})
      response.end()
      return
    }

    const repoPath = url.pathname.slice(`/${this.options.owner}/${this.options.repo}.git`.length)
    const child = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: bare,
        GIT_HTTP_EXPORT_ALL: '1',
        GIT_CONFIG_NOSYSTEM: '1',
        HOME: path.dirname(bare),
        PATH_INFO: repoPath,
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: request.method ?? 'GET',
        CONTENT_TYPE: request.headers['content-type'] ?? '',
        CONTENT_LENGTH: String(input.length),
        HTTP_CONTENT_ENCODING: request.headers['content-encoding'] ?? '',
        HTTP_GIT_PROTOCOL: String(request.headers['git-protocol'] ?? ''),
        REMOTE_USER: 'x-access-token',
        REMOTE_ADDR: '127.0.0.1',
      },
    })
    const output: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk))
    child.on('close', () => {
      const all = Buffer.concat(output)
      const split = all.indexOf('\r\n\r\n')
      const head = all.subarray(0, split).toString('utf8').split('\r\n')
      const headers: Record<string, string> = {}
      let status = 200
      for (const line of head) {
        const [name, ...rest] = line.split(':')
        if (name.toLowerCase() === 'status') status = Number.parseInt(rest.join(':').trim(), 10)
        else if (name) headers[name.toLowerCase()] = rest.join(':').trim()
      }

      response.writeHead(status, headers)
      response.end(all.subarray(split + 4))
    })
    // git http-backend may answer (a rejected push, say) and exit before reading the whole body; the
    // response then comes from its output, and the broken pipe is expected.
    child.stdin.on('error', () => {})
    child.stdin.end(input)
  }

  /** GitHub reports the head commit the branch has now. */
  private fresh(pull: StandInPull): StandInPull {
    const sha = this.branchSha(pull.head.ref)
    if (sha) pull.head.sha = sha
    return pull
  }

  private branchSha(ref: string): string | undefined {
    if (!this.options.bareRepo) return undefined
    try {
      return execFileSync('git', ['--git-dir', this.options.bareRepo, 'rev-parse', '--verify', '--quiet', `refs/heads/${ref}`], {encoding: 'utf8'}).trim() || undefined
    } catch {
      return undefined
    }
  }
}
