/**
 * The link targets of a Markdown file: inline links and images `[text](target)`, reference
 * definitions `[id]: target`, and `href`/`src` attributes of inline HTML. Code (fenced blocks
 * and `inline spans`) is left out.
 */

/** Every link target in `markdown`, with its 1-based line. */
export function linkTargets(markdown: string): { target: string; line: number }[] {
  const out: { target: string; line: number }[] = [];
  let fence: string | null = null;
  markdown.split('\n').forEach((raw, i) => {
    const f = /^\s*(`{3,}|~{3,})/.exec(raw);
    if (f) {
      if (fence === null) fence = f[1];
      else if (f[1][0] === fence[0] && f[1].length >= fence.length && raw.trim().replace(/[`~]/g, '') === '') fence = null;
      return;
    }
    if (fence !== null) return;
    const line = raw.replace(/`[^`]*`/g, '');
    for (const m of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+["'(][^)]*)?\)/g)) out.push({ target: m[1], line: i + 1 });
    const ref = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(\s|$)/.exec(line);
    if (ref) out.push({ target: ref[1], line: i + 1 });
    for (const m of line.matchAll(/\b(?:href|src)\s*=\s*["']([^"']+)["']/g)) out.push({ target: m[1], line: i + 1 });
  });
  return out;
}

/** True for targets that leave the file tree: `https:`, `mailto:`, … */
export function isAbsoluteUrl(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');
}

/** The file path part of a relative target (no `#fragment`, no `?query`, decoded); '' for a same-page anchor. */
export function relativePath(target: string): string {
  return decodeURIComponent(target.replace(/[#?].*$/, ''));
}

/**
 * Inline code outside links that names a repository path a tarball lacks (`src/…`, `test/…`,
 * `scripts/…`, `../…`): on npm such a mention points nowhere; link it to the repository instead.
 */
export function repositoryPathMentions(markdown: string): { path: string; line: number }[] {
  const out: { path: string; line: number }[] = [];
  let fence = false;
  markdown.split('\n').forEach((raw, i) => {
    if (/^\s*(`{3,}|~{3,})/.test(raw)) { fence = !fence; return; }
    if (fence) return;
    const line = raw.replace(/\[[^\]]*\]\([^)]*\)/g, '');
    for (const m of line.matchAll(/`([^`\s]+)`/g)) {
      if (/^(\.\.\/|\.\/)?(src|test|tests|scripts)\//.test(m[1]) || m[1].startsWith('../')) out.push({ path: m[1], line: i + 1 });
    }
  });
  return out;
}
