/**
 * LoraLinear: a Linear layer with a low-rank adapter, y = W x + b + (α/r)·B A dropout(x)
 * (Hu et al., PEFT's layout). It keeps the base layer's own Parameter objects under `weight`
 * and `bias`, so the base state-dict keys do not change, and adds `lora_A` (r × in, kaiming
 * uniform as PEFT) and `lora_B` (out × r, zeros: the adapter starts as the identity).
 * `merge()` folds (α/r)·B A into W for inference; `unmerge()` takes it out again.
 */
import { TensorloomError, noGrad, tidy, zeros, type Tensor } from '@tensorloom/core';
import { Linear, Module, Parameter, dropout, init } from '@tensorloom/nn';

export interface LoraLinearOptions {
  /** The adapter's rank r (default 8). */
  rank?: number;
  /** The scale numerator α (default = rank, so α/r = 1). */
  alpha?: number;
  /** Dropout on the adapter's input during training (default 0). */
  dropout?: number;
}

/** A bias-free projection holding one LoRA matrix (so the keys read `lora_A.weight`, as PEFT). */
class LoraMatrix extends Module {
  readonly weight: Parameter;
  constructor(value: Tensor) {
    super();
    this.weight = this.registerParameter('weight', new Parameter(value));
  }
  forward(x: Tensor): Tensor { return x.matmul(this.weight.value.transpose()); }
}

export class LoraLinear extends Module {
  readonly weight: Parameter;
  readonly bias: Parameter | null;
  readonly lora_A: LoraMatrix;
  readonly lora_B: LoraMatrix;
  readonly rank: number;
  readonly alpha: number;
  readonly dropout: number;
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** True while B A is folded into the weight. */
  merged = false;

  /**
   * Wraps `base` (its parameters are shared, not copied).
   *
   * @example
   * const fc = new LoraLinear(new Linear(512, 10), { rank: 4, alpha: 8 });
   */
  constructor(base: Linear, options: LoraLinearOptions = {}) {
    super();
    if (!(base instanceof Linear)) throw new TensorloomError('LoraLinear', 'wraps an nn Linear layer');
    const rank = options.rank ?? 8;
    if (!Number.isInteger(rank) || rank < 1) throw new TensorloomError('LoraLinear', `rank must be a positive integer, got ${rank}`);
    const p = options.dropout ?? 0;
    if (!(p >= 0 && p < 1)) throw new TensorloomError('LoraLinear', `dropout must be in [0, 1), got ${p}`);
    this.rank = rank;
    this.alpha = options.alpha ?? rank;
    if (!(this.alpha > 0)) throw new TensorloomError('LoraLinear', `alpha must be positive, got ${this.alpha}`);
    this.dropout = p;
    this.inFeatures = base.inFeatures;
    this.outFeatures = base.outFeatures;
    this.weight = this.registerParameter('weight', base.weight);
    this.bias = this.registerParameter('bias', base.bias);
    this.lora_A = this.registerModule('lora_A', new LoraMatrix(init.kaimingUniform([rank, base.inFeatures], { a: Math.sqrt(5) })));
    this.lora_B = this.registerModule('lora_B', new LoraMatrix(zeros([base.outFeatures, rank])));
  }

  /** α / r. */
  get scale(): number { return this.alpha / this.rank; }

  forward(x: Tensor): Tensor {
    if (x.shape[x.rank - 1] !== this.inFeatures) {
      throw new TensorloomError('LoraLinear', `input must end in ${this.inFeatures} features, got [${x.shape.join(',')}]`);
    }
    return tidy(() => {
      let y = x.matmul(this.weight.value.transpose());
      if (this.bias) y = y.add(this.bias.value);
      if (this.merged) return y;
      const h = this.lora_B.forward(this.lora_A.forward(dropout(x, this.dropout, this.training)));
      return y.add(h.mul(this.scale));
    });
  }

  /** (α/r)·B A, the adapter's weight update [out, in]. */
  delta(): Tensor { return noGrad(() => tidy(() => this.lora_B.weight.value.matmul(this.lora_A.weight.value).mul(this.scale))); }

  /** Folds the adapter into the weight (forward then costs one matmul). @example layer.merge() */
  merge(): void {
    if (this.merged) return;
    const d = this.delta();
    this.weight.assign(noGrad(() => this.weight.value.add(d)));
    d.dispose();
    this.merged = true;
  }

  /** Takes the adapter out of the weight again. @example layer.unmerge() */
  unmerge(): void {
    if (!this.merged) return;
    const d = this.delta();
    this.weight.assign(noGrad(() => this.weight.value.sub(d)));
    d.dispose();
    this.merged = false;
  }

  override extraRepr(): string { return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, rank=${this.rank}, alpha=${this.alpha}, merged=${this.merged}`; }
}
