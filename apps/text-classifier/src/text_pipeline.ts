/**
 * Text → ids, shared by the CLI, the worker and the tests: the tokenizer settings, the
 * vocabulary built from the training texts, and the encoding (truncated to `maxLen`
 * tokens, from the start or from both ends; an empty text becomes one `<unk>` so that
 * every row has a real token).
 */
import { Vocab, tokenize, tokenizeWithSpans, type TokenSpan } from '@tensorloom/data';

export interface PipelineConfig {
  /** Tokens kept per text (the models read at most this many). */
  maxLen: number;
  /** Vocabulary: tokens seen at least `minFreq` times in the training texts, at most `maxVocab` entries. */
  minFreq: number;
  maxVocab: number;
  /** How a longer text is cut (default `head`). */
  truncation?: Truncation;
}

/**
 * How a text longer than `maxLen` tokens is cut: `head` keeps the first `maxLen` tokens;
 * `headTail` keeps the first ⌈maxLen / 2⌉ and the last ⌊maxLen / 2⌋ (spam cues are often at
 * the end of an e-mail: unsubscribe lines, links, signatures).
 */
export type Truncation = 'head' | 'headTail';
export const TRUNCATIONS: readonly Truncation[] = ['head', 'headTail'];

/** Spam: 64 tokens, the first 32 and the last 32 of a longer e-mail (chosen on the validation split). */
export const SPAM_PIPELINE: PipelineConfig = { maxLen: 64, minFreq: 2, maxVocab: 8_000, truncation: 'headTail' };
export const SENTIMENT_PIPELINE: PipelineConfig = { maxLen: 48, minFreq: 1, maxVocab: 8_000 };

/**
 * The tokens a model sees for `text` (lower-cased; URLs, e-mails, numbers as placeholders),
 * at most `maxLen`, cut by `truncation`.
 *
 * @example
 * textTokens('a b c d e', 4, 'headTail'); // ['a', 'b', 'd', 'e']
 */
export function textTokens(text: string, maxLen = Infinity, truncation: Truncation = 'head'): string[] {
  if (truncation === 'head') return tokenize(text, { maxTokens: Number.isFinite(maxLen) ? maxLen : undefined });
  if (truncation !== 'headTail') throw new Error(`truncation must be one of ${TRUNCATIONS.join(', ')}, got ${String(truncation)}`);
  const all = tokenize(text);
  if (all.length <= maxLen) return all;
  const head = Math.ceil(maxLen / 2);
  return [...all.slice(0, head), ...all.slice(all.length - (maxLen - head))];
}

/** Tokens with their places in `text` (for highlighting). */
export function textSpans(text: string, maxLen: number): TokenSpan[] {
  return tokenizeWithSpans(text, { maxTokens: maxLen });
}

/**
 * The vocabulary of the training texts.
 *
 * @example
 * const vocab = buildVocab(train.texts, SPAM_PIPELINE);
 */
export function buildVocab(texts: readonly string[], config: PipelineConfig): Vocab {
  return Vocab.build(texts.map((t) => textTokens(t, 4 * config.maxLen)), { minFreq: config.minFreq, maxSize: config.maxVocab });
}

/**
 * Token ids of each text, at most `maxLen` (cut by `truncation`, default from the start), never empty.
 *
 * @example
 * const seqs = encodeTexts(vocab, ['Free money!!!'], 128); // [Int32Array [...]]
 */
export function encodeTexts(vocab: Vocab, texts: readonly string[], maxLen: number, truncation: Truncation = 'head'): Int32Array[] {
  return texts.map((t) => {
    const ids = vocab.encode(textTokens(t, maxLen, truncation));
    return ids.length > 0 ? ids : Int32Array.of(vocab.unkId);
  });
}
