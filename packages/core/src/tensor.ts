/**
 * Tensor: an immutable handle on backend storage with a shape, a dtype and, when it requires
 * grad, an autograd node. Ops are free functions (`add(x, y)`) and methods (`x.add(y)`).
 */
import type { Backend, TensorInfo } from './backend.js';
import type { DType, TypedArray } from './dtype.js';
import { TensorloomError, fmt } from './errors.js';
import { DataHandle, countTensor, finalizer, keep, trackInScope, uncountTensor } from './memory.js';
import { Node } from './autograd/node.js';
import { sizeOf } from './shape.js';
import * as ops from './ops/index.js';
import { backward, type BackwardOptions } from './autograd/backward.js';
import { findBackend } from './registry.js';

/** Nested JS arrays of numbers, as `array()` returns them. */
export type NestedArray = number | boolean | NestedArray[];

/** How a tensor is held internally: tracked by scopes (user-visible) or not (autograd copies). */
interface TensorOptions { node?: Node | null; tracked?: boolean; weakNode?: boolean }

declare global {
  interface SymbolConstructor {
    /** The method `using` declarations call at the end of a scope (declared for consumers without lib esnext.disposable). */
    readonly dispose: unique symbol;
  }
}

export class Tensor {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly backend: Backend;
  /** @internal */ readonly handle: DataHandle;
  /** @internal The autograd node; null when the tensor does not require grad. */
  node: Node | null;
  private disposed = false;
  private readonly weakNode: boolean;
  private readonly counted: boolean;

  /** @internal Use `tensor()`, `zeros()`… to make tensors. */
  constructor(handle: DataHandle, shape: readonly number[], dtype: DType, opts: TensorOptions = {}) {
    this.handle = handle;
    this.backend = handle.backend;
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype;
    this.node = opts.node ?? null;
    this.weakNode = opts.weakNode ?? false;
    if (this.node && !this.weakNode) this.node.incRef();
    // memory().numTensors counts the tensors users hold; autograd's internal copies (untracked)
    // show up in numDataBuffers/numBytes through the storage they keep.
    this.counted = opts.tracked !== false;
    if (this.counted) countTensor(this.backend);
    if (opts.tracked !== false) trackInScope(this);
    if (finalizer) {
      const node = this.weakNode ? null : this.node;
      const backend = this.backend;
      const counted = this.counted;
      finalizer.register(this, () => { handle.decRef(); node?.decRef(); if (counted) uncountTensor(backend); }, this);
    }
  }

  /** Number of elements. */
  get size(): number { return sizeOf(this.shape); }
  /** Number of dimensions. */
  get rank(): number { return this.shape.length; }
  get isDisposed(): boolean { return this.disposed; }
  /** True when gradients flow to this tensor. */
  get requiresGrad(): boolean { return this.node !== null; }
  /** True for tensors made by the user rather than by an op (PyTorch's `is_leaf`). */
  get isLeaf(): boolean { return this.node === null || this.node.isLeaf; }

  /** The gradient accumulated by `backward()` (leaves only), or null. */
  get grad(): Tensor | null { return this.node?.grad ?? null; }
  set grad(g: Tensor | null) {
    if (!this.node) throw new TensorloomError('grad', 'this tensor does not require grad; make it with { requiresGrad: true }');
    if (this.node.grad && this.node.grad !== g) this.node.grad.dispose();
    this.node.grad = g ? keep(g) : null; // a gradient belongs to its leaf, not to a tidy scope
  }

  /**
   * Marks a tensor as a leaf that accumulates gradients (in place, like `requires_grad_()`).
   *
   * @example
   * const w = randn([3, 2]).requiresGrad_();
   */
  requiresGrad_(flag = true): this {
    if (flag && !this.node) {
      if (this.dtype !== 'float32') throw new TensorloomError('requiresGrad', `only float32 tensors can require grad, got ${this.dtype}; cast first`);
      this.node = new Node('leaf', [], null, null, null);
      this.node.incRef();
    } else if (!flag && this.node) {
      if (!this.node.isLeaf) throw new TensorloomError('requiresGrad', 'only leaf tensors can stop requiring grad; use detach() for others');
      this.node.decRef();
      this.node = null;
    }
    return this;
  }

  /** @internal What a kernel sees. */
  get info(): TensorInfo {
    this.assertAlive('use');
    return { data: this.handle.data, shape: this.shape, dtype: this.dtype };
  }

  /** @internal Throws if this tensor was disposed. */
  assertAlive(op: string): void {
    if (this.disposed) throw new TensorloomError(op, `tensor of shape ${fmt(this.shape)} was already disposed; keep() it or clone() it before the scope ends`);
  }

  /** @internal A copy that shares storage and node and no scope tracks (for autograd). */
  retain(weak = false): Tensor {
    this.handle.incRef();
    return new Tensor(this.handle, this.shape, this.dtype, { node: this.node, tracked: false, weakNode: weak });
  }

  /** @internal Drops this tensor's autograd node (used when a functional transform ends). */
  dropNode(): void {
    if (this.node && !this.weakNode) this.node.decRef();
    this.node = null;
  }

  /** Releases the storage (once the last view of it goes) and the autograd node. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    finalizer?.unregister(this);
    if (this.counted) uncountTensor(this.backend);
    this.handle.decRef();
    if (this.node && !this.weakNode) this.node.decRef();
  }

  [Symbol.dispose](): void { this.dispose(); }

  /** Reads the values (row-major) as a typed array. */
  async data(): Promise<TypedArray> {
    this.assertAlive('data');
    return this.backend.read(this.info);
  }

  /** Reads the values synchronously; throws on backends that can only read asynchronously. */
  dataSync(): TypedArray {
    this.assertAlive('dataSync');
    if (!this.backend.readSync) {
      throw new TensorloomError('dataSync', `backend '${this.backend.name}' reads asynchronously; use await x.data()`);
    }
    return this.backend.readSync(this.info);
  }

  /** Reads the values as nested arrays (a number for a scalar; booleans for bool). */
  async array(): Promise<NestedArray> { return toNested(await this.data(), this.shape, this.dtype); }
  /** Synchronous `array()`. */
  arraySync(): NestedArray { return toNested(this.dataSync(), this.shape, this.dtype); }
  /** The value of a one-element tensor. */
  async item(): Promise<number> { return itemOf(await this.data(), this.shape); }
  /** Synchronous `item()`. */
  itemSync(): number { return itemOf(this.dataSync(), this.shape); }

  /**
   * Copies this tensor to another backend (synchronous where the source can read synchronously).
   *
   * @example
   * const g = x.to('webgl');
   */
  to(backendName: string): Tensor {
    const target = findBackend(backendName);
    if (target === this.backend) return ops.clone(this);
    return ops.fromValues(target, this.dataSync(), this.shape, this.dtype);
  }

  /**
   * Computes gradients of this tensor with respect to every leaf that requires grad and adds
   * them to the leaves' `.grad`. A non-scalar tensor needs a `grad` of its own shape.
   *
   * @example
   * const loss = w.mul(x).sum();
   * loss.backward();
   * w.grad; // x
   */
  backward(grad?: Tensor, options?: BackwardOptions): void { backward(this, grad, options); }

  /** A tensor with the same values that does not require grad. */
  detach(): Tensor { return ops.detach(this); }
  clone(): Tensor { return ops.clone(this); }

  toString(): string {
    const values = this.backend.readSync && !this.disposed ? ` ${JSON.stringify(this.arraySync())}` : '';
    return `Tensor(${fmt(this.shape)}, ${this.dtype})${values}`;
  }

  // ---- op methods (the free functions in ops/ are the implementations) ----
  add(y: Tensor | number): Tensor { return ops.add(this, y); }
  sub(y: Tensor | number): Tensor { return ops.sub(this, y); }
  mul(y: Tensor | number): Tensor { return ops.mul(this, y); }
  div(y: Tensor | number): Tensor { return ops.div(this, y); }
  pow(y: Tensor | number): Tensor { return ops.pow(this, y); }
  maximum(y: Tensor | number): Tensor { return ops.maximum(this, y); }
  minimum(y: Tensor | number): Tensor { return ops.minimum(this, y); }
  equal(y: Tensor | number): Tensor { return ops.equal(this, y); }
  notEqual(y: Tensor | number): Tensor { return ops.notEqual(this, y); }
  less(y: Tensor | number): Tensor { return ops.less(this, y); }
  lessEqual(y: Tensor | number): Tensor { return ops.lessEqual(this, y); }
  greater(y: Tensor | number): Tensor { return ops.greater(this, y); }
  greaterEqual(y: Tensor | number): Tensor { return ops.greaterEqual(this, y); }
  logicalAnd(y: Tensor | boolean): Tensor { return ops.logicalAnd(this, y); }
  logicalOr(y: Tensor | boolean): Tensor { return ops.logicalOr(this, y); }
  logicalNot(): Tensor { return ops.logicalNot(this); }
  clamp(min?: number, max?: number): Tensor { return ops.clamp(this, min, max); }

  neg(): Tensor { return ops.neg(this); }
  exp(): Tensor { return ops.exp(this); }
  log(): Tensor { return ops.log(this); }
  sqrt(): Tensor { return ops.sqrt(this); }
  rsqrt(): Tensor { return ops.rsqrt(this); }
  square(): Tensor { return ops.square(this); }
  sin(): Tensor { return ops.sin(this); }
  cos(): Tensor { return ops.cos(this); }
  tanh(): Tensor { return ops.tanh(this); }
  erf(): Tensor { return ops.erf(this); }
  abs(): Tensor { return ops.abs(this); }
  sign(): Tensor { return ops.sign(this); }
  floor(): Tensor { return ops.floor(this); }
  ceil(): Tensor { return ops.ceil(this); }
  reciprocal(): Tensor { return ops.reciprocal(this); }
  cast(dtype: DType): Tensor { return ops.cast(this, dtype); }

  sum(axis?: number | number[], keepDims = false): Tensor { return ops.sum(this, axis, keepDims); }
  mean(axis?: number | number[], keepDims = false): Tensor { return ops.mean(this, axis, keepDims); }
  max(axis?: number | number[], keepDims = false): Tensor { return ops.max(this, axis, keepDims); }
  min(axis?: number | number[], keepDims = false): Tensor { return ops.min(this, axis, keepDims); }
  argmax(axis?: number, keepDims = false): Tensor { return ops.argmax(this, axis, keepDims); }
  argmin(axis?: number, keepDims = false): Tensor { return ops.argmin(this, axis, keepDims); }
  var(axis?: number | number[], options?: ops.VarianceOptions): Tensor { return ops.variance(this, axis, options); }
  std(axis?: number | number[], options?: ops.VarianceOptions): Tensor { return ops.std(this, axis, options); }

  reshape(shape: readonly number[]): Tensor { return ops.reshape(this, shape); }
  view(shape: readonly number[]): Tensor { return ops.reshape(this, shape); }
  flatten(startDim = 0, endDim = -1): Tensor { return ops.flatten(this, startDim, endDim); }
  transpose(dim0?: number | readonly number[], dim1?: number): Tensor { return ops.transpose(this, dim0, dim1); }
  permute(dims: readonly number[]): Tensor { return ops.permute(this, dims); }
  slice(begin: readonly number[], size?: readonly number[]): Tensor { return ops.slice(this, begin, size); }
  narrow(dim: number, start: number, length: number): Tensor { return ops.narrow(this, dim, start, length); }
  pad(pads: ReadonlyArray<readonly [number, number]>, value = 0): Tensor { return ops.pad(this, pads, value); }
  expand(shape: readonly number[]): Tensor { return ops.expand(this, shape); }
  squeeze(axis?: number | number[]): Tensor { return ops.squeeze(this, axis); }
  unsqueeze(axis: number): Tensor { return ops.unsqueeze(this, axis); }
  flip(axes: number | number[]): Tensor { return ops.flip(this, axes); }
  split(sizes: number | number[], axis = 0): Tensor[] { return ops.split(this, sizes, axis); }
  gather(indices: Tensor, axis = 0): Tensor { return ops.gather(this, indices, axis); }
  indexSelect(axis: number, indices: Tensor): Tensor { return ops.indexSelect(this, axis, indices); }
  scatterAdd(indices: Tensor, updates: Tensor, axis = 0): Tensor { return ops.scatterAdd(this, indices, updates, axis); }
  matmul(y: Tensor): Tensor { return ops.matmul(this, y); }

  relu(): Tensor { return ops.relu(this); }
  sigmoid(): Tensor { return ops.sigmoid(this); }
  softplus(options?: ops.SoftplusOptions): Tensor { return ops.softplus(this, options); }
  gelu(options?: ops.GeluOptions): Tensor { return ops.gelu(this, options); }
  silu(): Tensor { return ops.silu(this); }
  softmax(axis = -1): Tensor { return ops.softmax(this, axis); }
  logSoftmax(axis = -1): Tensor { return ops.logSoftmax(this, axis); }
  logsumexp(axis?: number | number[], keepDims = false): Tensor { return ops.logsumexp(this, axis, keepDims); }
}

function itemOf(values: TypedArray, shape: readonly number[]): number {
  if (values.length !== 1) throw new TensorloomError('item', `only one-element tensors have an item, got shape ${fmt(shape)}`);
  return values[0];
}

function toNested(values: TypedArray, shape: readonly number[], dtype: DType): NestedArray {
  const conv = (v: number): number | boolean => (dtype === 'bool' ? v !== 0 : v);
  if (shape.length === 0) return conv(values[0]);
  const build = (dim: number, offset: number): NestedArray[] => {
    const n = shape[dim];
    const stride = sizeOf(shape.slice(dim + 1));
    const out: NestedArray[] = new Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = dim === shape.length - 1 ? conv(values[offset + i]) : build(dim + 1, offset + i * stride);
    }
    return out;
  };
  return build(0, 0);
}
