/**
 * Text → ids, shared by the CLI, the worker and the tests: the tokenizer settings, the
 * vocabulary built from the training texts, and the encoding (truncated to `maxLen`
 * tokens; an empty text becomes one `<unk>` so that every row has a real token).
 */
import { Vocab, tokenize, tokenizeWithSpans, type TokenSpan } from '@tensorloom/data';

export interface PipelineConfig {
  /** Tokens kept per text (the models read at most this many). */
  maxLen: number;
  /** Vocabulary: tokens seen at least `minFreq` times in the training texts, at most `maxVocab` entries. */
  minFreq: number;
  maxVocab: number;
}

export const SPAM_PIPELINE: PipelineConfig = { maxLen: 64, minFreq: 2, maxVocab: 8_000 };
export const SENTIMENT_PIPELINE: PipelineConfig = { maxLen: 48, minFreq: 1, maxVocab: 8_000 };

/** The tokens a model sees for `text` (lower-cased; URLs, e-mails, numbers as placeholders). */
export function textTokens(text: string, maxLen = Infinity): string[] {
  return tokenize(text, { maxTokens: Number.isFinite(maxLen) ? maxLen : undefined });
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
 * Token ids of each text, at most `maxLen`, never empty.
 *
 * @example
 * const seqs = encodeTexts(vocab, ['Free money!!!'], 128); // [Int32Array [...]]
 */
export function encodeTexts(vocab: Vocab, texts: readonly string[], maxLen: number): Int32Array[] {
  return texts.map((t) => {
    const ids = vocab.encode(textTokens(t, maxLen));
    return ids.length > 0 ? ids : Int32Array.of(vocab.unkId);
  });
}
