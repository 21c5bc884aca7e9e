/**
 * Primitive `div`: a / b with broadcasting, IEEE float division (0/0 and ∞/∞ give NaN, x/0
 * gives ±∞). Core sends float32 operands only (true division: integers are cast first, see
 * primitives.ts); the cast back below only runs if a caller asks for another output dtype.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { castTf, kernel, toFloat } from '../kernel_util.js';
import { divFloat } from '../programs/div_program.js';

export const div = kernel<PrimitiveAttrs['div']>(([a, b], _attrs, out) => {
  const q = divFloat(toFloat(a.data), toFloat(b.data));
  return out.dtype === 'float32' ? q : castTf(q, out.dtype);
});
