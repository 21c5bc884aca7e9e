/**
 * Which words drive a prediction, by occlusion: the text is scored once as it is and once
 * without each of its tokens (all in one batch); a token's weight is how much the
 * probability of the second class (spam, positive) drops when it is left out. Model-agnostic
 * and needs no gradients, so it runs the same on every backend.
 */
import type { Tensor } from '@tensorloom/core';
import type { Module } from '@tensorloom/nn';
import type { Vocab } from '@tensorloom/data';
import { predictProbs } from './evaluate.js';
import { textSpans } from './text_pipeline.js';

export interface Explanation { probs: number[]; tokens: Array<{ start: number; end: number; token: string; weight: number }> }

/**
 * @example
 * const { probs, tokens } = await explainText(model, vocab, 'WIN a FREE prize now', 128);
 * tokens.find((t) => t.token === 'free')!.weight; // > 0: pushes towards spam
 */
export async function explainText(model: Module<[Tensor], Tensor>, vocab: Vocab, text: string, maxLen: number, options: { explain?: boolean; maxOccluded?: number } = {}): Promise<Explanation> {
  const spans = textSpans(text, maxLen);
  const ids = vocab.encode(spans.map((s) => s.token));
  const seqs = [ids.length ? ids : Int32Array.of(vocab.unkId)];
  const occluded = options.explain === false ? 0 : Math.min(ids.length, options.maxOccluded ?? maxLen);
  if (ids.length > 1) for (let i = 0; i < occluded; i++) seqs.push(Int32Array.from([...ids.subarray(0, i), ...ids.subarray(i + 1)]));
  const probs = await predictProbs(model, seqs, { batchSize: 64 });
  const c = probs[0].length > 1 ? 1 : 0;
  const tokens = spans.map((s, i) => ({ start: s.start, end: s.end, token: s.token, weight: i + 1 < probs.length ? logOdds(probs[0][c]) - logOdds(probs[i + 1][c]) : 0 }));
  return { probs: probs[0], tokens };
}

/** ln(p / (1 − p)), finite for p in [0, 1]. */
export function logOdds(p: number): number {
  const q = Math.min(Math.max(p, 1e-7), 1 - 1e-7);
  return Math.log(q / (1 - q));
}
