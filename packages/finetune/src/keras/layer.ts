/**
 * The Keras-style layer base: a Module built lazily from the input's feature shape (the
 * shape without the batch axis, given as `inputShape` or taken from the first input), with
 * an optional activation applied after `call`. `callLogits` stops before the activation so a
 * final softmax or sigmoid can be fused into the loss.
 */
import { TensorloomError, gelu, relu, sigmoid, silu, softmax, softplus, tanh, elu, tidy, type Tensor } from '@tensorloom/core';
import { Module } from '@tensorloom/nn';

/** Activations by Keras's names. */
export type ActivationName = 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'softmax' | 'gelu' | 'silu' | 'swish' | 'softplus' | 'elu';

const ACTIVATIONS: Record<ActivationName, (x: Tensor) => Tensor> = {
  linear: (x) => x, relu, sigmoid, tanh, softmax: (x) => softmax(x, -1), gelu, silu, swish: silu, softplus, elu,
};

/** Options every layer takes. */
export interface LayerOptions {
  /** The feature shape of the input (no batch axis); lets the model build before seeing data. */
  inputShape?: number[];
  /** A name (unique within the model); default the snake_case type, e.g. 'dense', 'dense_1'. */
  name?: string;
}

export abstract class Layer extends Module {
  readonly activation: ActivationName;
  readonly inputShape: number[] | undefined;
  readonly name: string | undefined;
  private builtShape: number[] | null = null;
  private outShape: number[] | null = null;

  constructor(options: LayerOptions & { activation?: ActivationName } = {}) {
    super();
    const a = options.activation ?? 'linear';
    if (!(a in ACTIVATIONS)) throw new TensorloomError(this.typeName, `unknown activation '${String(a)}'; use one of ${Object.keys(ACTIVATIONS).join(', ')}`);
    this.activation = a;
    this.inputShape = options.inputShape ? [...options.inputShape] : undefined;
    this.name = options.name;
  }

  /** Creates parameters for inputs of `featureShape` (no batch axis) and returns the output's feature shape. */
  protected abstract buildFor(featureShape: readonly number[]): number[];
  /** The layer's computation before its activation. */
  protected abstract call(x: Tensor): Tensor;

  get built(): boolean { return this.builtShape !== null; }
  /** The output feature shape (after build). */
  get outputShape(): number[] | null { return this.outShape ? [...this.outShape] : null; }

  /** Builds once (later calls check the shape); returns the output feature shape. */
  build(featureShape: readonly number[]): number[] {
    if (this.builtShape) {
      const same = this.builtShape.length === featureShape.length && this.builtShape.every((d, i) => d === featureShape[i] || d === -1);
      if (!same) throw new TensorloomError(this.typeName, `was built for inputs [batch, ${this.builtShape}] but got [batch, ${featureShape}]`);
      return [...(this.outShape as number[])];
    }
    this.outShape = this.buildFor(featureShape);
    this.builtShape = [...featureShape];
    return [...this.outShape];
  }

  /** The output before the activation (builds on first use). */
  callLogits(x: Tensor): Tensor {
    this.build(x.shape.slice(1));
    return this.call(x);
  }

  forward(x: Tensor): Tensor {
    return tidy(() => ACTIVATIONS[this.activation](this.callLogits(x)));
  }
}

/**
 * snake_case of a class name as Keras makes layer names (`to_snake_case`): Conv2D → conv2d,
 * MaxPooling2D → max_pooling2d, BatchNormalization → batch_normalization, LSTM → lstm.
 *
 * @example
 * snakeName('MaxPooling2D'); // 'max_pooling2d'
 */
export function snakeName(typeName: string): string {
  return typeName.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}
