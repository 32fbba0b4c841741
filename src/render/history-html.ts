// `drift history --output html`: one self-contained page (no external asset: styles, script and chart inline, and
// a Content-Security-Policy that forbids loading anything), to open from a CI artifact. Every string that comes from
// the history (AWS ids, types, paths, file names) goes through htmlText; links are only made to relative template
// paths.
import type {DriftHistory, HistoryEntry, TrendDay} from '../core/history/view.js'
import {SEVERITIES, type Severity} from '../core/model.js'
import {htmlText as h} from '../core/shared/untrusted-text.js'
import {day, historyHeadline, resolutionText} from './history.js'
import {DRIFT_TYPE_LABELS} from './style.js'

const COLORS: Record<Severity, string> = {critical: '#b91c1c', high: '#ea580c', medium: '#ca8a04', low: '#2563eb'}
const SEVERITY_ORDER: Record<Severity, number> = {critical: 4, high: 3, medium: 2, low: 1}

const CHART = {width: 760, height: 220, left: 36, bottom: 28, top: 10}

export function renderHistoryHtml(history: DriftHistory): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ialctl drift history</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#111}
h1{font-size:1.4rem}
table{border-collapse:collapse;width:100%;margin-top:.5rem}
th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{cursor:pointer;user-select:none;background:#f4f4f5}
th[aria-sort=ascending]::after{content:" ▲"}
th[aria-sort=descending]::after{content:" ▼"}
td.num{text-align:right}
.sev{font-weight:600}
${SEVERITIES.map((severity) => `.sev-${severity}{color:${COLORS[severity]}}`).join('\n')}
.legend span{margin-right:1rem}
.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
code{font-size:.9em}
</style>
</head>
<body>
<h1>ialctl drift history</h1>
<p id="headline">${h(historyHeadline(history))}. Generated ${h(history.generatedAt)}.</p>
<h2>Trend: items open at the end of each day</h2>
${trendChart(history.trend)}
<h2>Items</h2>
<p><label>Filter <input id="filter" type="search" placeholder="id, type, severity, state…" autocomplete="off"></label> <span id="shown"></span></p>
<table id="items">
<thead><tr>${COLUMNS.map((column, index) => `<th data-column="${index}" data-type="${column.type}" scope="col">${column.label}</th>`).join('')}</tr></thead>
<tbody>
${history.items.map(itemRow).join('\n')}
</tbody>
</table>
<script>
${SCRIPT}
</script>
</body>
</html>
`
}

const COLUMNS = [
  {label: 'State', type: 'text'},
  {label: 'Severity', type: 'number'},
  {label: 'Resource', type: 'text'},
  {label: 'Type', type: 'text'},
  {label: 'Drift', type: 'text'},
  {label: 'Region', type: 'text'},
  {label: 'First seen', type: 'text'},
  {label: 'Last seen', type: 'text'},
  {label: 'Runs', type: 'number'},
  {label: 'Resolved', type: 'text'},
  {label: 'Age (days)', type: 'number'},
  {label: 'Location', type: 'text'},
] as const

function itemRow(entry: HistoryEntry): string {
  const cells = [
    `<td>${entry.state}</td>`,
    `<td class="sev sev-${entry.severity}" data-sort="${SEVERITY_ORDER[entry.severity]}">${entry.severity}</td>`,
    `<td><code>${h(entry.id)}</code></td>`,
    `<td>${h(entry.type)}</td>`,
    `<td>${DRIFT_TYPE_LABELS[entry.driftType]}</td>`,
    `<td>${h(entry.region ?? '')}</td>`,
    `<td data-sort="${h(entry.firstSeen)}">${day(entry.firstSeen)}</td>`,
    `<td data-sort="${h(entry.lastSeen)}">${day(entry.lastSeen)}</td>`,
    `<td class="num" data-sort="${entry.runs}">${entry.runs}</td>`,
    `<td data-sort="${h(entry.resolvedAt ?? '')}">${h(resolutionText(entry))}</td>`,
    `<td class="num" data-sort="${entry.ageDays}">${entry.ageDays}</td>`,
    `<td>${locationCell(entry)}</td>`,
  ]
  return `<tr data-state="${entry.state}" data-severity="${entry.severity}">${cells.join('')}</tr>`
}

/**
 * `file:line` as a link to the template (relative to where the page is opened: the repository root when written
 * there), only for a plain relative path: a path from a hand-edited history could otherwise be `javascript:` or
 * point anywhere.
 */
function locationCell(entry: HistoryEntry): string {
  if (!entry.location) return ''
  const {file, line} = entry.location
  const label = `${h(file)}:${line}`
  if (!/^(?!\/)(?!.*(^|\/)\.\.(\/|$))[\w./-]+$/.test(file)) return `<code>${label}</code>`
  return `<a href="${h(file.split('/').map(encodeURIComponent).join('/'))}#L${line}"><code>${label}</code></a>`
}

/** Stacked bars, one per day, one segment per severity; each bar carries its counts as data attributes. */
function trendChart(trend: readonly TrendDay[]): string {
  const {width, height, left, bottom, top} = CHART
  const plotHeight = height - bottom - top
  const max = Math.max(1, ...trend.map((point) => SEVERITIES.reduce((sum, severity) => sum + point.bySeverity[severity], 0)))
  const slot = trend.length > 0 ? (width - left) / trend.length : 0
  const barWidth = Math.max(1, slot * 0.8)
  const bars = trend.map((point, index) => {
    const x = left + index * slot + (slot - barWidth) / 2
    let y = height - bottom
    const total = SEVERITIES.reduce((sum, severity) => sum + point.bySeverity[severity], 0)
    const segments = SEVERITIES.filter((severity) => point.bySeverity[severity] > 0).map((severity) => {
      const segmentHeight = (point.bySeverity[severity] / max) * plotHeight
      y -= segmentHeight
      return `<rect class="seg" data-severity="${severity}" data-count="${point.bySeverity[severity]}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${segmentHeight.toFixed(1)}" fill="${COLORS[severity]}"></rect>`
    })
    const label = index === 0 || index === trend.length - 1 || trend.length <= 14 ? `<text x="${(x + barWidth / 2).toFixed(1)}" y="${height - 8}" font-size="10" text-anchor="middle">${point.day.slice(5)}</text>` : ''
    const counts = SEVERITIES.map((severity) => `data-${severity}="${point.bySeverity[severity]}"`).join(' ')
    return `<g class="day" data-day="${point.day}" ${counts}><title>${point.day}: ${total} open (${SEVERITIES.toReversed().map((severity) => `${point.bySeverity[severity]} ${severity}`).join(', ')})</title>${segments.join('')}${label}</g>`
  })
  const axis = `<line x1="${left}" y1="${height - bottom}" x2="${width}" y2="${height - bottom}" stroke="#999"></line><text x="${left - 6}" y="${top + 8}" font-size="10" text-anchor="end">${max}</text><text x="${left - 6}" y="${height - bottom}" font-size="10" text-anchor="end">0</text>`
  const legend = `<p class="legend">${SEVERITIES.toReversed()
    .map((severity) => `<span><i style="background:${COLORS[severity]}"></i>${severity}</span>`)
    .join('')}</p>`
  return `<svg id="trend" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="Open drift items per day and severity">${axis}${bars.join('')}</svg>\n${legend}`
}

// Sorting (click a heading, again to reverse) and filtering (every word must appear in the row), on the rendered
// rows: the page carries no data apart from the table itself.
const SCRIPT = `(function () {
  var table = document.getElementById('items');
  var body = table.tBodies[0];
  var filter = document.getElementById('filter');
  var shown = document.getElementById('shown');
  function value(row, column, type) {
    var cell = row.cells[column];
    var raw = cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent;
    return type === 'number' ? Number(raw) : raw.toLowerCase();
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (heading) {
    heading.addEventListener('click', function () {
      var column = Number(heading.getAttribute('data-column'));
      var type = heading.getAttribute('data-type');
      var ascending = heading.getAttribute('aria-sort') !== 'ascending';
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.removeAttribute('aria-sort'); });
      heading.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = value(a, column, type), y = value(b, column, type);
        return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  function applyFilter() {
    var words = filter.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var count = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var text = row.textContent.toLowerCase();
      var match = words.every(function (word) { return text.indexOf(word) !== -1; });
      row.hidden = !match;
      if (match) count++;
    });
    shown.textContent = count + ' of ' + body.rows.length + ' items';
  }
  filter.addEventListener('input', applyFilter);
  applyFilter();
})();`
