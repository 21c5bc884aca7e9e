/**
 * The text classifiers, all `ids [B, T] int32 (0 = <pad>) → logits [B, C]` (cross-entropy
 * takes the logits; softmax gives the probabilities):
 * - `lstm`: Embedding → LSTM(64) → [state at the last real token; mean of the states over the
 *   real tokens] → Dropout → Linear (the model; the mean gives every step a direct
 *   gradient, which trains much faster on long e-mails than the last state alone); the
 *   `pooling` option adds the element-wise max of the states over the real tokens
 *   (`lastMeanMax`) or reads mean and max only (`meanMax`);
 * - `bag`: Embedding → mean over real tokens → Linear (a bag-of-embeddings baseline);
 * - `transformer`: Embedding + learned positions → one encoder layer (MultiheadAttention
 *   with a key-padding mask, LayerNorm, feed-forward) → mean over real tokens → Linear.
 * Each has `embedding` (GloVe init, freezing), `encoder()` (the layers between the
 * embedding and the head, frozen first in the transfer task) and `forwardEmbedded` (the
 * logits from already embedded tokens: gradient × embedding differentiates through it).
 */
import { concat, randn, relu, tidy, type Tensor } from '@tensorloom/core';
import { Dropout, Embedding, LSTM, LayerNorm, Linear, Module, MultiheadAttention, Parameter, type AnyModule } from '@tensorloom/nn';
import { lstmLastState } from './lstm_last_state.js';

export const MODEL_KINDS = ['lstm', 'bag', 'transformer'] as const;
export type ModelKind = typeof MODEL_KINDS[number];

/**
 * What the `lstm` model's head reads from the LSTM states: `lastMean` = [state after the
 * last real token; mean over the real tokens] (default), `lastMeanMax` adds the masked
 * element-wise max, `meanMax` = [mean; max].
 */
export const LSTM_POOLINGS = ['lastMean', 'lastMeanMax', 'meanMax'] as const;
export type LstmPooling = typeof LSTM_POOLINGS[number];

export interface TextModelConfig {
  kind: ModelKind;
  vocabSize: number;
  numClasses: number;
  /** Embedding width (default 64; 100 to take GloVe 100-d vectors). */
  embedDim?: number;
  /** LSTM hidden size / transformer width of the feed-forward (default 64). */
  hidden?: number;
  /** Longest sequence (positions of the transformer), default 128. */
  maxLen?: number;
  /** Dropout before the head (default 0.2). */
  dropout?: number;
  /** `lstm` only: what the head reads from the states (default `lastMean`). */
  pooling?: LstmPooling;
}

/** A text classifier: the Trainer drives `forward`. */
export abstract class TextClassifier extends Module<[Tensor], Tensor> {
  abstract readonly embedding: Embedding;
  abstract readonly head: Linear;
  /** The layers between the embedding and the head. */
  abstract encoder(): AnyModule[];
  /** Logits [B, C] from the embedded tokens `x` [B, T, E]; `ids` [B, T] (0 = <pad>) give the padding. */
  abstract forwardEmbedded(x: Tensor, ids: Tensor): Tensor;

  forward(ids: Tensor): Tensor {
    return tidy(() => this.forwardEmbedded(this.embedding.forward(ids), ids));
  }
}

/** 1.0 at real tokens, 0.0 at padding: [B, T] float32. */
function realTokens(ids: Tensor): Tensor { return ids.notEqual(0).cast('float32'); }

/** Mean of x [B, T, E] over the real tokens. */
function maskedMean(x: Tensor, mask: Tensor): Tensor {
  return x.mul(mask.unsqueeze(-1)).sum(1).div(mask.sum(1, true).maximum(1));
}

/**
 * Element-wise max of x [B, T, H] over the real tokens, for values in (−1, 1) (LSTM states):
 * padding is set to −2, below every real value (a row without real tokens gives −2).
 */
function maskedMaxOfBounded(x: Tensor, mask: Tensor): Tensor {
  const m = mask.unsqueeze(-1);
  return x.mul(m).add(m.sub(1).mul(2)).max(1);
}

export class LstmClassifier extends TextClassifier {
  readonly embedding: Embedding;
  readonly lstm: LSTM;
  readonly dropout: Dropout;
  readonly head: Linear;
  readonly pooling: LstmPooling;

  constructor(c: TextModelConfig) {
    super();
    const e = c.embedDim ?? 64, h = c.hidden ?? 64;
    this.pooling = c.pooling ?? 'lastMean';
    if (!LSTM_POOLINGS.includes(this.pooling)) throw new Error(`LstmClassifier: pooling must be one of ${LSTM_POOLINGS.join(', ')}, got '${String(c.pooling)}'`);
    this.embedding = this.registerModule('embedding', new Embedding(c.vocabSize, e, { paddingIdx: 0 }));
    this.lstm = this.registerModule('lstm', new LSTM(e, h, { batchFirst: true }));
    this.dropout = this.registerModule('dropout', new Dropout(c.dropout ?? 0.2));
    this.head = this.registerModule('head', new Linear((this.pooling === 'lastMeanMax' ? 3 : 2) * h, c.numClasses));
  }

  encoder(): AnyModule[] { return [this.lstm]; }

  forwardEmbedded(x: Tensor, ids: Tensor): Tensor {
    return tidy(() => {
      const mask = realTokens(ids);
      const { last, outputs } = lstmLastState(this.lstm, x, mask);
      const mean = maskedMean(outputs, mask);
      const parts = this.pooling === 'lastMean' ? [last, mean]
        : this.pooling === 'lastMeanMax' ? [last, mean, maskedMaxOfBounded(outputs, mask)]
        : [mean, maskedMaxOfBounded(outputs, mask)];
      return this.head.forward(this.dropout.forward(concat(parts, 1)));
    });
  }
}

export class BagOfEmbeddings extends TextClassifier {
  readonly embedding: Embedding;
  readonly dropout: Dropout;
  readonly head: Linear;

  constructor(c: TextModelConfig) {
    super();
    const e = c.embedDim ?? 64;
    this.embedding = this.registerModule('embedding', new Embedding(c.vocabSize, e, { paddingIdx: 0 }));
    this.dropout = this.registerModule('dropout', new Dropout(c.dropout ?? 0.2));
    this.head = this.registerModule('head', new Linear(e, c.numClasses));
  }

  encoder(): AnyModule[] { return []; }

  forwardEmbedded(x: Tensor, ids: Tensor): Tensor {
    return tidy(() => this.head.forward(this.dropout.forward(maskedMean(x, realTokens(ids)))));
  }
}

/** Post-norm encoder layer (PyTorch's TransformerEncoderLayer, ReLU, norm_first = false). */
class EncoderLayer extends Module<[Tensor, Tensor], Tensor> {
  readonly attn: MultiheadAttention;
  readonly norm1: LayerNorm;
  readonly ff1: Linear;
  readonly ff2: Linear;
  readonly norm2: LayerNorm;
  readonly drop: Dropout;

  constructor(e: number, heads: number, ff: number, p: number) {
    super();
    this.attn = this.registerModule('self_attn', new MultiheadAttention(e, heads, { batchFirst: true }));
    this.ff1 = this.registerModule('linear1', new Linear(e, ff));
    this.ff2 = this.registerModule('linear2', new Linear(ff, e));
    this.norm1 = this.registerModule('norm1', new LayerNorm(e));
    this.norm2 = this.registerModule('norm2', new LayerNorm(e));
    this.drop = this.registerModule('dropout', new Dropout(p));
  }

  /** x [B, T, E]; padding [B, T] bool, true at padding. */
  forward(x: Tensor, padding: Tensor): Tensor {
    return tidy(() => {
      const [a] = this.attn.forward(x, x, x, { keyPaddingMask: padding, needWeights: false });
      const y = this.norm1.forward(x.add(this.drop.forward(a)));
      return this.norm2.forward(y.add(this.drop.forward(this.ff2.forward(relu(this.ff1.forward(y))))));
    });
  }
}

export class TransformerClassifier extends TextClassifier {
  readonly embedding: Embedding;
  readonly positions: Parameter;
  readonly layer: EncoderLayer;
  readonly dropout: Dropout;
  readonly head: Linear;

  constructor(c: TextModelConfig) {
    super();
    const e = c.embedDim ?? 64;
    this.embedding = this.registerModule('embedding', new Embedding(c.vocabSize, e, { paddingIdx: 0 }));
    this.positions = this.registerParameter('positions', new Parameter(randn([c.maxLen ?? 128, e]).mul(0.02)));
    this.layer = this.registerModule('encoder', new EncoderLayer(e, e % 4 === 0 ? 4 : 1, 2 * (c.hidden ?? 64), 0.1));
    this.dropout = this.registerModule('dropout', new Dropout(c.dropout ?? 0.2));
    this.head = this.registerModule('head', new Linear(e, c.numClasses));
  }

  encoder(): AnyModule[] { return [this.layer]; }

  forwardEmbedded(embedded: Tensor, ids: Tensor): Tensor {
    return tidy(() => {
      const t = ids.shape[1];
      if (t > this.positions.value.shape[0]) throw new Error(`TransformerClassifier: ${t} tokens, but it has positions for ${this.positions.value.shape[0]}`);
      const x = embedded.add(this.positions.value.narrow(0, 0, t));
      const y = this.layer.forward(x, ids.equal(0));
      return this.head.forward(this.dropout.forward(maskedMean(y, realTokens(ids))));
    });
  }
}

/**
 * A fresh model (seed core's RNG first for a reproducible init: `manualSeed(0)`).
 *
 * @example
 * const model = createTextModel({ kind: 'lstm', vocabSize: vocab.size, numClasses: 2 });
 * model.forward(ids); // [B, 2] logits
 */
export function createTextModel(c: TextModelConfig): TextClassifier {
  switch (c.kind) {
    case 'lstm': return new LstmClassifier(c);
    case 'bag': return new BagOfEmbeddings(c);
    case 'transformer': return new TransformerClassifier(c);
    default: throw new Error(`unknown model '${String(c.kind)}'; pick one of ${MODEL_KINDS.join(', ')}`);
  }
}
