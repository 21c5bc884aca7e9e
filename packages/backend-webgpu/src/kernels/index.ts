/** The WebGPU backend's primitive kernel table (typed so that a missing primitive is a compile error). */
import type { PrimitiveKernels } from '@tensorloom/core';
import type { GpuTensorStorage } from '../storage.js';
import { abs, cos, erf, exp, floor, log, logicalNot, neg, reciprocal, sign, sin, sqrt, tanh } from './unary.js';
import {
  add, div, equal, greater, greaterEqual, less, lessEqual, logicalAnd, logicalOr, maximum, minimum, mul, pow, sub,
} from './binary.js';
import { cast } from './cast.js';
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

/**
 * Every primitive of the backend contract, in WGSL.
 *
 * @example
 * const y = webgpuKernels.neg([x], {}, { shape: x.shape, dtype: x.dtype });
 */
export const webgpuKernels: PrimitiveKernels<GpuTensorStorage> = {
  neg, exp, log, sqrt, sin, cos, tanh, erf, abs, sign, floor, reciprocal, logicalNot, cast,
  add, sub, mul, div, pow, maximum, minimum,
  equal, less, lessEqual, greater, greaterEqual, logicalAnd, logicalOr, where,
  sum, max, argmax, argmin,
  reshape, transpose, slice, pad, concat, expand, gather, scatterAdd,
  matmul,
};
