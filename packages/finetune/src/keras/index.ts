/**
 * The Keras face: `keras.Sequential([...])` and `keras.layers.*`, built over the nn modules
 * and trained by the Trainer.
 *
 * @example
 * import { keras } from '@tensorloom/finetune';
 * const model = keras.Sequential([keras.layers.Dense(64, { activation: 'relu', inputShape: [784] }), keras.layers.Dense(10, { activation: 'softmax' })]);
 * model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
 * await model.fit(x, y, { epochs: 5, batchSize: 32, validationSplit: 0.1 });
 */
import { Sequential as SequentialModel } from './sequential.js';
import {
  Conv2D as Conv2DLayer, Dense as DenseLayer, Dropout as DropoutLayer, Embedding as EmbeddingLayer, Flatten as FlattenLayer,
  LSTM as LSTMLayer, MaxPooling2D as MaxPooling2DLayer, type Conv2DOptions, type DenseOptions, type LSTMOptions, type MaxPooling2DOptions,
} from './layers.js';
import type { Layer, LayerOptions } from './layer.js';

export { Layer, type ActivationName, type LayerOptions } from './layer.js';
export type { CompileOptions, KerasFitOptions } from './sequential.js';
export type { KerasLossName } from './losses.js';
export type { DenseOptions, Conv2DOptions, MaxPooling2DOptions, LSTMOptions } from './layers.js';
export { SequentialModel, DenseLayer, Conv2DLayer, MaxPooling2DLayer, FlattenLayer, DropoutLayer, EmbeddingLayer, LSTMLayer };

/** A stack of layers. @example keras.Sequential([keras.layers.Dense(10, { inputShape: [4] })]) */
export function Sequential(layers: Layer[] = []): SequentialModel { return new SequentialModel(layers); }

/** Layer factories with Keras's names (call without `new`, as in tfjs: `keras.layers.Dense(10)`). */
export const layers = {
  /** @example keras.layers.Dense(64, { activation: 'relu' }) */
  Dense: (units: number, options?: DenseOptions): DenseLayer => new DenseLayer(units, options),
  /** @example keras.layers.Conv2D(16, 3, { activation: 'relu', inputShape: [28, 28, 1] }) */
  Conv2D: (filters: number, kernelSize: number | [number, number], options?: Conv2DOptions): Conv2DLayer => new Conv2DLayer(filters, kernelSize, options),
  /** @example keras.layers.MaxPooling2D({ poolSize: 2 }) */
  MaxPooling2D: (options?: MaxPooling2DOptions): MaxPooling2DLayer => new MaxPooling2DLayer(options),
  /** @example keras.layers.Flatten() */
  Flatten: (options?: LayerOptions): FlattenLayer => new FlattenLayer(options),
  /** @example keras.layers.Dropout(0.5) */
  Dropout: (rate: number, options?: LayerOptions): DropoutLayer => new DropoutLayer(rate, options),
  /** @example keras.layers.Embedding(1000, 32) */
  Embedding: (inputDim: number, outputDim: number, options?: LayerOptions): EmbeddingLayer => new EmbeddingLayer(inputDim, outputDim, options),
  /** @example keras.layers.LSTM(32) */
  LSTM: (units: number, options?: LSTMOptions): LSTMLayer => new LSTMLayer(units, options),
};
