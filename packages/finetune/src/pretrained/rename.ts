/**
 * Key renaming for pretrained state dicts: a function (return null to drop a key) or a
 * table of [pattern, replacement] rules applied in order, where a string pattern replaces a
 * leading prefix (`['backbone.', '']`) and a RegExp goes through `String.replace`
 * (`[/^layer(\d+)\./, 'blocks.$1.']`).
 */
import { TensorloomError } from '@tensorloom/core';

/** A renaming function, or rules as `[pattern, replacement]` pairs or a `{ prefix: replacement }` object. */
export type RenameRule =
  | ((key: string) => string | null)
  | ReadonlyArray<readonly [string | RegExp, string]>
  | Readonly<Record<string, string>>;

/**
 * A function that renames one key (null: drop it) for `rule`.
 *
 * @example
 * renamer({ 'conv1.': '0.' })('conv1.weight'); // '0.weight'
 */
export function renamer(op: string, rule: RenameRule | undefined): (key: string) => string | null {
  if (rule === undefined) return (k) => k;
  if (typeof rule === 'function') {
    return (k) => {
      const out = rule(k);
      if (out !== null && (typeof out !== 'string' || out === '')) throw new TensorloomError(op, `rename('${k}') returned ${JSON.stringify(out)}; return a non-empty key, or null to drop it`);
      return out;
    };
  }
  const pairs: Array<readonly [string | RegExp, string]> = Array.isArray(rule) ? [...rule] : Object.entries(rule as Record<string, string>);
  for (const pair of pairs) {
    if (!Array.isArray(pair) || pair.length !== 2 || !(typeof pair[0] === 'string' || pair[0] instanceof RegExp) || typeof pair[1] !== 'string') {
      throw new TensorloomError(op, `a rename rule is [pattern, replacement] with a string prefix or RegExp pattern, got ${JSON.stringify(pair)}`);
    }
  }
  return (key) => {
    let k = key;
    for (const [from, to] of pairs) {
      if (typeof from === 'string') { if (k.startsWith(from)) k = to + k.slice(from.length); }
      else k = k.replace(from, to);
    }
    return k;
  };
}
