/**
 * The table of WebGL kernels, one per primitive (each in its own file); `PrimitiveKernels`
 * makes a missing one a type error.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveKernels } from '@tensorloom/core';
import { neg } from './neg.js';
import { exp } from './exp.js';
import { log } from './log.js';
import { sqrt } from './sqrt.js';
import { sin } from './sin.js';
import { cos } from './cos.js';
import { tanh } from './tanh.js';
import { erf } from './erf.js';
import { abs } from './abs.js';
import { sign } from './sign.js';
import { floor } from './floor.js';
import { reciprocal } from './reciprocal.js';
import { logicalNot } from './logical_not.js';
import { cast } from './cast.js';
import { add } from './add.js';
import { sub } from './sub.js';
import { mul } from './mul.js';
import { div } from './div.js';
import { pow } from './pow.js';
import { maximum } from './maximum.js';
import { minimum } from './minimum.js';
import { equal } from './equal.js';
import { less } from './less.js';
import { lessEqual } from './less_equal.js';
import { greater } from './greater.js';
import { greaterEqual } from './greater_equal.js';
import { logicalAnd } from './logical_and.js';
import { logicalOr } from './logical_or.js';
import { where } from './where.js';
import { sum } from './sum.js';
import { max } from './max.js';
import { argmax } from './argmax.js';
import { argmin } from './argmin.js';
import { reshape } from './reshape.js';
import { transpose } from './transpose.js';
import { slice } from './slice.js';
import { pad } from './pad.js';
import { concat } from './concat.js';
import { expand } from './expand.js';
import { gather } from './gather.js';
import { scatterAdd } from './scatter_add.js';
import { matmul } from './matmul.js';

/** Every primitive on tfjs WebGL. */
export const webglKernels: PrimitiveKernels<tf.Tensor> = {
  neg, exp, log, sqrt, sin, cos, tanh, erf,
  abs, sign, floor, reciprocal, logicalNot, cast, add, sub,
  mul, div, pow, maximum, minimum, equal, less, lessEqual,
  greater, greaterEqual, logicalAnd, logicalOr, where, sum, max, argmax,
  argmin, reshape, transpose, slice, pad, concat, expand, gather,
  scatterAdd, matmul,
};
