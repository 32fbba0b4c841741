// Strings ialctl did not write (AWS tag keys and values, names, descriptions, error messages) are data. Anyone with
// console access writes them, so each place they are shown has ONE function here that renders them so they cannot
// act there: move a terminal's cursor, run a GitHub Actions workflow command, add Markdown structure, add a commit
// trailer, or break a YAML document. Pure: text in, text out (SPEC 10).

/**
 * Characters that change how text is laid out or interpreted rather than being shown: C0 controls (newline, tab,
 * ESC that starts ANSI CSI/OSC sequences), DEL, C1 controls (U+009B is a one-byte CSI, U+009D a one-byte OSC),
 * Unicode line and paragraph separators, the byte-order mark, and the bidirectional controls that reorder what a
 * reader sees ("Trojan Source").
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/g

const NAMED: Record<string, string> = {'\n': String.raw`\n`, '\r': String.raw`\r`, '\t': String.raw`\t`}

const hex = (char: string, width: number) => char.codePointAt(0)!.toString(16).padStart(width, '0')

/** Every control or layout character as a visible escape (`\n`, `\x1b`, `\u202e`); everything else unchanged. */
export function visibleControls(text: string): string {
  return text.replaceAll(INVISIBLE, (char) => NAMED[char] ?? (char.codePointAt(0)! <= 0xff ? `\\x${hex(char, 2)}` : `\\u${hex(char, 4)}`))
}

/** Whether a string holds anything `visibleControls` would change. */
export const hasControls = (text: string): boolean => new RegExp(INVISIBLE.source).test(text)

// ---- terminal --------------------------------------------------------------------------------------------------

/** An untrusted string on a terminal line: one line, no escape sequence can reach the terminal. */
export const terminalText = (text: string): string => visibleControls(text)

// ---- CI log ----------------------------------------------------------------------------------------------------

/**
 * Output text as the GitHub Actions runner reads it: no line can be a workflow command. The runner takes `::name`
 * at the start of a line (after leading whitespace) and the legacy `##[name]` anywhere in a line. ialctl's own
 * lines never start that way (annotations come from SARIF), so applying this to all output changes only what an
 * untrusted value put there. The escapes are valid inside JSON strings too (`\u003a`, `\u0023`), so `--json`
 * output still parses to the same values.
 */
export function withoutWorkflowCommands(text: string): string {
  return text.replaceAll(/(^|[\n\r])([^\S\n\r]*):(?=:)/g, String.raw`$1$2\u003a`).replaceAll('##[', String.raw`#\u0023[`)
}

/**
 * JSON text for a terminal or log: JSON.stringify escapes C0 controls inside strings but leaves DEL, C1 controls
 * (a one-byte CSI), separators and bidi controls raw; they become `\u` escapes, so the JSON parses to the same value.
 */
export function jsonText(json: string): string {
  return json.replaceAll(INVISIBLE, (char) => (char === '\n' || char === '\r' || char === '\t' ? char : `\\u${hex(char, 4)}`))
}

// ---- Markdown ----------------------------------------------------------------------------------------------------

/**
 * An untrusted string as inline Markdown text (GitHub Flavored): one line (so nothing it holds is at the start of a
 * line, where `#`, `-` or `1.` would count), with every character that has an inline meaning backslash-escaped, so
 * it cannot open a code span, emphasis, strikethrough, link or image (`!` needs the `[` that is escaped), autolink (`https\://`, `www\.`), mention
 * (`\@`), HTML tag or entity, or end a table cell.
 */
export function markdownText(text: string): string {
  return visibleControls(text).replaceAll(/[\\`*_[\]()<>#|&~@.:]/g, (char) => `\\${char}`)
}

/**
 * An untrusted string as an inline code span: one line, fenced by more backticks than it holds (CommonMark).
 * Nothing in a code span is markup, a link or a mention. In a table, `markdownTableRow` escapes its pipes.
 */
export function markdownCode(text: string): string {
  const visible = visibleControls(text)
  if (visible === '') return ''
  const longest = Math.max(0, ...[...visible.matchAll(/`+/g)].map((match) => match[0].length))
  const fence = '`'.repeat(longest + 1)
  // A space on each side keeps a backtick at either end from joining the fence; CommonMark strips one of each.
  const padded = longest > 0 || visible.startsWith(' ') || visible.endsWith(' ') ? ` ${visible} ` : visible
  return `${fence}${padded}${fence}`
}

/**
 * One GitHub Flavored Markdown table row. Pipes inside a cell are escaped (GFM un-escapes them before reading the
 * cell, also inside code spans), and any line break left in a cell is made visible, so a value stays in its cell.
 */
export function markdownTableRow(cells: readonly string[]): string {
  return `| ${cells.map((cell) => visibleControls(cell).replaceAll('|', String.raw`\|`)).join(' | ')} |`
}

// ---- commit message ----------------------------------------------------------------------------------------------

/**
 * An untrusted string inside one line of a commit message: no line break (so no `Co-authored-by:` or other trailer
 * line can be added) and no control character.
 */
export const commitText = (text: string): string => visibleControls(text)

// ---- YAML --------------------------------------------------------------------------------------------------------

/** An untrusted string inside a generated `# comment`: a comment ends at the line break, so none may appear. */
export const yamlCommentText = (text: string): string => visibleControls(text)

/** YAML 1.2 printable characters are allowed raw in a document; anything else has to be escaped (YAML 1.2 5.1). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_PLAIN_PRINTABLE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Whether a string value must be written double-quoted with escapes (a line break or an unprintable character). */
export const needsYamlEscapes = (text: string): boolean => NOT_PLAIN_PRINTABLE.test(text)

const YAML_ESCAPES: Record<string, string> = {'\0': '\\0', '\u0007': '\\a', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\v': '\\v', '\f': '\\f', '\r': '\\r', '\u001B': '\\e', '"': '\\"', '\\': '\\\\', '\u0085': '\\N', '\u2028': '\\L', '\u2029': '\\P'}

/**
 * A string as a YAML double-quoted scalar on one line: every character outside YAML's printable set escaped
 * (`\n`, `\e`, `\x9b`, `\u202e`), so the value reads back exactly and the file shows no raw control character.
 */
export function yamlDoubleQuoted(text: string): string {
  let out = '"'
  for (const char of text) {
    const named = YAML_ESCAPES[char]
    if (named) out += named
    else if (NOT_PLAIN_PRINTABLE.test(char)) {
      const code = char.codePointAt(0)!
      out += code <= 0xff ? `\\x${hex(char, 2)}` : `\\u${hex(char, 4)}`
    } else out += char
  }

  return `${out}"`
}

// ---- HTML ----------------------------------------------------------------------------------------------------------

const HTML_ESCAPES: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;'}

/**
 * An untrusted string as HTML text or a quoted attribute value: the characters that open a tag, an entity or end an
 * attribute are entities, and control characters are made visible, so the value is shown and never parsed as markup.
 */
export const htmlText = (text: string): string => visibleControls(text).replaceAll(/[&<>"'`]/g, (char) => HTML_ESCAPES[char]!)

// ---- Slack -------------------------------------------------------------------------------------------------------

/**
 * An untrusted string in a Slack message's `text`: Slack reads `<…>` as a link or a mention (`<!channel>`) and
 * `&` as an entity, so exactly those three are escaped (Slack's documented rule); controls are made visible.
 */
export const slackText = (text: string): string => visibleControls(text).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
