/**
 * cacheFeatures: run a frozen backbone once over a dataset (eval mode, no gradients) and keep
 * its outputs, so a head trains on them at a fraction of the cost. The result is a map-style
 * dataset (`length`, `get(i)`, `getBatch(indices)`: the `@tensorloom/data` Dataset contract),
 * so `new DataLoader(cached, { batchSize, shuffle, seed })` batches it exactly as it would the
 * images. Features live in memory as host floats, or, in Node with `{ dir }`, in a file read
 * row by row (for sets larger than memory); targets always stay in memory.
 */
import { Tensor, TensorloomError, noGrad, tensor, tidy, type TypedArray } from '@tensorloom/core';
import type { Module } from '@tensorloom/nn';
import type { BatchSource } from './trainer/types.js';

export interface CacheFeaturesOptions {
  /** Node only: keep the features in a file in this directory instead of memory. */
  dir?: string;
  /** Called after each batch with the rows cached so far. */
  onProgress?: (rows: number) => void;
}

interface RowStore {
  read(indices: readonly number[], out: Float32Array, rowSize: number): void;
  close(): void;
}

type NodeFs = typeof import('node:fs');

/** A dataset of [feature, target] rows made by `cacheFeatures`. Dispose it to free its memory or file. */
export class CachedFeatures {
  /** Seconds the backbone pass took. */
  readonly seconds: number;
  private closed = false;

  constructor(
    readonly length: number,
    /** One row's feature shape (without the batch axis). */
    readonly featureShape: readonly number[],
    private readonly targets: { data: TypedArray; shape: readonly number[]; dtype: 'float32' | 'int32' },
    private readonly store: RowStore,
    seconds: number,
    /** The features' file, when cached on disk. */
    readonly path: string | null,
  ) { this.seconds = seconds; }

  /** Elements per feature row. */
  get rowSize(): number { return this.featureShape.reduce((a, b) => a * b, 1); }

  /** Row `index` as [feature, target] tensors (the caller owns them). @example const [f, y] = cached.get(0); */
  get(index: number): [Tensor, Tensor] {
    const [f, y] = this.getBatch([index]);
    return tidy(() => [f.reshape(this.featureShape), y.reshape(this.targets.shape)]) as [Tensor, Tensor];
  }

  /** Rows `indices` as one [features, targets] batch. @example const [f, y] = cached.getBatch([0, 5, 9]); */
  getBatch(indices: readonly number[]): [Tensor, Tensor] {
    if (this.closed) throw new TensorloomError('CachedFeatures', 'this cache was disposed');
    for (const i of indices) {
      if (!Number.isInteger(i) || i < 0 || i >= this.length) throw new TensorloomError('CachedFeatures', `index ${i} is out of range for ${this.length} cached rows`);
    }
    const rowSize = this.rowSize;
    const feats = new Float32Array(indices.length * rowSize);
    this.store.read(indices, feats, rowSize);
    const per = this.targets.shape.reduce((a, b) => a * b, 1);
    const t = this.targets.dtype === 'int32' ? new Int32Array(indices.length * per) : new Float32Array(indices.length * per);
    indices.forEach((i, r) => { for (let k = 0; k < per; k++) t[r * per + k] = this.targets.data[i * per + k]; });
    return [
      tensor(feats, { shape: [indices.length, ...this.featureShape] }),
      tensor(t, { shape: [indices.length, ...this.targets.shape], dtype: this.targets.dtype }),
    ];
  }

  /** Frees the features (and deletes their file). */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.store.close();
  }
}

/**
 * Runs `backbone` over every batch of `source` once and caches its outputs with the targets.
 *
 * @example
 * freeze(model, 'features');
 * const cached = await cacheFeatures(model.getModule('features'), new DataLoader(train, { batchSize: 256 }));
 * await new Trainer({ model: head, optimizer, loss }).fit({ train: new DataLoader(cached, { batchSize: 64, shuffle: true, seed: 0 }), epochs: 5 });
 */
export async function cacheFeatures(backbone: Module<[Tensor], Tensor>, source: BatchSource, options: CacheFeaturesOptions = {}): Promise<CachedFeatures> {
  const op = 'cacheFeatures';
  if (!backbone || typeof backbone.forward !== 'function') throw new TensorloomError(op, 'needs a backbone Module');
  const started = typeof performance !== 'undefined' ? performance.now() : Date.now();
  let fs: NodeFs | null = null;
  let path: string | null = null;
  let fd = -1;
  if (options.dir !== undefined) {
    if (typeof process === 'undefined' || !process.versions?.node) throw new TensorloomError(op, 'caching on disk ({ dir }) needs Node; leave dir out to cache in memory');
    fs = await import('node:fs');
    const { join } = await import('node:path');
    fs.mkdirSync(options.dir, { recursive: true });
    path = join(options.dir, `features-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.f32`);
    fd = fs.openSync(path, 'w+');
  }
  const chunks: Float32Array[] = [];
  const targetChunks: TypedArray[] = [];
  let featureShape: number[] | null = null;
  let targetShape: number[] | null = null;
  let targetDType: 'float32' | 'int32' = 'int32';
  let rows = 0;
  let bytes = 0;
  const wasTraining = backbone.training;
  backbone.eval();
  try {
    const owned = source.autoDispose === false;
    for await (const batch of source as AsyncIterable<readonly unknown[]>) {
      const [x, y] = batch as unknown as [Tensor, Tensor];
      if (!(x instanceof Tensor) || !(y instanceof Tensor)) throw new TensorloomError(op, 'each batch must be a pair [x, y] of tensors');
      const out = noGrad(() => backbone.forward(x));
      try {
        const [n, ...rest] = out.shape;
        if (featureShape === null) featureShape = rest;
        else if (rest.join(',') !== featureShape.join(',')) throw new TensorloomError(op, `the backbone gave features of shape [${rest}] after [${featureShape}]; every batch must give the same row shape`);
        if (y.shape[0] !== n) throw new TensorloomError(op, `a batch has ${n} feature rows but ${y.shape[0]} targets`);
        if (y.dtype === 'bool') throw new TensorloomError(op, 'targets must be int32 or float32');
        if (targetShape === null) { targetShape = y.shape.slice(1); targetDType = y.dtype as 'float32' | 'int32'; }
        const data = (await out.data()) as Float32Array;
        if (fs) { fs.writeSync(fd, new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 0, data.byteLength, bytes); bytes += data.byteLength; }
        else chunks.push(Float32Array.from(data));
        targetChunks.push((await y.data()).slice());
        rows += n;
        options.onProgress?.(rows);
      } finally {
        if (out !== x) out.dispose(); // an Identity backbone hands back its input
        if (owned) { x.dispose(); y.dispose(); }
      }
    }
  } catch (e) {
    if (fs && path) { fs.closeSync(fd); fs.rmSync(path, { force: true }); }
    throw e;
  } finally {
    backbone.train(wasTraining);
  }
  if (rows === 0 || featureShape === null || targetShape === null) {
    if (fs && path) { fs.closeSync(fd); fs.rmSync(path, { force: true }); }
    throw new TensorloomError(op, 'the source yielded no batches');
  }
  const per = targetShape.reduce((a, b) => a * b, 1);
  const targets = targetDType === 'int32' ? new Int32Array(rows * per) : new Float32Array(rows * per);
  let at = 0;
  for (const c of targetChunks) { targets.set(c as ArrayLike<number>, at); at += c.length; }
  let store: RowStore;
  if (fs && path) {
    const f = fs, p = path, handle = fd;
    store = {
      read: (indices, out, rowSize) => {
        const view = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
        indices.forEach((i, r) => {
          const got = f.readSync(handle, view, r * rowSize * 4, rowSize * 4, i * rowSize * 4);
          if (got !== rowSize * 4) throw new TensorloomError('CachedFeatures', `the cache file ${p} is shorter than expected (was it changed?)`);
        });
      },
      close: () => { f.closeSync(handle); f.rmSync(p, { force: true }); },
    };
  } else {
    const all = new Float32Array(rows * featureShape.reduce((a, b) => a * b, 1));
    let off = 0;
    for (const c of chunks) { all.set(c, off); off += c.length; }
    chunks.length = 0;
    store = {
      read: (indices, out, rowSize) => { indices.forEach((i, r) => out.set(all.subarray(i * rowSize, (i + 1) * rowSize), r * rowSize)); },
      close: () => {},
    };
  }
  const seconds = ((typeof performance !== 'undefined' ? performance.now() : Date.now()) - started) / 1000;
  return new CachedFeatures(rows, featureShape, { data: targets, shape: targetShape, dtype: targetDType }, store, seconds, path);
}
