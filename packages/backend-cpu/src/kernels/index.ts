/**
 * The CPU backend's kernel tables: one kernel per primitive (typed so that a missing one is
 * a compile error) and the fused kernels that override core's compositions.
 */
import type { FusedKernels, PrimitiveKernels, TypedArray } from '@tensorloom/core';
import { abs } from './abs.js';
import { argmax } from './argmax.js';
import {
  add, div, equal, greater, greaterEqual, less, lessEqual, logicalAnd, logicalOr, maximum, minimum, mul, pow, sub,
} from './binary.js';
import { argmin } from './argmin.js';
import { avgPool2d } from './avg_pool2d.js';
import { cast } from './cast.js';
import { concat } from './concat.js';
import { conv2d } from './conv2d.js';
import { conv2dInputGrad } from './conv2d_input_grad.js';
import { conv2dFilterGrad } from './conv2d_filter_grad.js';
import { cos } from './cos.js';
import { erf } from './erf.js';
import { exp } from './exp.js';
import { expand } from './expand.js';
import { floor } from './floor.js';
import { gather } from './gather.js';
import { log } from './log.js';
import { logSoftmax } from './log_softmax.js';
import { logicalNot } from './logical_not.js';
import { logsumexp } from './logsumexp.js';
import { matmul } from './matmul.js';
import { max } from './max.js';
import { maxPool2d } from './max_pool2d.js';
import { maxPool2dGrad } from './max_pool2d_grad.js';
import { neg } from './neg.js';
import { pad } from './pad.js';
import { reciprocal } from './reciprocal.js';
import { reshape } from './reshape.js';
import { scatterAdd } from './scatter_add.js';
import { sigmoid } from './sigmoid.js';
import { sign } from './sign.js';
import { sin } from './sin.js';
import { slice } from './slice.js';
import { softmax } from './softmax.js';
import { softmaxCrossEntropy } from './softmax_cross_entropy.js';
import { softplus } from './softplus.js';
import { sqrt } from './sqrt.js';
import { sum } from './sum.js';
import { tanh } from './tanh.js';
import { transpose } from './transpose.js';
import { where } from './where.js';

/** Every primitive of the backend contract. */
export const kernels: PrimitiveKernels<TypedArray> = {
  neg, exp, log, sqrt, sin, cos, tanh, erf, abs, sign, floor, reciprocal, logicalNot, cast,
  add, sub, mul, div, pow, maximum, minimum,
  equal, less, lessEqual, greater, greaterEqual, logicalAnd, logicalOr, where,
  sum, max, argmax, argmin,
  reshape, transpose, slice, pad, concat, expand, gather, scatterAdd,
  matmul,
};

/** Fused kernels for composed ops (forward only; core owns their gradients). */
export const fused: FusedKernels<TypedArray> = {
  softmax, logSoftmax, logsumexp, softmaxCrossEntropy, conv2d, conv2dInputGrad, conv2dFilterGrad, maxPool2d, maxPool2dGrad, avgPool2d, sigmoid, softplus,
};
