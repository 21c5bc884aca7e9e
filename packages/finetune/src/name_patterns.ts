/**
 * Name patterns for parameters and modules: a glob (`*` any run of characters, dots
 * included; `?` one character) or a RegExp, matched against a whole dotted name. A glob also
 * matches every name under a matching module path (`'features'` matches `features.0.weight`).
 */
import { TensorloomError } from '@tensorloom/core';

/** One pattern or several: globs ('features.*', 'fc*') or RegExps (/^encoder\.\d+\./). */
export type NamePatterns = string | RegExp | ReadonlyArray<string | RegExp>;

/** A glob as an anchored RegExp. */
export function globToRegExp(glob: string): RegExp {
  let src = '';
  for (const ch of glob) {
    if (ch === '*') src += '.*';
    else if (ch === '?') src += '.';
    else src += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^${src}$`);
}

/**
 * A predicate on dotted names for `patterns`; `op` names the caller in errors.
 *
 * @example
 * const m = nameMatcher('freeze', ['features.*', /^fc\./]);
 * m('features.0.weight'); // true
 */
export function nameMatcher(op: string, patterns: NamePatterns): (name: string) => boolean {
  const list = typeof patterns === 'string' || patterns instanceof RegExp ? [patterns] : patterns;
  if (!Array.isArray(list) || list.length === 0) throw new TensorloomError(op, 'needs at least one name pattern (a glob such as "features.*" or a RegExp)');
  const tests = list.map((p) => {
    if (p instanceof RegExp) return (n: string) => { p.lastIndex = 0; return p.test(n); };
    if (typeof p !== 'string' || p === '') throw new TensorloomError(op, `a pattern must be a non-empty glob string or a RegExp, got ${JSON.stringify(p)}`);
    const re = globToRegExp(p);
    return (n: string) => {
      if (re.test(n)) return true;
      for (let i = n.indexOf('.'); i >= 0; i = n.indexOf('.', i + 1)) if (re.test(n.slice(0, i))) return true;
      return false;
    };
  });
  return (name) => tests.some((t) => t(name));
}
