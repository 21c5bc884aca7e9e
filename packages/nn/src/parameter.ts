/**
 * Parameter: a mutable holder of one immutable leaf Tensor. Modules, optimizers and state
 * dicts all share the holder, so replacing its value (an optimizer step, loadStateDict)
 * is seen by everyone at once. The held tensor is kept outside every `tidy` scope.
 */
import { TensorloomError, keep, type Tensor, formatShape, shapesEqual } from '@tensorloom/core';

export interface ParameterOptions {
  /** Whether gradients flow to this parameter (default true). `false` freezes it. */
  requiresGrad?: boolean;
}

export class Parameter {
  private current: Tensor;
  private trainable: boolean;

  /**
   * Wraps `value` (it becomes owned by the parameter: kept, and disposed on replacement).
   *
   * @example
   * const w = new Parameter(randn([3, 2]));
   * w.value.shape; // [3, 2]
   */
  constructor(value: Tensor, options: ParameterOptions = {}) {
    checkFloat(value);
    this.trainable = options.requiresGrad ?? true;
    this.current = adopt(value, this.trainable);
  }

  /** The current value: a leaf tensor that requires grad when the parameter is trainable. */
  get value(): Tensor { return this.current; }
  get shape(): readonly number[] { return this.current.shape; }
  /** Number of elements. */
  get size(): number { return this.current.size; }

  /** The gradient accumulated by `backward()`, or null. */
  get grad(): Tensor | null { return this.trainable ? this.current.grad : null; }
  set grad(g: Tensor | null) {
    if (!this.trainable) {
      if (g) throw new TensorloomError('Parameter.grad', 'this parameter is frozen (requiresGrad false); unfreeze it with requiresGrad_(true) first');
      return;
    }
    this.current.grad = g === null ? null : keep(g);
  }

  get requiresGrad(): boolean { return this.trainable; }

  /**
   * Freezes (`false`) or unfreezes (`true`) the parameter, like PyTorch's `requires_grad_`.
   *
   * @example
   * model.getParameter('0.weight').requiresGrad_(false);
   */
  requiresGrad_(flag = true): this {
    if (flag === this.trainable) return this;
    this.trainable = flag;
    this.current.requiresGrad_(flag);
    return this;
  }

  /**
   * Replaces the value with `t` (same shape), disposing the old one. With
   * `keepGrad`, the accumulated gradient moves over to the new value (optimizer steps do this,
   * so gradients live until `zeroGrad`, as in PyTorch).
   *
   * @example
   * w.assign(noGrad(() => w.value.sub(w.grad!.mul(0.1))));
   */
  assign(t: Tensor, options: { keepGrad?: boolean } = {}): void {
    checkFloat(t);
    if (!shapesEqual(t.shape, this.current.shape)) {
      throw new TensorloomError('Parameter.assign', `new value has shape ${formatShape(t.shape)} but the parameter has shape ${formatShape(this.current.shape)}`);
    }
    if (t === this.current) return;
    const oldGrad = options.keepGrad ? this.grad : null;
    const carried = oldGrad ? keep(oldGrad.clone()) : null;
    const old = this.current;
    this.current = adopt(t, this.trainable);
    if (carried) this.current.grad = carried;
    old.dispose();
  }

  /** Frees the value (and its gradient). The parameter cannot be used afterwards. */
  dispose(): void { this.current.dispose(); }
}

function checkFloat(t: Tensor): void {
  if (t.dtype !== 'float32') throw new TensorloomError('Parameter', `parameters must be float32, got ${t.dtype}; cast(t, 'float32') first`);
}

/** A kept leaf copy of `t` that requires grad when `trainable`. */
function adopt(t: Tensor, trainable: boolean): Tensor {
  // A leaf of its own: a non-leaf (or someone else's leaf) is detached first.
  const leaf = t.requiresGrad ? t.detach() : t;
  keep(leaf);
  if (trainable) leaf.requiresGrad_(true);
  return leaf;
}
