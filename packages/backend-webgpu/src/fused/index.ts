/** The WebGPU backend's fused kernels for composed ops (core composes the rest from primitives). */
import type { FusedKernels } from '@tensorloom/core';
import type { S } from '../kernel_util.js';

/** Fused overrides of composed ops. */
export const webgpuFused: FusedKernels<S> = {};
