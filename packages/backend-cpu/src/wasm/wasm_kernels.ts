/**
 * The WebAssembly kernel tables: the kernels that replace their JavaScript versions when the
 * engine has WebAssembly SIMD128 (every other kernel stays JavaScript).
 */
import type { FusedKernels, PrimitiveKernels, TypedArray } from '@tensorloom/core';
import { wasmConv2d } from './wasm_conv2d.js';
import { wasmElementwise } from './wasm_elementwise.js';
import { gemmOn, type TaskRunner } from './wasm_gemm.js';
import { wasmMatmul } from './wasm_matmul.js';
import { wasmPooling } from './wasm_pooling.js';
import { wasmReduce } from './wasm_reduce.js';
import { wasmSoftmax } from './wasm_softmax.js';
import type { WasmRuntime } from './wasm_runtime.js';

/** WebAssembly overrides of primitives and fused kernels. */
export interface WasmKernelTables {
  readonly kernels: Partial<PrimitiveKernels<TypedArray>>;
  readonly fused: Partial<FusedKernels<TypedArray>>;
}

/** The kernels over runtime `rt`, whose gemm, conv and softmax tasks run on `tasks` (one thread or a pool). */
export function wasmKernels(rt: WasmRuntime, tasks: TaskRunner): WasmKernelTables {
  return {
    kernels: { ...wasmElementwise(rt), ...wasmReduce(rt), matmul: wasmMatmul(rt, gemmOn(rt, tasks)) },
    fused: { ...wasmConv2d(rt, tasks), ...wasmSoftmax(rt, tasks), ...wasmPooling(rt) },
  };
}
