/** Primitive `where`: condition ? a : b elementwise, all three broadcast to the output. */
import type { PrimitiveKernels } from '@tensorloom/core';
import { elementwise } from './elementwise.js';
import type { S } from '../kernel_util.js';

export const where: PrimitiveKernels<S>['where'] = (inputs, _attrs, out) =>
  elementwise('where', inputs, out, ([c, a, b]) => `select(${b}, ${a}, ${c} != 0u)`);
