/** Primitive `sin`: elementwise, with argument reduction and a minimax polynomial (see programs/trig_program). */
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel, toFloat } from '../kernel_util.js';
import { sinFloat } from '../programs/trig_program.js';

export const sin = kernel<PrimitiveAttrs['sin']>(([x]) => sinFloat(toFloat(x.data)));
