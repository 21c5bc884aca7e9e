/**
 * One instance of the WebAssembly kernels with its memory and a stack allocator: a kernel
 * copies its inputs in, runs, copies its output out and releases what it took (mark/release),
 * so the heap holds only the largest kernel's working set and stays flat across steps.
 * Memory grows on demand (to MAX_PAGES) and never shrinks.
 */
import { TensorloomError } from '@tensorloom/core';
import { MAX_PAGES, RELAXED, RELAXED_SHARED, SIMD, SIMD_SHARED } from './kernels_wasm.generated.js';
import { decodeBase64, wasmFeatures } from './wasm_features.js';
import { allocUninit } from '../kernels/util/array.js';

/** The kernels that assembly/index.ts exports (pointers are byte offsets into memory). */
export interface KernelExports {
  heapBase(): number;
  /** Rows of the gemm's register tile (6 with relaxed SIMD, else 4). */
  gemmMR(): number;
  /** Bytes of scratch one thread needs for runTask. */
  taskScratchBytes(): number;
  /** Runs units [lo, hi) of the task whose int32 arguments are at `args` (assembly/tasks.ts). */
  runTask(args: number, lo: number, hi: number, scratch: number): void;
  expArray(x: number, n: number, out: number): void;
  softmaxRows(x: number, rows: number, c: number, out: number, log: number): void;
  rowLogSumExp(x: number, rows: number, c: number, maxOut: number, lseOut: number): void;
  unaryF32(op: number, x: number, n: number, out: number): void;
  binaryF32(op: number, o: number, a: number, b: number, dims: number, sa: number, sb: number, rank: number, idx: number): void;
  whereF32(o: number, c: number, a: number, b: number, dims: number, strides: number, rank: number, idx: number): void;
  reduceF32(op: number, x: number, acc: number, dims: number, so: number, rank: number, idx: number): void;
  demoteF64(acc: number, n: number, out: number): void;
  argmaxF32(x: number, outer: number, size: number, inner: number, out: number, best: number): void;
  maxPool2d(
    x: number, planes: number, h: number, w: number, kh: number, kw: number, sh: number, sw: number,
    ph: number, pw: number, ho: number, wo: number, out: number,
  ): void;
  avgPool2d(
    x: number, planes: number, h: number, w: number, kh: number, kw: number, sh: number, sw: number,
    ph: number, pw: number, ho: number, wo: number, countIncludePad: number, out: number,
  ): void;
  maxPool2dGrad(
    x: number, dy: number, planes: number, h: number, w: number, kh: number, kw: number, sh: number, sw: number,
    ph: number, pw: number, ho: number, wo: number, dx: number,
  ): void;
}

/** Which compiled variant to run. */
export interface WasmRuntimeOptions {
  /** Use relaxed SIMD where the engine has it (default true). */
  readonly relaxed?: boolean;
  /** Shared memory, for a worker pool (default false). */
  readonly shared?: boolean;
}

const PAGE = 65536;

/**
 * What the backend uses of a `WebAssembly.Memory`, declared structurally so that the published
 * types compile without the DOM or Node libs (which declare the WebAssembly namespace).
 */
export interface WasmMemory { readonly buffer: ArrayBuffer | SharedArrayBuffer; grow(pages: number): number }
/** A compiled `WebAssembly.Module`, opaque to the published types (see WasmMemory). */
export type WasmModule = object;

/** The kernels' module, its memory and the stack allocator over that memory. */
export class WasmRuntime {
  readonly memory: WasmMemory;
  readonly module: WasmModule;
  readonly exports: KernelExports;
  readonly relaxed: boolean;
  readonly shared: boolean;
  /** Bytes copied into and out of WebAssembly memory so far (what storage outside it costs). */
  copiedBytes = 0;
  private readonly base: number;
  private top: number;
  private view: Float32Array | null = null;
  private viewI32: Int32Array | null = null;

  constructor(options: WasmRuntimeOptions = {}) {
    const f = wasmFeatures();
    if (!f.simd) throw new TensorloomError('WasmRuntime', 'this engine has no WebAssembly SIMD128; use the JavaScript kernels ({ wasm: false })');
    this.relaxed = (options.relaxed ?? true) && f.relaxedSimd;
    this.shared = (options.shared ?? false) && f.sharedMemory;
    const b64 = this.shared ? (this.relaxed ? RELAXED_SHARED : SIMD_SHARED) : (this.relaxed ? RELAXED : SIMD);
    const module = new WebAssembly.Module(decodeBase64(b64));
    const memory = new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared: this.shared });
    this.module = module;
    this.memory = memory;
    this.exports = instantiate(module, memory);
    this.base = align(this.exports.heapBase());
    this.top = this.base;
  }

  /** Bytes of linear memory now (the WebAssembly heap; grows, never shrinks). */
  get heapBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** The stack pointer, to hand back to `release`. */
  mark(): number {
    return this.top;
  }

  /** Frees everything allocated since `mark`. */
  release(mark: number): void {
    this.top = mark;
  }

  /** `bytes` of memory (64-byte aligned, contents undefined), growing the memory if needed. */
  alloc(bytes: number): number {
    const ptr = this.top;
    const end = align(ptr + Math.max(0, bytes));
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE);
      if (have / PAGE + pages > MAX_PAGES) {
        throw new TensorloomError('cpu backend', `a kernel needs ${end} bytes of WebAssembly memory, more than the ${MAX_PAGES * PAGE} allowed`);
      }
      this.memory.grow(pages);
    }
    this.top = end;
    return ptr;
  }

  /** A float32 view of the whole memory (valid until the next `alloc`). */
  f32(): Float32Array {
    const buf = this.memory.buffer;
    if (!this.view || this.view.buffer !== buf) this.view = new Float32Array(buf);
    return this.view;
  }

  /** An int32 view of the whole memory (valid until the next `alloc`). */
  i32(): Int32Array {
    const buf = this.memory.buffer;
    if (!this.viewI32 || this.viewI32.buffer !== buf) this.viewI32 = new Int32Array(buf);
    return this.viewI32;
  }

  /** Copies float32 `data` into new memory; returns its pointer. */
  put(data: Float32Array): number {
    return this.copyIn(data, this.alloc(data.length * 4));
  }

  /** Copies float32 `data` into memory already allocated at `ptr` (a reused block); returns `ptr`. */
  copyIn(data: Float32Array, ptr: number): number {
    this.f32().set(data, ptr >> 2);
    this.copiedBytes += data.length * 4;
    return ptr;
  }

  /** Copies any 1-, 4- or 8-byte typed array into new memory; returns its pointer. */
  putBytes(data: Uint8Array | Int32Array | Float32Array | Float64Array): number {
    const bytes = data.byteLength;
    const p = this.alloc(bytes);
    new Uint8Array(this.memory.buffer, p, bytes).set(new Uint8Array(data.buffer, data.byteOffset, bytes));
    this.copiedBytes += bytes;
    return p;
  }

  /** Copies int32 `values` (a plan's dims or strides) into new memory; returns the pointer. */
  putInts(values: readonly number[]): number {
    const p = this.alloc(values.length * 4);
    this.i32().set(values, p >> 2);
    return p;
  }

  /** A new Float32Array with `length` floats read from `ptr`. */
  take(ptr: number, length: number): Float32Array {
    this.copiedBytes += length * 4;
    const o = allocUninit('float32', length) as Float32Array;
    o.set(this.f32().subarray(ptr >> 2, (ptr >> 2) + length));
    return o;
  }

  /** A new Int32Array with `length` ints read from `ptr`. */
  takeI32(ptr: number, length: number): Int32Array {
    this.copiedBytes += length * 4;
    const o = allocUninit('int32', length) as Int32Array;
    o.set(this.i32().subarray(ptr >> 2, (ptr >> 2) + length));
    return o;
  }

  /** A new Uint8Array with `length` bytes read from `ptr`. */
  takeU8(ptr: number, length: number): Uint8Array {
    this.copiedBytes += length;
    const o = allocUninit('bool', length) as Uint8Array;
    o.set(new Uint8Array(this.memory.buffer, ptr, length));
    return o;
  }
}

/** Instantiates the kernels' module over `memory` (also used by pool workers). */
export function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelExports {
  const abort = (): never => {
    throw new Error('WebAssembly kernel aborted');
  };
  return new WebAssembly.Instance(module, { env: { memory, abort } }).exports as unknown as KernelExports;
}

function align(p: number): number {
  return (p + 63) & ~63;
}
