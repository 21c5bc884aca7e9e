/**
 * Tensor: an immutable handle to backend storage with a shape, a dtype and, when it requires
 * grad, an autograd node. This module is a leaf of core's import graph: it imports no op. Its
 * op methods (`x.add(y)`) call the free functions through a method table that wiring.ts fills
 * once, idempotently, before the first tensor is made (see `ensureWired`).
 */
import type { Backend, TensorInfo } from './backend.js';
import type { DType, TypedArray } from './dtype.js';
import { TensorloomError, formatShape } from './errors.js';
import { DataHandle, countTensor, finalizer, guardWithFinalizer, keep, trackInScope, uncountTensor } from './memory.js';
import { Node } from './autograd/node.js';
import { sizeOf } from './shape.js';
import type { BackwardOptions } from './autograd/backward.js';
import type { VarianceOptions } from './ops/reduce.js';
import type { GeluOptions, SoftplusOptions } from './ops/activations.js';

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

/** The Tensor methods that are ops: each calls the free function of the same meaning. */
type OpMethodName =
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'equal' | 'notEqual' | 'less' | 'lessEqual'
  | 'greater' | 'greaterEqual' | 'logicalAnd' | 'logicalOr' | 'logicalNot' | 'clamp'
  | 'neg' | 'exp' | 'log' | 'sqrt' | 'rsqrt' | 'square' | 'sin' | 'cos' | 'tanh' | 'erf' | 'abs' | 'sign'
  | 'floor' | 'ceil' | 'reciprocal' | 'cast'
  | 'sum' | 'mean' | 'max' | 'min' | 'argmax' | 'argmin' | 'var' | 'std'
  | 'reshape' | 'view' | 'flatten' | 'transpose' | 'permute' | 'slice' | 'narrow' | 'pad' | 'expand' | 'squeeze'
  | 'unsqueeze' | 'flip' | 'split' | 'gather' | 'indexSelect' | 'scatterAdd' | 'matmul'
  | 'relu' | 'sigmoid' | 'softplus' | 'gelu' | 'silu' | 'softmax' | 'logSoftmax' | 'logsumexp'
  | 'detach' | 'clone' | 'to' | 'toAsync' | 'backward';

/**
 * @internal The implementations of Tensor's op methods, as free functions of `(self, ...args)`.
 * Typed from the methods themselves, so wiring.ts cannot install a function of another shape.
 */
export type TensorMethodTable = {
  [K in OpMethodName]: (self: Tensor, ...args: Parameters<Tensor[K]>) => ReturnType<Tensor[K]>;
};

let methods: TensorMethodTable | null = null;

/** @internal Installs the op-method table (wiring.ts does, once). */
export function installTensorMethods(table: TensorMethodTable): void { methods = table; }

function impl(): TensorMethodTable {
  if (!methods) throw new TensorloomError('Tensor', 'internal: core is not initialised; make tensors with tensor(), zeros()… from @tensorloom/core');
  return methods;
}

/**
 * An n-dimensional array on a backend, with autograd. Tensors are immutable: every op returns
 * a new tensor. Make them with `tensor()`, `zeros()`, `randn()`…; free them with `dispose()`,
 * `tidy()` or `using`. Every op is also a method (`x.add(y)` is `add(x, y)`).
 *
 * @example
 * const x = tensor([[1, 2], [3, 4]]);
 * const w = randn([2, 3], { requiresGrad: true });
 * const loss = x.matmul(w).relu().sum();
 * loss.backward();
 * console.log(x.shape, await w.grad!.array());
 */
export class Tensor {
  /** The shape, e.g. `[2, 3]` (`[]` for a scalar). */
  readonly shape: readonly number[];
  /** The dtype of the values: `float32`, `int32` or `bool`. */
  readonly dtype: DType;
  /** The backend that holds the storage. */
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
    // The backstop is for tensors users hold; autograd's internal copies (untracked) are owned
    // by their node, which disposes them when it is freed (one registration fewer per saved
    // input: registrations are much of the garbage collector's work in a training step).
    if (finalizer && this.counted) {
      const node = this.weakNode ? null : this.node;
      const backend = this.backend;
      guardWithFinalizer(this, () => { handle.decRef(); node?.decRef(); uncountTensor(backend); });
    }
  }

  /** Number of elements. */
  get size(): number { return sizeOf(this.shape); }
  /** Number of dimensions. */
  get rank(): number { return this.shape.length; }
  /** True once `dispose()` ran. */
  get isDisposed(): boolean { return this.disposed; }
  /** True when gradients flow to this tensor. */
  get requiresGrad(): boolean { return this.node !== null; }
  /** True for tensors made by the user rather than by an op (PyTorch's `is_leaf`). */
  get isLeaf(): boolean { return this.node === null || this.node.isLeaf; }

  /** The gradient accumulated by `backward()` (leaves only), or null. Assign null to clear it. */
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
    if (this.disposed) throw new TensorloomError(op, `tensor of shape ${formatShape(this.shape)} was already disposed; keep() it or clone() it before the scope ends`);
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

  /**
   * Releases the storage (once the last view of it goes) and the autograd node. Idempotent.
   *
   * @example
   * const x = ones([1000, 1000]);
   * x.dispose(); // memory().numBytes drops by 4 MB
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.counted) finalizer?.unregister(this);
    if (this.counted) uncountTensor(this.backend);
    this.handle.decRef();
    if (this.node && !this.weakNode) this.node.decRef();
  }

  /** `using x = tensor(...)` disposes x at the end of the block. */
  [Symbol.dispose](): void { this.dispose(); }

  /**
   * Reads the values (row-major) as a typed array, on every backend.
   *
   * @example
   * const values = await tensor([1, 2]).data(); // Float32Array [1, 2]
   */
  async data(): Promise<TypedArray> {
    this.assertAlive('data');
    return this.backend.read(this.info);
  }

  /**
   * Reads the values synchronously; throws on backends that can only read asynchronously.
   *
   * @example
   * tensor([1, 2]).dataSync(); // Float32Array [1, 2] on the CPU backend
   */
  dataSync(): TypedArray {
    this.assertAlive('dataSync');
    if (!this.backend.readSync) {
      throw new TensorloomError('dataSync', `backend '${this.backend.name}' reads asynchronously; use await x.data()`);
    }
    return this.backend.readSync(this.info);
  }

  /**
   * Reads the values as nested arrays (a number for a scalar; booleans for bool).
   *
   * @example
   * await tensor([[1, 2], [3, 4]]).array(); // [[1, 2], [3, 4]]
   */
  async array(): Promise<NestedArray> { return toNested(await this.data(), this.shape, this.dtype); }
  /** Synchronous `array()`. @example tensor([1, 2]).arraySync() // [1, 2] */
  arraySync(): NestedArray { return toNested(this.dataSync(), this.shape, this.dtype); }
  /** The value of a one-element tensor. @example await sum(tensor([1, 2])).item() // 3 */
  async item(): Promise<number> { return itemOf(await this.data(), this.shape); }
  /** Synchronous `item()`. @example sum(tensor([1, 2])).itemSync() // 3 */
  itemSync(): number { return itemOf(this.dataSync(), this.shape); }

  /**
   * Copies this tensor to another backend, synchronously: the source backend must read
   * synchronously (use `toAsync` from an asynchronous backend). The copy does not require grad.
   *
   * @example
   * const g = x.to('webgl');
   */
  to(backendName: string): Tensor { return impl().to(this, backendName); }

  /**
   * Copies this tensor to another backend through the source's asynchronous read: works
   * between any two backends (GPU, lazy, or a target whose factory is async). The copy does
   * not require grad.
   *
   * @example
   * const onCpu = await x.toAsync('cpu');
   */
  toAsync(backendName: string): Promise<Tensor> { return impl().toAsync(this, backendName); }

  /**
   * Computes gradients of this tensor with respect to every leaf that requires grad and adds
   * them to the leaves' `.grad`. A non-scalar tensor needs a `grad` of its own shape.
   *
   * @example
   * const loss = w.mul(x).sum();
   * loss.backward();
   * w.grad; // x
   */
  backward(grad?: Tensor, options?: BackwardOptions): void { impl().backward(this, grad, options); }

  /** A tensor with the same values that does not require grad. @example const frozen = w.detach(); */
  detach(): Tensor { return impl().detach(this); }
  /** A new tensor with the same values; gradients flow through it. @example const y = x.clone(); */
  clone(): Tensor { return impl().clone(this); }

  /** `Tensor([2,3], float32)`, with the values where the backend reads synchronously. */
  toString(): string {
    const values = this.backend.readSync && !this.disposed ? ` ${JSON.stringify(this.arraySync())}` : '';
    return `Tensor(${formatShape(this.shape)}, ${this.dtype})${values}`;
  }

  // ---- op methods: the free functions of the same name are the implementations and docs ----
  /** `add(this, y)`. */ add(y: Tensor | number): Tensor { return impl().add(this, y); }
  /** `sub(this, y)`. */ sub(y: Tensor | number): Tensor { return impl().sub(this, y); }
  /** `mul(this, y)`. */ mul(y: Tensor | number): Tensor { return impl().mul(this, y); }
  /** `div(this, y)`. */ div(y: Tensor | number): Tensor { return impl().div(this, y); }
  /** `pow(this, y)`. */ pow(y: Tensor | number): Tensor { return impl().pow(this, y); }
  /** `maximum(this, y)`. */ maximum(y: Tensor | number): Tensor { return impl().maximum(this, y); }
  /** `minimum(this, y)`. */ minimum(y: Tensor | number): Tensor { return impl().minimum(this, y); }
  /** `equal(this, y)`. */ equal(y: Tensor | number): Tensor { return impl().equal(this, y); }
  /** `notEqual(this, y)`. */ notEqual(y: Tensor | number): Tensor { return impl().notEqual(this, y); }
  /** `less(this, y)`. */ less(y: Tensor | number): Tensor { return impl().less(this, y); }
  /** `lessEqual(this, y)`. */ lessEqual(y: Tensor | number): Tensor { return impl().lessEqual(this, y); }
  /** `greater(this, y)`. */ greater(y: Tensor | number): Tensor { return impl().greater(this, y); }
  /** `greaterEqual(this, y)`. */ greaterEqual(y: Tensor | number): Tensor { return impl().greaterEqual(this, y); }
  /** `logicalAnd(this, y)`. */ logicalAnd(y: Tensor | boolean): Tensor { return impl().logicalAnd(this, y); }
  /** `logicalOr(this, y)`. */ logicalOr(y: Tensor | boolean): Tensor { return impl().logicalOr(this, y); }
  /** `logicalNot(this)`. */ logicalNot(): Tensor { return impl().logicalNot(this); }
  /** `clamp(this, min, max)`. */ clamp(min?: number, max?: number): Tensor { return impl().clamp(this, min, max); }

  /** `neg(this)`. */ neg(): Tensor { return impl().neg(this); }
  /** `exp(this)`. */ exp(): Tensor { return impl().exp(this); }
  /** `log(this)`. */ log(): Tensor { return impl().log(this); }
  /** `sqrt(this)`. */ sqrt(): Tensor { return impl().sqrt(this); }
  /** `rsqrt(this)`. */ rsqrt(): Tensor { return impl().rsqrt(this); }
  /** `square(this)`. */ square(): Tensor { return impl().square(this); }
  /** `sin(this)`. */ sin(): Tensor { return impl().sin(this); }
  /** `cos(this)`. */ cos(): Tensor { return impl().cos(this); }
  /** `tanh(this)`. */ tanh(): Tensor { return impl().tanh(this); }
  /** `erf(this)`. */ erf(): Tensor { return impl().erf(this); }
  /** `abs(this)`. */ abs(): Tensor { return impl().abs(this); }
  /** `sign(this)`. */ sign(): Tensor { return impl().sign(this); }
  /** `floor(this)`. */ floor(): Tensor { return impl().floor(this); }
  /** `ceil(this)`. */ ceil(): Tensor { return impl().ceil(this); }
  /** `reciprocal(this)`. */ reciprocal(): Tensor { return impl().reciprocal(this); }
  /** `cast(this, dtype)`. */ cast(dtype: DType): Tensor { return impl().cast(this, dtype); }

  /** `sum(this, axis, keepDims)`. */ sum(axis?: number | number[], keepDims = false): Tensor { return impl().sum(this, axis, keepDims); }
  /** `mean(this, axis, keepDims)`. */ mean(axis?: number | number[], keepDims = false): Tensor { return impl().mean(this, axis, keepDims); }
  /** `max(this, axis, keepDims)`. */ max(axis?: number | number[], keepDims = false): Tensor { return impl().max(this, axis, keepDims); }
  /** `min(this, axis, keepDims)`. */ min(axis?: number | number[], keepDims = false): Tensor { return impl().min(this, axis, keepDims); }
  /** `argmax(this, axis, keepDims)`. */ argmax(axis?: number, keepDims = false): Tensor { return impl().argmax(this, axis, keepDims); }
  /** `argmin(this, axis, keepDims)`. */ argmin(axis?: number, keepDims = false): Tensor { return impl().argmin(this, axis, keepDims); }
  /** `variance(this, axis, options)`. */ var(axis?: number | number[], options?: VarianceOptions): Tensor { return impl().var(this, axis, options); }
  /** `std(this, axis, options)`. */ std(axis?: number | number[], options?: VarianceOptions): Tensor { return impl().std(this, axis, options); }

  /** `reshape(this, shape)`. */ reshape(shape: readonly number[]): Tensor { return impl().reshape(this, shape); }
  /** `reshape(this, shape)` (PyTorch's name). */ view(shape: readonly number[]): Tensor { return impl().view(this, shape); }
  /** `flatten(this, startDim, endDim)`. */ flatten(startDim = 0, endDim = -1): Tensor { return impl().flatten(this, startDim, endDim); }
  /** `transpose(this, dim0, dim1)`. */ transpose(dim0?: number | readonly number[], dim1?: number): Tensor { return impl().transpose(this, dim0, dim1); }
  /** `permute(this, dims)`. */ permute(dims: readonly number[]): Tensor { return impl().permute(this, dims); }
  /** `slice(this, begin, size)`. */ slice(begin: readonly number[], size?: readonly number[]): Tensor { return impl().slice(this, begin, size); }
  /** `narrow(this, dim, start, length)`. */ narrow(dim: number, start: number, length: number): Tensor { return impl().narrow(this, dim, start, length); }
  /** `pad(this, pads, value)`. */ pad(pads: ReadonlyArray<readonly [number, number]>, value = 0): Tensor { return impl().pad(this, pads, value); }
  /** `expand(this, shape)`. */ expand(shape: readonly number[]): Tensor { return impl().expand(this, shape); }
  /** `squeeze(this, axis)`. */ squeeze(axis?: number | number[]): Tensor { return impl().squeeze(this, axis); }
  /** `unsqueeze(this, axis)`. */ unsqueeze(axis: number): Tensor { return impl().unsqueeze(this, axis); }
  /** `flip(this, axes)`. */ flip(axes: number | number[]): Tensor { return impl().flip(this, axes); }
  /** `split(this, sizes, axis)`. */ split(sizes: number | number[], axis = 0): Tensor[] { return impl().split(this, sizes, axis); }
  /** `gather(this, indices, axis)`. */ gather(indices: Tensor, axis = 0): Tensor { return impl().gather(this, indices, axis); }
  /** `indexSelect(this, axis, indices)`. */ indexSelect(axis: number, indices: Tensor): Tensor { return impl().indexSelect(this, axis, indices); }
  /** `scatterAdd(this, indices, updates, axis)`. */ scatterAdd(indices: Tensor, updates: Tensor, axis = 0): Tensor { return impl().scatterAdd(this, indices, updates, axis); }
  /** `matmul(this, y)`. */ matmul(y: Tensor): Tensor { return impl().matmul(this, y); }

  /** `relu(this)`. */ relu(): Tensor { return impl().relu(this); }
  /** `sigmoid(this)`. */ sigmoid(): Tensor { return impl().sigmoid(this); }
  /** `softplus(this, options)`. */ softplus(options?: SoftplusOptions): Tensor { return impl().softplus(this, options); }
  /** `gelu(this, options)`. */ gelu(options?: GeluOptions): Tensor { return impl().gelu(this, options); }
  /** `silu(this)`. */ silu(): Tensor { return impl().silu(this); }
  /** `softmax(this, axis)`. */ softmax(axis = -1): Tensor { return impl().softmax(this, axis); }
  /** `logSoftmax(this, axis)`. */ logSoftmax(axis = -1): Tensor { return impl().logSoftmax(this, axis); }
  /** `logsumexp(this, axis, keepDims)`. */ logsumexp(axis?: number | number[], keepDims = false): Tensor { return impl().logsumexp(this, axis, keepDims); }
}

function itemOf(values: TypedArray, shape: readonly number[]): number {
  if (values.length !== 1) throw new TensorloomError('item', `only one-element tensors have an item, got shape ${formatShape(shape)}`);
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
