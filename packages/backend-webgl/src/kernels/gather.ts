/**
 * Primitive `gather` (ONNX Gather): out = x[..., indices[j...], ...] along `axis`, out shape
 * x[:axis] + indices.shape + x[axis+1:]. Out-of-range indices are not detected on the GPU
 * (tfjs reads 0 for them); indices written from JS are checked on the host.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { castTf, kernel } from '../kernel_util.js';
import { checkIndices } from '../host_indices.js';

export const gather = kernel<PrimitiveAttrs['gather']>(([x, idx], { axis }) => {
  checkIndices('gather', idx.data, x.shape[axis]);
  return tf.gather(x.data, tf.reshape(castTf(idx.data, 'int32'), [idx.data.size]), axis);
});
