/**
 * Primitive `div`: a / b with broadcasting. Float division is IEEE (0/0 and ∞/∞ give NaN,
 * x/0 gives ±∞); int32 division truncates toward zero, as a C cast of the float quotient.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { castTf, kernel, toFloat } from '../kernel_util.js';
import { divFloat } from '../programs/div_program.js';

export const div = kernel<PrimitiveAttrs['div']>(([a, b], _attrs, out) => {
  const q = divFloat(toFloat(a.data), toFloat(b.data));
  return out.dtype === 'float32' ? q : castTf(q, out.dtype);
});
