/**
 * Fused `logSoftmax` along any axis: (x − max) − log Σ exp(x − max). −∞ logits stay −∞ and
 * add exactly 0 to the sum (GPU exp(−∞) need not be 0); an all −∞ row is NaN, as PyTorch.
 * Every intermediate stays within the logits' own range, so float16 render targets work too
 * (there a masked entry's log-probability is −65504, float16's lowest finite value).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ComposedOpAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';
import { maxFloat } from '../programs/max_program.js';

export const logSoftmax = kernel<ComposedOpAttrs['logSoftmax']>(([x], { axis }) => {
  const m = maxFloat(x.data, [axis], true);
  const shifted = tf.sub(x.data, m);
  const e = tf.where(tf.equal(x.data, -Infinity), tf.zerosLike(x.data), tf.exp(shifted));
  const raw = tf.sub(shifted, tf.log(tf.sum(e, axis, true)));
  // Masked (−∞) logits give −∞. Float16 render targets cannot hold −∞ (it reads back as NaN),
  // so there they give float16's lowest finite value: exp() of it is 0, and losses stay finite.
  const floor = tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED') ? -Infinity : -65504;
  const out = tf.where(tf.equal(x.data, -Infinity), tf.fill(raw.shape, floor), raw);
  // SwiftShader gives −∞ − (−∞) = −∞ rather than NaN: make an all −∞ row NaN explicitly.
  return tf.where(tf.equal(tf.broadcastTo(m, out.shape), -Infinity), tf.fill(out.shape, NaN), out);
});
