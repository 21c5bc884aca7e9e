/**
 * Movement ops: reshape, transpose/permute, slice/narrow, pad, concat/stack/split,
 * expand, squeeze/unsqueeze, flip. Values never change, only where they sit.
 */
import { TensorloomError, formatShape, publicOp } from '../errors.js';
import { checkAxes, checkAxis, checkIntList, checkNumber, describe } from '../validate.js';
import { runPrimitive } from '../engine.js';
import { tidy } from '../memory.js';
import { assertValidShape, normalizeAxis, shapesEqual, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { assertTensor } from './operand.js';
import { rangeOn } from './fill.js';
import { sub } from './binary.js';

/**
 * Same values, new shape; one dimension may be -1 (inferred).
 *
 * @example
 * reshape(arange(6), [2, -1]); // [2,3]
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  return publicOp('reshape', () => reshapeBody(x, shape));
}

function reshapeBody(x: Tensor, shape: readonly number[]): Tensor {
  assertTensor('reshape', x);
  const out = checkIntList('reshape', 'shape', shape, -1);
  const unknown = out.indexOf(-1);
  if (unknown !== out.lastIndexOf(-1)) throw new TensorloomError('reshape', `only one dimension can be -1, got ${formatShape(shape)}`);
  if (unknown >= 0) {
    const known = sizeOf(out.filter((_, i) => i !== unknown));
    if (known === 0 || x.size % known !== 0) {
      throw new TensorloomError('reshape', `cannot reshape ${formatShape(x.shape)} (${x.size} values) to ${formatShape(shape)}`);
    }
    out[unknown] = x.size / known;
  }
  assertValidShape('reshape', out);
  if (sizeOf(out) !== x.size) {
    throw new TensorloomError('reshape', `cannot reshape ${formatShape(x.shape)} (${x.size} values) to ${formatShape(shape)} (${sizeOf(out)} values); the sizes must match`);
  }
  return runPrimitive('reshape', [x], { shape: out }, { shape: out, dtype: x.dtype });
}

/** Flattens dimensions `startDim..endDim` into one. @example flatten(images, 1) // [N, C*H*W] */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  return publicOp('flatten', () => {
    assertTensor('flatten', x);
    const s = checkAxis('flatten', 'startDim', startDim, x.rank);
    const e = checkAxis('flatten', 'endDim', endDim, x.rank);
    if (x.rank === 0) return reshape(x, [1]);
    if (s > e) throw new TensorloomError('flatten', `startDim (${startDim}) comes after endDim (${endDim})`);
    const shape = [...x.shape.slice(0, s), sizeOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
    return reshape(x, shape);
  });
}

/**
 * Reorders dimensions: `out.shape[i] = x.shape[dims[i]]`.
 *
 * @example
 * permute(images, [0, 2, 3, 1]); // NCHW → NHWC
 */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  return publicOp('permute', () => permuteBody(x, dims));
}

function permuteBody(x: Tensor, dims: readonly number[]): Tensor {
  assertTensor('permute', x);
  checkIntList('permute', 'dims', dims);
  if (dims.length !== x.rank) throw new TensorloomError('permute', `dims ${formatShape(dims)} must list all ${x.rank} dimensions of ${formatShape(x.shape)}`);
  const perm = dims.map((d) => normalizeAxis('permute', d, x.rank));
  if (new Set(perm).size !== perm.length) throw new TensorloomError('permute', `dims ${formatShape(dims)} repeat a dimension; give a permutation`);
  return runPrimitive('transpose', [x], { perm }, { shape: perm.map((p) => x.shape[p]), dtype: x.dtype });
}

/**
 * Swaps two dimensions (`transpose(x, 0, 1)`), applies a permutation (`transpose(x, [1, 0])`),
 * or reverses all dimensions (`transpose(x)`).
 *
 * @example
 * transpose(w); // w.T for a matrix
 */
export function transpose(x: Tensor, dim0?: number | readonly number[], dim1?: number): Tensor {
  return publicOp('transpose', () => {
    assertTensor('transpose', x);
    if (Array.isArray(dim0)) {
      if (dim1 !== undefined) throw new TensorloomError('transpose', `with a permutation ${describe(dim0)} as dim0, dim1 must be omitted, got ${describe(dim1)}`);
      return permuteBody(x, dim0);
    }
    const perm = Array.from({ length: x.rank }, (_, i) => i);
    if (dim0 === undefined) {
      if (dim1 !== undefined) throw new TensorloomError('transpose', `dim1 needs dim0, got dim0 undefined and dim1 ${describe(dim1)}`);
      perm.reverse();
    } else {
      const a = checkAxis('transpose', 'dim0', dim0, x.rank);
      const b = checkAxis('transpose', 'dim1', dim1 ?? (x.rank - 1 - a), x.rank);
      [perm[a], perm[b]] = [perm[b], perm[a]];
    }
    return permuteBody(x, perm);
  });
}

/**
 * A contiguous block: `begin` per dimension and `size` per dimension (-1: to the end).
 * Negative begins count from the end.
 *
 * @example
 * slice(x, [0, 1], [2, -1]);
 */
export function slice(x: Tensor, begin: readonly number[], size?: readonly number[]): Tensor {
  return publicOp('slice', () => sliceBody(x, begin, size));
}

function sliceBody(x: Tensor, begin: readonly number[], size?: readonly number[]): Tensor {
  assertTensor('slice', x);
  checkIntList('slice', 'begin', begin);
  if (size !== undefined) checkIntList('slice', 'size', size, -1);
  if (begin.length > x.rank || (size && size.length !== begin.length)) {
    throw new TensorloomError('slice', `begin ${formatShape(begin)} and size ${formatShape(size ?? [])} must have one entry per dimension (at most ${x.rank})`);
  }
  const b = x.shape.map((d, i) => {
    const v = begin[i] ?? 0;
    const n = v < 0 ? v + d : v;
    if (!Number.isInteger(v) || n < 0 || n > d) throw new TensorloomError('slice', `begin ${v} is out of range for dimension ${i} of size ${d}`);
    return n;
  });
  const s = x.shape.map((d, i) => {
    const v = size?.[i] ?? -1;
    const n = v === -1 ? d - b[i] : v;
    if (!Number.isInteger(n) || n < 0 || b[i] + n > d) {
      throw new TensorloomError('slice', `size ${v} at begin ${b[i]} runs past dimension ${i} of size ${d} in ${formatShape(x.shape)}`);
    }
    return n;
  });
  return runPrimitive('slice', [x], { begin: b, size: s }, { shape: s, dtype: x.dtype });
}

/** `length` entries of dimension `dim` from `start` (PyTorch's `narrow`). @example narrow(x, 1, 0, 2) */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  return publicOp('narrow', () => {
    assertTensor('narrow', x);
    if (x.rank === 0) throw new TensorloomError('narrow', 'cannot narrow a scalar; it has no dimension');
    const d = checkAxis('narrow', 'dim', dim, x.rank);
    checkNumber('narrow', 'start', start, { integer: true });
    checkNumber('narrow', 'length', length, { integer: true, min: 0 });
    const begin = x.shape.map((_, i) => (i === d ? start : 0));
    const size = x.shape.map((n, i) => (i === d ? length : n));
    return sliceBody(x, begin, size);
  });
}

/**
 * Pads with a constant: `pads[i] = [before, after]` for dimension i (missing: no padding).
 *
 * @example
 * pad(images, [[0, 0], [0, 0], [1, 1], [1, 1]]); // one pixel around H and W
 */
export function pad(x: Tensor, pads: ReadonlyArray<readonly [number, number]>, value = 0): Tensor {
  return publicOp('pad', () => padBody(x, pads, value));
}

function padBody(x: Tensor, pads: ReadonlyArray<readonly [number, number]>, value: number): Tensor {
  assertTensor('pad', x);
  if (!Array.isArray(pads)) throw new TensorloomError('pad', `pads must be an array of [before, after] pairs, one per dimension, got ${describe(pads)}`);
  pads.forEach((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new TensorloomError('pad', `pads[${i}] must be a [before, after] pair of integers, got ${describe(pair)} (e.g. pad(x, [[1, 1]]) pads dimension 0 by one on each side)`);
    }
  });
  checkNumber('pad', 'value', value, { nonFinite: true });
  if (pads.length > x.rank) throw new TensorloomError('pad', `got ${pads.length} [before, after] pairs for a tensor of rank ${x.rank}`);
  const p = x.shape.map((_, i): [number, number] => {
    const [a, b] = pads[i] ?? [0, 0];
    if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < 0) {
      throw new TensorloomError('pad', `padding [${a}, ${b}] of dimension ${i} must be non-negative integers (use slice to crop)`);
    }
    return [a, b];
  });
  const shape = x.shape.map((d, i) => d + p[i][0] + p[i][1]);
  return runPrimitive('pad', [x], { pads: p, value }, { shape, dtype: x.dtype });
}

/**
 * Joins tensors along an existing axis.
 *
 * @example
 * concat([a, b], 0);
 */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  return publicOp('concat', () => concatBody(tensors, axis));
}

function concatBody(tensors: readonly Tensor[], axis: number): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new TensorloomError('concat', `needs a non-empty array of tensors, got ${describe(tensors)}`);
  tensors.forEach((t, i) => assertTensor('concat', t, `tensors[${i}]`));
  const first = tensors[0];
  if (first.rank === 0) throw new TensorloomError('concat', 'cannot concatenate scalars; they have no axis (use stack to make a new one)');
  const ax = checkAxis('concat', 'axis', axis, first.rank);
  for (const t of tensors) {
    if (t.rank !== first.rank || t.shape.some((d: number, i: number) => i !== ax && d !== first.shape[i])) {
      throw new TensorloomError('concat', `shapes ${tensors.map((u) => formatShape(u.shape)).join(', ')} differ outside axis ${ax}; they must match except along it`);
    }
    if (t.dtype !== first.dtype) throw new TensorloomError('concat', `dtypes differ (${first.dtype} and ${t.dtype}); cast them to one dtype`);
  }
  if (tensors.length === 1) return first.clone();
  const shape = [...first.shape];
  shape[ax] = tensors.reduce((n, t) => n + t.shape[ax], 0);
  return runPrimitive('concat', tensors, { axis: ax }, { shape, dtype: first.dtype });
}

/** Joins tensors of one shape along a new axis. @example stack([a, b], 0) */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  return publicOp('stack', () => {
    if (!Array.isArray(tensors) || tensors.length === 0) throw new TensorloomError('stack', `needs a non-empty array of tensors, got ${describe(tensors)}`);
    tensors.forEach((t, i) => assertTensor('stack', t, `tensors[${i}]`));
    const ax = checkAxis('stack', 'axis', axis, tensors[0].rank + 1);
    for (const t of tensors) {
      if (t.rank !== tensors[0].rank || !shapesEqual(t.shape, tensors[0].shape)) {
        throw new TensorloomError('stack', `all tensors must have one shape, got ${tensors.map((u) => formatShape(u.shape)).join(', ')}`);
      }
    }
    return tidy(() => concatBody(tensors.map((t) => unsqueeze(t, ax)), ax));
  });
}

/**
 * Splits into pieces along `axis`: equal pieces of `size` (the last may be smaller), or the
 * listed sizes (PyTorch's `split`).
 *
 * @example
 * const [a, b] = split(x, [2, 3], 1);
 */
export function split(x: Tensor, sizes: number | readonly number[], axis = 0): Tensor[] {
  return publicOp('split', () => splitBody(x, sizes, axis));
}

function splitBody(x: Tensor, sizes: number | readonly number[], axis: number): Tensor[] {
  assertTensor('split', x);
  if (x.rank === 0) throw new TensorloomError('split', 'cannot split a scalar; it has no dimension');
  const ax = checkAxis('split', 'axis', axis, x.rank);
  if (typeof sizes !== 'number') checkIntList('split', 'sizes', sizes, 0);
  const n = x.shape[ax];
  let list: number[];
  if (typeof sizes === 'number') {
    if (!Number.isInteger(sizes) || sizes <= 0) throw new TensorloomError('split', `split size must be a positive integer, got ${sizes}`);
    list = [];
    for (let at = 0; at < n; at += sizes) list.push(Math.min(sizes, n - at));
  } else {
    list = [...sizes];
    if (list.reduce((a, b) => a + b, 0) !== n || list.some((s) => !Number.isInteger(s) || s < 0)) {
      throw new TensorloomError('split', `sizes ${formatShape(list)} must be non-negative integers that add up to dimension ${ax} (${n})`);
    }
  }
  // Many pieces (an RNN's time steps): split in halves, recursively, so that backward pads each
  // piece's gradient only to the size of its half — O(n log n) work, not n full-size gradients.
  return list.length <= SPLIT_DIRECT ? splitDirect(x, ax, list) : tidy(() => splitHalves(x, ax, list));
}

/** Up to this many pieces, `split` narrows each one straight from the input. */
const SPLIT_DIRECT = 8;

function splitDirect(x: Tensor, ax: number, sizes: readonly number[]): Tensor[] {
  let at = 0;
  return sizes.map((s) => { const piece = narrow(x, ax, at, s); at += s; return piece; });
}

function splitHalves(x: Tensor, ax: number, sizes: readonly number[]): Tensor[] {
  if (sizes.length <= SPLIT_DIRECT) return splitDirect(x, ax, sizes);
  const mid = sizes.length >> 1;
  const leftLength = sizes.slice(0, mid).reduce((a, b) => a + b, 0);
  const left = narrow(x, ax, 0, leftLength);
  const right = narrow(x, ax, leftLength, x.shape[ax] - leftLength);
  return [...splitHalves(left, ax, sizes.slice(0, mid)), ...splitHalves(right, ax, sizes.slice(mid))];
}

/**
 * Broadcasts to a larger shape (a -1 keeps that dimension), materialising the copies.
 *
 * @example
 * expand(tensor([[1], [2]]), [2, 3]);
 */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  return publicOp('expand', () => expandBody(x, shape));
}

function expandBody(x: Tensor, shape: readonly number[]): Tensor {
  assertTensor('expand', x);
  checkIntList('expand', 'shape', shape, -1);
  if (shape.length < x.rank) throw new TensorloomError('expand', `cannot expand ${formatShape(x.shape)} to fewer dimensions ${formatShape(shape)}`);
  const offset = shape.length - x.rank;
  const out = shape.map((d, i) => {
    const src = i >= offset ? x.shape[i - offset] : 1;
    const target = d === -1 ? src : d;
    if (src !== target && src !== 1) {
      throw new TensorloomError('expand', `cannot expand ${formatShape(x.shape)} to ${formatShape(shape)}: dimension ${i} is ${src}, and only size-1 dimensions expand`);
    }
    return target;
  });
  assertValidShape('expand', out);
  return runPrimitive('expand', [x], { shape: out }, { shape: out, dtype: x.dtype });
}

/** `expand` under NumPy's name. @example broadcastTo(tensor([1, 2]), [3, 2]) */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  return publicOp('broadcastTo', () => expandBody(x, shape));
}

/** Removes size-1 dimensions (all of them, or those in `axis`). @example squeeze(x, 1) */
export function squeeze(x: Tensor, axis?: number | readonly number[]): Tensor {
  return publicOp('squeeze', () => {
    assertTensor('squeeze', x);
    if (x.rank === 0) {
      if (axis !== undefined) checkAxes('squeeze', 'axis', axis, 0); // only 0 / -1 are valid
      return x.clone();
    }
    const axes = axis === undefined ? x.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : checkAxes('squeeze', 'axis', axis, x.rank);
    for (const a of axes) {
      if (x.shape[a] !== 1) throw new TensorloomError('squeeze', `dimension ${a} of ${formatShape(x.shape)} has size ${x.shape[a]}, not 1`);
    }
    return reshape(x, x.shape.filter((_, i) => !axes.includes(i)));
  });
}

/** Inserts a size-1 dimension at `axis`. @example unsqueeze(x, 0) // add a batch dimension */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  return publicOp('unsqueeze', () => {
    assertTensor('unsqueeze', x);
    const ax = checkAxis('unsqueeze', 'axis', axis, x.rank + 1);
    const shape = [...x.shape];
    shape.splice(ax, 0, 1);
    return reshape(x, shape);
  });
}

/** Reverses the order along each axis in `axes`. @example flip(image, 3) // mirror W */
export function flip(x: Tensor, axes: number | readonly number[]): Tensor {
  return publicOp('flip', () => flipBody(x, axes));
}

function flipBody(x: Tensor, axes: number | readonly number[]): Tensor {
  assertTensor('flip', x);
  if (axes === undefined) throw new TensorloomError('flip', 'axes must be an axis or an array of axes to reverse, got undefined');
  const list = checkAxes('flip', 'axes', axes, x.rank);
  return tidy(() => {
    let y = x;
    for (const a of list) {
      const n = x.shape[a];
      // gather with the reversed index, as a primitive (indexing.ts builds on movement, not the reverse)
      y = runPrimitive('gather', [y, sub(n - 1, rangeOn(x.backend, n))], { axis: a }, { shape: y.shape, dtype: y.dtype });
    }
    return y === x ? x.clone() : y;
  });
}
