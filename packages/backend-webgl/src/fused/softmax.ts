/**
 * Fused `softmax` along any axis: exp(x − max) / Σ exp(x − max), with IEEE division.
 * Unlike tfjs's own softmax (last axis only; masked −1e9/−∞ logits misbehave on some WebGL
 * devices, tfjs issue 5394), masked entries give exactly 0 and a row of all −∞ gives NaN,
 * as in PyTorch and core's composition. Every intermediate is ≤ the row length, so rows stay
 * finite on float16 render targets too.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ComposedOpAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';
import { divFloat } from '../programs/div_program.js';
import { maxFloat } from '../programs/max_program.js';

export const softmax = kernel<ComposedOpAttrs['softmax']>(([x], { axis }) => {
  // −∞ logits give exactly 0 (GPU exp(−∞) need not be 0); an all −∞ row gives 0/0 = NaN.
  const e = tf.where(tf.equal(x.data, -Infinity), tf.zerosLike(x.data), tf.exp(tf.sub(x.data, maxFloat(x.data, [axis], true))));
  return divFloat(e, tf.sum(e, axis, true));
});
