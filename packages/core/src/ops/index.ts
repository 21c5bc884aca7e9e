/**
 * Every public op, as free functions. Tensor methods call these.
 */
export * from './creation.js';
export * from './random.js';
export * from './unary.js';
export * from './binary.js';
export * from './reduce.js';
export * from './movement.js';
export * from './indexing.js';
export * from './matmul.js';
export * from './conv.js';
export * from './pool.js';
export * from './activations.js';
export * from './softmax.js';
export * from './cross_entropy.js';
