/**
 * Which words drive a prediction, as weights on the log-odds of the second class (spam,
 * positive), by one of two methods:
 * - `occlusion` (default): the text is scored once as it is and once without each of its
 *   tokens (all in one batch); a token's weight is how much the log-odds drop when it is
 *   left out. Model-agnostic and needs no gradients.
 * - `gradient`: gradient × embedding, one forward and one backward pass: a token's weight is
 *   ⟨∂ log-odds / ∂ e_t, e_t⟩ for its embedding e_t, the first-order change of the log-odds
 *   when e_t is scaled (by 1 + s, per unit s), i.e. its share of a linear path from a zero
 *   embedding. Needs a `TextClassifier` (its `forwardEmbedded`).
 */
import { concat, keep, logSoftmax, logsumexp, noGrad, softmax, tensor, tidy, valueAndGrad, type Tensor } from '@tensorloom/core';
import type { Module } from '@tensorloom/nn';
import type { Vocab } from '@tensorloom/data';
import { predictProbs } from './evaluate.js';
import { textSpans } from './text_pipeline.js';
import type { TextClassifier } from './models/text_models.js';

export type ExplainMethod = 'occlusion' | 'gradient';
export const EXPLAIN_METHODS: readonly ExplainMethod[] = ['occlusion', 'gradient'];

export interface Explanation { probs: number[]; tokens: Array<{ start: number; end: number; token: string; weight: number }> }

export interface ExplainOptions {
  /** false: probabilities only, every weight 0. */
  explain?: boolean;
  /** Occlusion: weigh at most this many leading tokens (the rest get 0). */
  maxOccluded?: number;
  method?: ExplainMethod;
}

/**
 * @example
 * const { probs, tokens } = await explainText(model, vocab, 'WIN a FREE prize now', 128);
 * tokens.find((t) => t.token === 'free')!.weight; // > 0: pushes towards spam
 * await explainText(model, vocab, 'WIN a FREE prize now', 128, { method: 'gradient' });
 */
export async function explainText(model: Module<[Tensor], Tensor>, vocab: Vocab, text: string, maxLen: number, options: ExplainOptions = {}): Promise<Explanation> {
  const spans = textSpans(text, maxLen);
  const ids = vocab.encode(spans.map((s) => s.token));
  if (options.method === 'gradient' && options.explain !== false && ids.length > 0) {
    if (!('forwardEmbedded' in model)) throw new Error('explainText: gradient × embedding needs a TextClassifier (forwardEmbedded); use occlusion');
    const { probs, weights } = await gradientTimesEmbedding(model as TextClassifier, ids);
    return { probs, tokens: spans.map((s, i) => ({ start: s.start, end: s.end, token: s.token, weight: weights[i] })) };
  }
  const seqs = [ids.length ? ids : Int32Array.of(vocab.unkId)];
  const occluded = options.explain === false ? 0 : Math.min(ids.length, options.maxOccluded ?? maxLen);
  if (ids.length > 1) for (let i = 0; i < occluded; i++) seqs.push(Int32Array.from([...ids.subarray(0, i), ...ids.subarray(i + 1)]));
  const probs = await predictProbs(model, seqs, { batchSize: 64 });
  const c = probs[0].length > 1 ? 1 : 0;
  const tokens = spans.map((s, i) => ({ start: s.start, end: s.end, token: s.token, weight: i + 1 < probs.length ? logOdds(probs[0][c]) - logOdds(probs[i + 1][c]) : 0 }));
  return { probs: probs[0], tokens };
}

/**
 * Gradient × embedding for one encoded text (eval mode): the class probabilities and, per
 * token, Σ_k (∂ log-odds of class 1 / ∂ e_tk) · e_tk. The log-odds are log p₁ − log(1 − p₁),
 * computed from the log-softmax (for two classes, the logit difference).
 *
 * @example
 * const { probs, weights } = await gradientTimesEmbedding(model, vocab.encode(textTokens('free money')));
 */
export async function gradientTimesEmbedding(model: TextClassifier, ids: Int32Array): Promise<{ probs: number[]; weights: number[] }> {
  const wasTraining = model.training;
  model.eval();
  try {
    const x = tensor(ids, { shape: [1, ids.length], dtype: 'int32' });
    const e = noGrad(() => model.embedding.forward(x));
    const [probs, weights] = tidy(() => {
      let p: Tensor | null = null;
      const [, [g]] = valueAndGrad((emb: Tensor) => {
        const logits = model.forwardEmbedded(emb, x);
        p = keep(noGrad(() => softmax(logits.detach(), -1))); // f's intermediates are freed when it returns
        return classLogOdds(logits, 1).sum();
      })(e);
      return [p!, g.mul(e).sum(-1)];
    });
    const out = { probs: Array.from(await probs.data()), weights: Array.from(await weights.data()) };
    for (const t of [x, e, probs, weights]) t.dispose();
    return out;
  } finally {
    if (wasTraining) model.train();
  }
}

/** log p_c − log(1 − p_c) of logits [B, C] (a one-class model: its logit), [B]. */
function classLogOdds(logits: Tensor, c: number): Tensor {
  const classes = logits.shape[1];
  if (classes === 1) return logits.squeeze(1);
  const lp = logSoftmax(logits, -1);
  const own = lp.narrow(1, c, 1).squeeze(1);
  // log(1 − p_c) = log Σ_{j≠c} p_j, from the other columns' log-probabilities.
  const others = classes === 2 ? lp.narrow(1, 1 - c, 1).squeeze(1) : logsumexpExcept(lp, c);
  return own.sub(others);
}

function logsumexpExcept(lp: Tensor, c: number): Tensor {
  const n = lp.shape[1];
  const parts = [c > 0 ? lp.narrow(1, 0, c) : null, c + 1 < n ? lp.narrow(1, c + 1, n - c - 1) : null].filter((t): t is Tensor => t !== null);
  return logsumexp(parts.length === 1 ? parts[0] : concat(parts, 1), 1);
}

/** ln(p / (1 − p)), finite for p in [0, 1]. */
export function logOdds(p: number): number {
  const q = Math.min(Math.max(p, 1e-7), 1 - 1e-7);
  return Math.log(q / (1 - q));
}
