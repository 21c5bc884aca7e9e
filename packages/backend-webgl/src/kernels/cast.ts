/** Primitive `cast`: float→int truncates toward zero (NaN → 0); anything→bool is `x != 0`. */
import type { PrimitiveAttrs } from '@tensorloom/core';
import { castTf, kernel } from '../kernel_util.js';

export const cast = kernel<PrimitiveAttrs['cast']>(([x], { dtype }) => castTf(x.data, dtype));
