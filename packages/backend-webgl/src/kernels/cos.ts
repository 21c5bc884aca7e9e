/** Primitive `cos`: elementwise, with argument reduction and a minimax polynomial (see programs/trig_program). */
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel, toFloat } from '../kernel_util.js';
import { cosFloat } from '../programs/trig_program.js';

export const cos = kernel<PrimitiveAttrs['cos']>(([x]) => cosFloat(toFloat(x.data)));
