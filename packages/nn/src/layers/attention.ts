/**
 * MultiheadAttention with PyTorch's packed projections (in_proj_weight, in_proj_bias,
 * out_proj.weight/bias), key-padding masks, attention masks (bool: true = blocked, or
 * additive float) and a causal flag. Returns [output, attention weights | null]; weights
 * are [B, L, S] averaged over heads, or [B, heads, L, S].
 */
import { TensorloomError, Tensor, full, softmax, tensor, tidy, where, zeros, formatShape } from '@tensorloom/core';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { Linear } from './linear.js';
import { checkInput, checkPositiveInt } from '../checks.js';
import { xavierUniform } from '../init.js';

export interface MultiheadAttentionOptions { bias?: boolean; batchFirst?: boolean }

export interface AttentionCallOptions {
  /** [B, S] bool: true marks keys to ignore (padding). */
  keyPaddingMask?: Tensor | null;
  /** [L, S] or [B·heads, L, S]: bool (true = blocked) or float (added to the scores). */
  attnMask?: Tensor | null;
  /** Block attention to later positions (adds the causal mask). */
  isCausal?: boolean;
  /** Return the attention weights (default true). */
  needWeights?: boolean;
  /** Average the weights over heads (default true). */
  averageAttnWeights?: boolean;
}

export class MultiheadAttention extends Module<[Tensor, Tensor?, Tensor?, AttentionCallOptions?], [Tensor, Tensor | null]> {
  readonly inProjWeight: Parameter;
  readonly inProjBias: Parameter | null;
  readonly outProj: Linear;
  readonly headDim: number;
  readonly batchFirst: boolean;

  /**
   * @example
   * const mha = new MultiheadAttention(64, 4, { batchFirst: true });
   * const [out, weights] = mha.forward(x, x, x, { keyPaddingMask: pad, isCausal: true });
   */
  constructor(readonly embedDim: number, readonly numHeads: number, options: MultiheadAttentionOptions = {}) {
    super();
    checkPositiveInt('MultiheadAttention', 'embedDim', embedDim);
    checkPositiveInt('MultiheadAttention', 'numHeads', numHeads);
    if (embedDim % numHeads !== 0) throw new TensorloomError('MultiheadAttention', `embedDim (${embedDim}) must be divisible by numHeads (${numHeads})`);
    this.headDim = embedDim / numHeads;
    this.batchFirst = options.batchFirst ?? false;
    const bias = options.bias ?? true;
    this.inProjWeight = this.registerParameter('in_proj_weight', new Parameter(xavierUniform([3 * embedDim, embedDim])));
    this.inProjBias = this.registerParameter('in_proj_bias', bias ? new Parameter(zeros([3 * embedDim])) : null);
    this.outProj = this.registerModule('out_proj', new Linear(embedDim, embedDim, { bias }));
    if (this.outProj.bias) this.outProj.bias.assign(zeros([embedDim]));
  }

  /** query [B, L, E] (or [L, B, E]); key and value default to query (self-attention). */
  forward(query: Tensor, key?: Tensor, value?: Tensor, options: AttentionCallOptions = {}): [Tensor, Tensor | null] {
    const layout = this.batchFirst ? '[batch, seq, embed]' : '[seq, batch, embed]';
    const k0 = key ?? query;
    const v0 = value ?? k0;
    for (const [n, t] of [['query', query], ['key', k0], ['value', v0]] as const) {
      checkInput('MultiheadAttention', t, [3], `${n} ${layout} with embed = ${this.embedDim}`);
      if (t.shape[2] !== this.embedDim) throw new TensorloomError('MultiheadAttention', `${n} must have ${this.embedDim} features, got ${formatShape(t.shape)}`);
    }
    return tidy(() => {
      const [q, k, v] = [query, k0, v0].map((t) => (this.batchFirst ? t : t.transpose(0, 1))); // [B, *, E]
      const [b, l] = q.shape;
      const s = k.shape[1];
      if (k.shape[0] !== b || v.shape[0] !== b || v.shape[1] !== s) {
        throw new TensorloomError('MultiheadAttention', `query ${formatShape(query.shape)}, key ${formatShape(k0.shape)} and value ${formatShape(v0.shape)} disagree on batch or key length`);
      }
      const [wq, wk, wv] = this.inProjWeight.value.split(this.embedDim, 0);
      const [bq, bk, bv] = this.inProjBias ? this.inProjBias.value.split(this.embedDim, 0) : [null, null, null];
      const proj = (x: Tensor, w: Tensor, bias: Tensor | null, len: number): Tensor => {
        const y = bias ? x.matmul(w.transpose()).add(bias) : x.matmul(w.transpose());
        return y.reshape([b, len, this.numHeads, this.headDim]).transpose(1, 2); // [B, h, len, d]
      };
      const qh = proj(q, wq, bq, l).div(Math.sqrt(this.headDim));
      const kh = proj(k, wk, bk, s);
      const vh = proj(v, wv, bv, s);
      let scores = qh.matmul(kh.transpose(-1, -2)); // [B, h, L, S]
      const mask = this.additiveMask(options, b, l, s, q);
      if (mask) scores = scores.add(mask);
      const attn = softmax(scores, -1);
      const out = attn.matmul(vh).transpose(1, 2).reshape([b, l, this.embedDim]);
      let y = this.outProj.forward(out);
      if (!this.batchFirst) y = y.transpose(0, 1);
      if (options.needWeights === false) return [y, null] as [Tensor, Tensor | null];
      const weights = (options.averageAttnWeights ?? true) ? attn.mean(1) : attn;
      return [y, weights] as [Tensor, Tensor | null];
    });
  }

  /** The combined additive mask, broadcastable to [B, h, L, S], or null. */
  private additiveMask(o: AttentionCallOptions, b: number, l: number, s: number, like: Tensor): Tensor | null {
    const toAdditive = (m: Tensor): Tensor => (m.dtype === 'bool' ? where(m, full([], -Infinity, { backend: like.backend }), 0) : m);
    let mask: Tensor | null = null;
    const addMask = (m: Tensor): void => { mask = mask ? mask.add(m) : m; };
    if (o.attnMask) {
      const m = o.attnMask;
      if (m.rank === 2 && m.shape[0] === l && m.shape[1] === s) addMask(toAdditive(m));
      else if (m.rank === 3 && m.shape[0] === b * this.numHeads && m.shape[1] === l && m.shape[2] === s) addMask(toAdditive(m).reshape([b, this.numHeads, l, s]));
      else throw new TensorloomError('MultiheadAttention', `attnMask must be [${l}, ${s}] or [${b * this.numHeads}, ${l}, ${s}], got ${formatShape(m.shape)}`);
    }
    if (o.isCausal) {
      addMask(causalMask(l, s, like));
    }
    if (o.keyPaddingMask) {
      const m = o.keyPaddingMask;
      if (m.rank !== 2 || m.shape[0] !== b || m.shape[1] !== s) throw new TensorloomError('MultiheadAttention', `keyPaddingMask must be [${b}, ${s}], got ${formatShape(m.shape)}`);
      addMask(toAdditive(m).reshape([b, 1, 1, s]));
    }
    return mask;
  }
}

/** [L, S] with −∞ above the diagonal: position i attends to keys 0..i. */
function causalMask(l: number, s: number, like: Tensor): Tensor {
  const values = new Float32Array(l * s);
  for (let i = 0; i < l; i++) for (let j = i + 1; j < s; j++) values[i * s + j] = -Infinity;
  return tensor(values, { shape: [l, s], backend: like.backend });
}
