/**
 * The WebAssembly kernels' entry point: every export of the module. Memory is imported
 * (env.memory) so that JS owns it and, with threads, can share it between workers.
 */
export { runTask, taskScratchBytes } from './tasks';
export { gemmMR } from './gemm';

/** First byte after the module's static data: JS allocates from here on. */
export function heapBase(): usize {
  return __heap_base;
}
export { expArray, softmaxRows, rowLogSumExp } from './softmax';
export { unaryF32, binaryF32, whereF32 } from './elementwise';
export { reduceF32, demoteF64, argmaxF32 } from './reduce';
export { maxPool2d, avgPool2d, maxPool2dGrad } from './pool';
