/**
 * Softmax with temperature: softmax(z / T). T > 1 flattens the distribution, T < 1
 * sharpens it; T = 1 is the plain softmax (no extra op).
 */
import { TensorloomError, logSoftmax, softmax, tidy, type Tensor } from '@tensorloom/core';

/**
 * softmax(logits / temperature) along `axis`.
 *
 * @example
 * softmaxWithTemperature(logits, 2, -1);
 */
export function softmaxWithTemperature(logits: Tensor, temperature = 1, axis = -1): Tensor {
  if (!(temperature > 0) || !Number.isFinite(temperature)) throw new TensorloomError('softmaxWithTemperature', `temperature must be a positive finite number, got ${temperature}`);
  if (temperature === 1) return softmax(logits, axis);
  return tidy(() => softmax(logits.div(temperature), axis));
}

/**
 * logSoftmax(logits / temperature) along `axis`.
 *
 * @example
 * logSoftmaxWithTemperature(logits, 0.5);
 */
export function logSoftmaxWithTemperature(logits: Tensor, temperature = 1, axis = -1): Tensor {
  if (!(temperature > 0) || !Number.isFinite(temperature)) throw new TensorloomError('logSoftmaxWithTemperature', `temperature must be a positive finite number, got ${temperature}`);
  if (temperature === 1) return logSoftmax(logits, axis);
  return tidy(() => logSoftmax(logits.div(temperature), axis));
}
