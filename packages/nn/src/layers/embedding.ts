/**
 * Embedding: a lookup table [numEmbeddings, embeddingDim] indexed by int32 ids, N(0, 1) init;
 * the `paddingIdx` row starts at zero and receives no gradient.
 */
import { TensorloomError, Tensor, randn, tensor, tidy, where, formatShape } from '@tensorloom/core';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { checkPositiveInt } from '../checks.js';

export interface EmbeddingOptions { paddingIdx?: number | null }

export class Embedding extends Module {
  readonly weight: Parameter;
  readonly paddingIdx: number | null;

  /**
   * @example
   * const emb = new Embedding(10000, 128, { paddingIdx: 0 });
   * emb.forward(tokenIds); // [B, T] int32 → [B, T, 128]
   */
  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, options: EmbeddingOptions = {}) {
    super();
    checkPositiveInt('Embedding', 'numEmbeddings', numEmbeddings);
    checkPositiveInt('Embedding', 'embeddingDim', embeddingDim);
    let pad = options.paddingIdx ?? null;
    if (pad !== null) {
      if (!Number.isInteger(pad) || pad >= numEmbeddings || pad < -numEmbeddings) {
        throw new TensorloomError('Embedding', `paddingIdx must be an integer in [-${numEmbeddings}, ${numEmbeddings}), got ${pad}`);
      }
      if (pad < 0) pad += numEmbeddings;
    }
    this.paddingIdx = pad;
    // The padding row is zeroed on the device (no read back): a host-made row mask selects it.
    const w = pad === null ? randn([numEmbeddings, embeddingDim]) : tidy(() => {
      const isPad = new Uint8Array(numEmbeddings);
      isPad[pad] = 1;
      const mask = tensor(isPad, { shape: [numEmbeddings, 1], dtype: 'bool' });
      return where(mask, 0, randn([numEmbeddings, embeddingDim]));
    });
    this.weight = this.registerParameter('weight', new Parameter(w));
  }

  forward(ids: Tensor): Tensor {
    if (!(ids instanceof Tensor)) throw new TensorloomError('Embedding', 'input must be an int32 Tensor of ids');
    if (ids.dtype !== 'int32') throw new TensorloomError('Embedding', `ids must be int32, got ${ids.dtype} ${formatShape(ids.shape)}; cast(ids, 'int32')`);
    const w = this.weight.value;
    if (this.paddingIdx === null) return w.gather(ids, 0);
    const pad = this.paddingIdx;
    // Same values, but the padding row's lookups go through a detached copy: no gradient.
    return tidy(() => where(ids.notEqual(pad).unsqueeze(-1), w.gather(ids, 0), w.detach().gather(ids, 0)));
  }

  override extraRepr(): string { return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx !== null ? `, paddingIdx=${this.paddingIdx}` : ''}`; }
}
