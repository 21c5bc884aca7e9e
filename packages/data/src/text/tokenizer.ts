/**
 * A Unicode-aware word tokenizer: words (letters, marks and digits of any script, with inner
 * apostrophes), numbers, URLs and e-mail addresses as single tokens (or placeholders),
 * each Han ideograph and each emoji (with its modifiers and ZWJ sequences) as its own
 * token, and every other visible character (punctuation, symbols) as a token of one
 * character. Lower-cases by default. Linear in the input; `maxTokens` bounds the work.
 */
import { TensorloomError } from '@tensorloom/core';

/** What to do with a URL, an e-mail address or a number: map it to a placeholder token, or keep its text. */
export type SpecialTokenMode = 'placeholder' | 'keep';

export interface TokenizeOptions {
  /** Lower-case every token (default true; locale-independent `toLowerCase`). */
  lowercase?: boolean;
  /** URLs (`http(s)://…`, `www.…`): `'placeholder'` gives `<url>` (default), `'keep'` the URL itself. */
  urls?: SpecialTokenMode;
  /** E-mail addresses: `<email>` (default) or the address. */
  emails?: SpecialTokenMode;
  /** Numbers (`42`, `3.14`, `1,000`): `<num>` (default) or the digits. */
  numbers?: SpecialTokenMode;
  /** Stop after this many tokens (default: no limit). */
  maxTokens?: number;
}

/** A token with the span `[start, end)` of the original text it came from (UTF-16 offsets). */
export interface TokenSpan { token: string; start: number; end: number; kind: TokenKind }

export type TokenKind = 'url' | 'email' | 'number' | 'word' | 'han' | 'emoji' | 'symbol';

export const URL_TOKEN = '<url>';
export const EMAIL_TOKEN = '<email>';
export const NUMBER_TOKEN = '<num>';

// One alternation, tried left to right at each position; the group that matched names the kind.
const EMOJI = String.raw`(?:\p{RI}\p{RI}|\p{Extended_Pictographic}(?:\p{EMod}|\uFE0F|\u20E3)*(?:\u200D\p{Extended_Pictographic}(?:\p{EMod}|\uFE0F)*)*)`;
const PATTERN = new RegExp([
  String.raw`(?<url>(?:https?:\/\/|www\.)[^\s<>"'()\[\]{}]+)`,
  String.raw`(?<email>[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,})`,
  String.raw`(?<han>\p{Script=Han})`,
  String.raw`(?<number>\p{Nd}+(?:[.,]\p{Nd}+)*(?![\p{L}\p{M}\p{Nd}_]))`,
  String.raw`(?<word>(?:(?!\p{Script=Han})[\p{L}\p{M}\p{Nd}_])+(?:['’](?:(?!\p{Script=Han})[\p{L}\p{M}\p{Nd}])+)*)`,
  String.raw`(?<emoji>${EMOJI})`,
  String.raw`(?<symbol>[^\s\p{C}])`,
].join('|'), 'gu');

const TRAILING_URL_PUNCT = /[.,;:!?'"]+$/u;

function checkOptions(op: string, text: unknown, o: TokenizeOptions): number {
  if (typeof text !== 'string') throw new TensorloomError(op, `expected a string, got ${text === null ? 'null' : typeof text}`);
  for (const k of ['urls', 'emails', 'numbers'] as const) {
    const v = o[k];
    if (v !== undefined && v !== 'placeholder' && v !== 'keep') throw new TensorloomError(op, `${k} must be 'placeholder' or 'keep', got ${String(v)}`);
  }
  const max = o.maxTokens ?? Infinity;
  if (max !== Infinity && (!Number.isInteger(max) || max < 0)) throw new TensorloomError(op, `maxTokens must be a non-negative integer, got ${max}`);
  return max;
}

/**
 * The tokens of `text` with their spans in it (for highlighting words in a UI).
 *
 * @example
 * tokenizeWithSpans('Hi, Bob!');
 * // [{ token: 'hi', start: 0, end: 2, kind: 'word' }, { token: ',', start: 2, end: 3, kind: 'symbol' }, …]
 */
export function tokenizeWithSpans(text: string, options: TokenizeOptions = {}): TokenSpan[] {
  const max = checkOptions('tokenizeWithSpans', text, options);
  const lower = options.lowercase ?? true;
  const out: TokenSpan[] = [];
  if (max === 0) return out;
  PATTERN.lastIndex = 0;
  for (let m = PATTERN.exec(text); m !== null; m = PATTERN.exec(text)) {
    const g = m.groups as Record<TokenKind, string | undefined>;
    const kind = (Object.keys(g) as TokenKind[]).find((k) => g[k] !== undefined) as TokenKind;
    let raw = m[0];
    if (kind === 'url') {
      // A URL does not end in the sentence's punctuation.
      const trimmed = raw.replace(TRAILING_URL_PUNCT, '');
      if (trimmed.length < raw.length && trimmed.length > 0) { raw = trimmed; PATTERN.lastIndex = m.index + raw.length; }
    }
    const start = m.index;
    const placeholder = (kind === 'url' && (options.urls ?? 'placeholder') === 'placeholder') ? URL_TOKEN
      : (kind === 'email' && (options.emails ?? 'placeholder') === 'placeholder') ? EMAIL_TOKEN
        : (kind === 'number' && (options.numbers ?? 'placeholder') === 'placeholder') ? NUMBER_TOKEN : null;
    out.push({ token: placeholder ?? (lower ? raw.toLowerCase() : raw), start, end: start + raw.length, kind });
    if (out.length >= max) break;
  }
  PATTERN.lastIndex = 0;
  return out;
}

/**
 * The tokens of `text`.
 *
 * @example
 * tokenize('WIN $1,000 now!!! Visit http://x.example/offer or mail me@spam.example');
 * // ['win', '$', '<num>', 'now', '!', '!', '!', 'visit', '<url>', 'or', 'mail', '<email>']
 * tokenize('我爱你 😀👍🏽', { lowercase: false }); // ['我', '爱', '你', '😀', '👍🏽']
 */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  return tokenizeWithSpans(text, options).map((t) => t.token);
}
