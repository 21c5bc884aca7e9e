/**
 * Reads the code examples out of a README. Every ```js / ```ts block is an example that the
 * packaging test runs as written, unless an HTML comment on the line before says otherwise:
 *
 *   <!-- example: skip — why it cannot run on its own -->   not run (a reason is required)
 *   <!-- example: continues -->                             appended to the example before it
 *   <!-- example: browser -->                               run in headless Chromium, not Node
 *   <!-- example: with packages/x/test/fixtures/a.onnx -->   run with these repository files
 *                                                           copied into its working folder
 *
 * A line ending in `// → text` states what the statement prints: the run must print a line
 * equal to `text` (whitespace ignored), in the order of the comments.
 */

/** One fenced block. */
export interface CodeBlock {
  lang: 'js' | 'ts';
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
  directive: 'run' | 'skip' | 'continues' | 'browser' | 'with';
  /** The reason given with `skip`; the file list given with `with`. */
  reason: string;
}

/** One runnable example: a block and the blocks that continue it. */
export interface Example {
  /** `README.md:12` (the first block's fence). */
  where: string;
  lang: 'js' | 'ts';
  browser: boolean;
  code: string;
  /** What the run must print, in order. */
  expected: string[];
  /** Repository files (paths from the root) copied into the example's working folder. */
  files: string[];
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/;
const DIRECTIVE = /^\s*<!--\s*example:\s*(skip|continues|browser|with)\b\s*[—–:-]?\s*(.*?)\s*-->\s*$/;
const LANGS: Record<string, 'js' | 'ts'> = { js: 'js', mjs: 'js', javascript: 'js', ts: 'ts', mts: 'ts', typescript: 'ts' };

/** Every ```js / ```ts block of a README, with the directive written above it. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, info] = open;
    let end = i + 1;
    while (end < lines.length && !(lines[end].trim().startsWith(fence[0].repeat(fence.length)) && lines[end].trim().replace(/[`~]/g, '') === '')) end++;
    const body = lines.slice(i + 1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart()));
    const lang = LANGS[info.toLowerCase()];
    if (lang) {
      let prev = i - 1;
      while (prev >= 0 && lines[prev].trim() === '') prev--;
      const d = prev >= 0 ? DIRECTIVE.exec(lines[prev]) : null;
      blocks.push({ lang, code: body.join('\n'), line: i + 1, directive: d ? (d[1] as CodeBlock['directive']) : 'run', reason: d ? d[2] : '' });
    }
    i = end;
  }
  return blocks;
}

/** The README's runnable examples (continued blocks joined); throws on a skip without a reason. */
export function examples(markdown: string, file: string): Example[] {
  const out: Example[] = [];
  for (const b of codeBlocks(markdown)) {
    if (b.directive === 'skip') {
      if (!b.reason) throw new Error(`${file}:${b.line}: "example: skip" needs a reason`);
      continue;
    }
    if (b.directive === 'continues') {
      const last = out[out.length - 1];
      if (!last) throw new Error(`${file}:${b.line}: "example: continues" but no example before it`);
      last.code += `\n${b.code}`;
      if (b.lang === 'ts') last.lang = 'ts';
      continue;
    }
    const files = b.directive === 'with' ? b.reason.split(/\s+/).filter(Boolean) : [];
    if (b.directive === 'with' && files.length === 0) throw new Error(`${file}:${b.line}: "example: with" needs file paths`);
    out.push({ where: `${file}:${b.line}`, lang: b.lang, browser: b.directive === 'browser', code: b.code, expected: [], files });
  }
  for (const e of out) e.expected = expectedOutput(e.code);
  return out;
}

/** The `// → text` comments of a piece of code, in order. */
export function expectedOutput(code: string): string[] {
  const found: string[] = [];
  for (const line of code.split('\n')) {
    const m = /\/\/\s*→\s*(.+)$/.exec(line);
    if (m) found.push(m[1].trim());
  }
  return found;
}

/** Checks that `expected` lines appear in `printed` in order (whitespace ignored); returns what is missing. */
export function missingOutput(expected: string[], printed: string): string[] {
  const squash = (s: string): string => s.replace(/\s+/g, '');
  const lines = printed.split('\n').map(squash);
  let at = 0;
  const missing: string[] = [];
  for (const want of expected) {
    const k = lines.indexOf(squash(want), at);
    if (k < 0) missing.push(want);
    else at = k + 1;
  }
  return missing;
}
