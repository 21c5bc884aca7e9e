/** The package's public API (from source) and core's error class, for tests. */
export * from '../../src/index.js';
export { TensorloomError as TensorloomErrorLike } from '@tensorloom/core';
