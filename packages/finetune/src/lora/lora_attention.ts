/**
 * LoraMultiheadAttention: LoRA on the query, key and value projections of an nn
 * MultiheadAttention, whose weights are packed in one `in_proj_weight` [3E, E] (PyTorch's
 * layout). It keeps the base layer's Parameters under their names (`in_proj_weight`,
 * `in_proj_bias`, `out_proj.*`) and adds one adapter per adapted projection (`qProj.lora_A`,
 * `qProj.lora_B`, …); the forward is the base layer's, run with the packed weight plus
 * (α/r)·B A in the rows of each adapted projection. `merge()` / `unmerge()` fold them in and out.
 */
import { TensorloomError, concat, noGrad, tidy, zeros, type Tensor } from '@tensorloom/core';
import { Module, MultiheadAttention, Parameter, init, type AttentionCallOptions } from '@tensorloom/nn';
import type { LoraLinearOptions } from './lora_linear.js';

/** The projections of a MultiheadAttention that LoRA can adapt, in in_proj order. */
export const ATTENTION_PROJECTIONS = ['qProj', 'kProj', 'vProj'] as const;
export type AttentionProjection = typeof ATTENTION_PROJECTIONS[number];

class LoraPair extends Module<never[], never> {
  readonly lora_A: Module<never[], never>;
  readonly lora_B: Module<never[], never>;
  constructor(rank: number, features: number) {
    super();
    const holder = (value: Tensor): Module<never[], never> => {
      const m = new (class extends Module<never[], never> { forward(): never { throw new TensorloomError('LoRA', 'an adapter matrix has no forward'); } })();
      m.registerParameter('weight', new Parameter(value));
      return m;
    };
    this.lora_A = this.registerModule('lora_A', holder(init.kaimingUniform([rank, features], { a: Math.sqrt(5) })) as never);
    this.lora_B = this.registerModule('lora_B', holder(zeros([features, rank])) as never);
  }
  forward(): never { throw new TensorloomError('LoRA', 'an adapter has no forward of its own'); }
  get a(): Tensor { return this.lora_A.getParameter('weight').value; }
  get b(): Tensor { return this.lora_B.getParameter('weight').value; }
}

export class LoraMultiheadAttention extends Module<[Tensor, Tensor?, Tensor?, AttentionCallOptions?], [Tensor, Tensor | null]> {
  readonly base: MultiheadAttention;
  readonly rank: number;
  readonly alpha: number;
  readonly dropout = 0;
  readonly projections: readonly AttentionProjection[];
  private readonly pairs = new Map<AttentionProjection, LoraPair>();
  merged = false;

  /**
   * Wraps `base` (its Parameters are shared) with adapters on `projections`.
   *
   * @example
   * const attn = new LoraMultiheadAttention(new MultiheadAttention(64, 4), ['qProj', 'vProj'], { rank: 4 });
   */
  constructor(base: MultiheadAttention, projections: readonly AttentionProjection[], options: LoraLinearOptions = {}) {
    super();
    if (!(base instanceof MultiheadAttention)) throw new TensorloomError('LoraMultiheadAttention', 'wraps an nn MultiheadAttention');
    const rank = options.rank ?? 8;
    if (!Number.isInteger(rank) || rank < 1) throw new TensorloomError('LoraMultiheadAttention', `rank must be a positive integer, got ${rank}`);
    if (options.dropout) throw new TensorloomError('LoraMultiheadAttention', 'adapter dropout is not supported on attention projections; pass dropout 0');
    if (projections.length === 0) throw new TensorloomError('LoraMultiheadAttention', 'needs at least one of qProj, kProj, vProj');
    this.base = base;
    this.rank = rank;
    this.alpha = options.alpha ?? rank;
    this.projections = ATTENTION_PROJECTIONS.filter((p) => projections.includes(p));
    this.registerParameter('in_proj_weight', base.inProjWeight);
    this.registerParameter('in_proj_bias', base.inProjBias);
    this.registerModule('out_proj', base.outProj);
    for (const p of this.projections) this.pairs.set(p, this.registerModule(p, new LoraPair(rank, base.embedDim) as never) as unknown as LoraPair);
  }

  get scale(): number { return this.alpha / this.rank; }

  /** The packed [3E, E] update: (α/r)·B A in each adapted projection's rows, zeros elsewhere. */
  private packedDelta(): Tensor {
    const e = this.base.embedDim;
    return tidy(() => concat(ATTENTION_PROJECTIONS.map((p) => {
      const pair = this.pairs.get(p);
      return pair ? pair.b.matmul(pair.a).mul(this.scale) : zeros([e, e]);
    }), 0));
  }

  forward(query: Tensor, key?: Tensor, value?: Tensor, options?: AttentionCallOptions): [Tensor, Tensor | null] {
    if (this.merged) return this.base.forward(query, key, value, options);
    return tidy(() => {
      const effective = this.base.inProjWeight.value.add(this.packedDelta());
      // The base layer's own forward, reading the adapted packed weight (the base is untouched).
      const view = Object.create(this.base) as MultiheadAttention;
      Object.defineProperty(view, 'inProjWeight', { value: { value: effective } });
      return MultiheadAttention.prototype.forward.call(view, query, key, value, options);
    });
  }

  merge(): void {
    if (this.merged) return;
    const d = noGrad(() => this.packedDelta());
    this.base.inProjWeight.assign(noGrad(() => this.base.inProjWeight.value.add(d)));
    d.dispose();
    this.merged = true;
  }

  unmerge(): void {
    if (!this.merged) return;
    const d = noGrad(() => this.packedDelta());
    this.base.inProjWeight.assign(noGrad(() => this.base.inProjWeight.value.sub(d)));
    d.dispose();
    this.merged = false;
  }

  override extraRepr(): string { return `embedDim=${this.base.embedDim}, numHeads=${this.base.numHeads}, lora=${this.projections.join('+')}, rank=${this.rank}, alpha=${this.alpha}, merged=${this.merged}`; }
}
