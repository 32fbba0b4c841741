// The page `drift history --output html` writes, opened in a real browser (headless Debian Chromium through
// puppeteer-core) from a file:// URL as someone opening a CI artifact would: it loads with no request beyond its
// own file, the table sorts when a heading is clicked and filters as one types, and the SVG chart shows the
// history's counts per day. Without /usr/bin/chromium the test is skipped with its reason; with CI=true it fails
// (.ci/run installs Chromium first).
import {cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {pathToFileURL} from 'node:url'

import {type Browser, launch, type Page} from 'puppeteer-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {DriftHistory, HistoryEntry} from '../../src/core/history/view.js'
import type {DriftReport} from '../../src/core/model.js'
import {createWorkspace, REPO_ROOT, runCli, type Workspace} from '../helpers/cli.js'
import {DEMO_SNAPSHOT, writeHealedDemoSnapshot} from '../helpers/demo-heal.js'

const CHROMIUM = '/usr/bin/chromium'
const INSTALL_HINT = 'apt-get install -y --no-install-recommends chromium'
const DAY_MS = 86_400_000

const chromiumPresent = existsSync(CHROMIUM)
const inCi = process.env.CI === 'true'
if (!chromiumPresent && !inCi) process.stderr.write(`history page in a browser: skipped, ${CHROMIUM} is not installed; enable with: ${INSTALL_HINT}\n`)

describe.runIf(!chromiumPresent && inCi)('drift history --output html in a browser (CI)', () => {
  it('GIVEN CI=true WHEN Chromium is missing THEN the run fails and says how to install it', () => {
    throw new Error(`${CHROMIUM} is not installed and CI=true: the history page's browser test cannot run; install it with: ${INSTALL_HINT} (.ci/run does)`)
  })
})

describe.skipIf(!chromiumPresent)(`drift history --output html in headless Chromium (${chromiumPresent ? CHROMIUM : `skipped: ${CHROMIUM} is not installed; ${INSTALL_HINT}`})`, {timeout: 180_000}, () => {
  let workspace: Workspace
  let history: DriftHistory
  let pageFile: string
  let browser: Browser
  let userDataDir: string

  beforeAll(async () => {
    workspace = createWorkspace({config: readFileSync(path.join(REPO_ROOT, 'config/ialctl.yaml'), 'utf8')})
    cpSync(DEMO_SNAPSHOT, path.join(workspace.dir, 'drifted.json'))
    // Three checks on three days: the demo drift, then WorkerInstance's tags healed (one item fewer), then back.
    const first = await check('drifted.json')
    moveLastRunBack(3)
    await check(writeHealedDemoSnapshot(workspace.dir, JSON.parse(first.stdout) as DriftReport))
    moveLastRunBack(2)
    await check('drifted.json')
    moveLastRunBack(1)

    const json = await runCli(workspace, ['drift', 'history', '--json'])
    expect(json.code, json.stderr).toBe(0)
    history = JSON.parse(json.stdout) as DriftHistory
    const page = await runCli(workspace, ['drift', 'history', '--output', 'html', '--report', 'history.html'])
    expect(page.code, page.stderr).toBe(0)
    pageFile = path.join(workspace.dir, 'history.html')

    userDataDir = mkdtempSync(path.join(tmpdir(), 'ialctl-chromium-'))
    browser = await launch({
      executablePath: CHROMIUM,
      headless: true,
      userDataDir,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    if (userDataDir) rmSync(userDataDir, {recursive: true, force: true})
  })

  async function check(snapshot: string) {
    const result = await runCli(workspace, ['drift', 'check', '--snapshot', snapshot, '--history', '--json'])
    expect(result.code, result.stderr).toBe(2)
    return result
  }

  /** The newest history record, dated `days` days ago (file name and `at`), so that the runs fall on three days. */
  function moveLastRunBack(days: number): void {
    const dir = path.join(workspace.dir, '.ialctl/history')
    const newest = readdirSync(dir).filter((name) => name.startsWith('run-')).sort().at(-1)!
    const record = JSON.parse(readFileSync(path.join(dir, newest), 'utf8')) as {at: string}
    record.at = new Date(Date.parse(record.at) - days * DAY_MS).toISOString()
    writeFileSync(path.join(dir, newest), JSON.stringify(record))
    renameSync(path.join(dir, newest), path.join(dir, `run-${record.at.replaceAll(/[:.]/g, '-')}-${newest.slice(-17)}`))
  }

  /** The page opened from its file, with every request it makes and every error it raises. */
  async function openPage(): Promise<{page: Page; requests: string[]; errors: string[]}> {
    const page = await browser.newPage()
    const requests: string[] = []
    const errors: string[] = []
    await page.setRequestInterception(true)
    page.on('request', (request) => {
      requests.push(request.url())
      // Nothing but the file itself may load; anything else is recorded and stopped here, never sent.
      if (request.url() === pathToFileURL(pageFile).href) void request.continue()
      else void request.abort()
    })
    page.on('pageerror', (error) => errors.push(String(error)))
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    await page.goto(pathToFileURL(pageFile).href, {waitUntil: 'load'})
    return {page, requests, errors}
  }

  const visibleRows = (page: Page) =>
    page.$$eval('#items tbody tr', (rows) =>
      // The DOM's own types are not in this project's lib (it is a Node program): the row's shape is spelled out.
      (rows as unknown as Array<{hidden: boolean; cells: ArrayLike<{textContent: string | null}>}>)
        .filter((row) => !row.hidden)
        .map((row) => {
          const cells = row.cells
          return {state: cells[0]!.textContent, severity: cells[1]!.textContent, id: cells[2]!.textContent, runs: Number(cells[8]!.textContent)}
        }),
    )

  it('GIVEN the page written by drift history WHEN opened from a file:// URL THEN it loads with no request beyond its own file and no error, and lists every item', async () => {
    const {page, requests, errors} = await openPage()
    try {
      expect(requests).toEqual([pathToFileURL(pageFile).href])
      expect(errors).toEqual([])
      expect(await page.title()).toBe('ialctl drift history')
      const rows = await visibleRows(page)
      expect(rows.map((row) => row.id)).toEqual(history.items.map((item) => item.id))
      expect(await page.$eval('#shown', (element) => element.textContent)).toBe(`${history.items.length} of ${history.items.length} items`)
      // The history this page shows has the heal: WorkerInstance came back once.
      expect(history.items.find((item) => item.id === 'WorkerInstance')).toMatchObject({state: 'open', returns: 1, runs: 2})
    } finally {
      await page.close()
    }
  })

  it('GIVEN the table WHEN a heading is clicked, then clicked again THEN the rows sort by that column, ascending then descending', async () => {
    const {page} = await openPage()
    try {
      const rank = {low: 1, medium: 2, high: 3, critical: 4} as const
      await page.click('th[data-column="1"]')
      expect(await page.$eval('th[data-column="1"]', (heading) => heading.getAttribute('aria-sort'))).toBe('ascending')
      const ascending = (await visibleRows(page)).map((row) => rank[row.severity as keyof typeof rank])
      expect(ascending).toEqual(ascending.toSorted((a, b) => a - b))
      expect(ascending[0]).toBeLessThan(ascending.at(-1)!)

      await page.click('th[data-column="1"]')
      expect(await page.$eval('th[data-column="1"]', (heading) => heading.getAttribute('aria-sort'))).toBe('descending')
      const descending = (await visibleRows(page)).map((row) => rank[row.severity as keyof typeof rank])
      expect(descending).toEqual(ascending.toReversed())

      // A numeric column sorts as numbers; sorting by another column clears the first one's arrow.
      await page.click('th[data-column="8"]')
      expect(await page.$eval('th[data-column="1"]', (heading) => heading.getAttribute('aria-sort'))).toBeNull()
      const runs = (await visibleRows(page)).map((row) => row.runs)
      expect(runs).toEqual(history.items.map((item) => item.runs).toSorted((a, b) => a - b))
    } finally {
      await page.close()
    }
  })

  it('GIVEN the filter box WHEN words are typed THEN only the rows holding every word stay, and the count says so', async () => {
    const {page} = await openPage()
    try {
      const expected = (predicate: (item: HistoryEntry) => boolean) => history.items.filter(predicate).map((item) => item.id)
      await page.type('#filter', 'critical')
      const critical = expected((item) => item.severity === 'critical')
      expect(critical.length).toBeGreaterThan(0)
      expect((await visibleRows(page)).map((row) => row.id)).toEqual(critical)
      expect(await page.$eval('#shown', (element) => element.textContent)).toBe(`${critical.length} of ${history.items.length} items`)

      await page.click('#filter', {count: 3})
      await page.keyboard.press('Backspace')
      await page.type('#filter', 'WorkerInstance open')
      expect((await visibleRows(page)).map((row) => row.id)).toEqual(['WorkerInstance'])

      await page.type('#filter', ' no-such-word')
      expect(await visibleRows(page)).toEqual([])
      expect(await page.$eval('#shown', (element) => element.textContent)).toBe(`0 of ${history.items.length} items`)
    } finally {
      await page.close()
    }
  })

  it('GIVEN three days of checks WHEN the chart is drawn THEN it has one bar per day of the trend, each segment as tall as its count, with the counts of drift history --json', async () => {
    const {page} = await openPage()
    try {
      const drawn = await page.$$eval('#trend g.day', (days) =>
        days.map((day) => ({
          day: day.getAttribute('data-day'),
          title: day.querySelector('title')?.textContent,
          segments: [...day.querySelectorAll('rect.seg')].map((rect) => ({severity: rect.getAttribute('data-severity'), count: Number(rect.getAttribute('data-count')), height: (rect as unknown as {getBBox: () => {height: number}}).getBBox().height})),
        })),
      )
      expect(drawn.map((day) => day.day)).toEqual(history.trend.map((day) => day.day))
      expect(drawn.length).toBeGreaterThanOrEqual(3)
      const totals = history.trend.map((day) => Object.values(day.bySeverity).reduce((sum, count) => sum + count, 0))
      // The healed day has one item fewer than the days around it.
      expect(new Set(totals).size).toBeGreaterThan(1)
      const pixelsPerItem = drawn.flatMap((day) => day.segments).map((segment) => segment.height / segment.count)
      for (const [index, day] of drawn.entries()) {
        const counts = history.trend[index]!.bySeverity
        expect(Object.fromEntries(day.segments.map((segment) => [segment.severity, segment.count]))).toEqual(Object.fromEntries(Object.entries(counts).filter(([, count]) => count > 0)))
        expect(day.title).toBe(`${history.trend[index]!.day}: ${totals[index]} open (${counts.critical} critical, ${counts.high} high, ${counts.medium} medium, ${counts.low} low)`)
      }

      for (const ratio of pixelsPerItem) expect(ratio).toBeCloseTo(pixelsPerItem[0]!, 1)
    } finally {
      await page.close()
    }
  })
})
