/**
 * Shape arithmetic: sizes, strides, NumPy broadcasting and axis normalisation.
 */
import { TensorloomError, formatShape } from './errors.js';

export type Shape = readonly number[];

/** Number of elements of a shape (1 for a scalar). @example sizeOf([2, 3]) // 6 */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides of a shape. @example stridesOf([2, 3, 4]) // [12, 4, 1] */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/**
 * The NumPy broadcast of two shapes, or a TensorloomError naming `op`.
 *
 * @example
 * broadcastShapes('add', [2, 1], [3]); // [2, 3]
 */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new TensorloomError(
        op,
        `shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast: dimension ${i} is ${da} vs ${db}; ` +
          'sizes must match or one of them must be 1 (reshape or unsqueeze one operand)',
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * Normalises a possibly negative axis for a tensor of `rank`, or throws a TensorloomError naming `op`.
 *
 * @example
 * normalizeAxis('softmax', -1, 3); // 2
 */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -Math.max(rank, 1) || axis >= Math.max(rank, 1)) {
    throw new TensorloomError(
      op,
      `axis ${axis} is out of range for a tensor of rank ${rank}; use an integer in [${-Math.max(rank, 1)}, ${Math.max(rank, 1) - 1}]`,
    );
  }
  return axis < 0 ? axis + Math.max(rank, 1) : axis;
}

/**
 * Normalises an axis list (undefined means all axes), sorted and without duplicates.
 *
 * @example
 * normalizeAxes('sum', [-1, 0], 3); // [0, 2]
 */
export function normalizeAxes(op: string, axes: number | readonly number[] | undefined, rank: number): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : [...axes];
  const out = list.map((a) => normalizeAxis(op, a, rank));
  if (new Set(out).size !== out.length) {
    throw new TensorloomError(op, `axes ${formatShape(list)} repeat an axis; list each axis once`);
  }
  return out.sort((x, y) => x - y);
}

/** The shape left after reducing `axes` (kept as size 1 when `keepDims`). */
export function reducedShape(shape: Shape, axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepDims) out.push(1);
  });
  return out;
}

/**
 * True when two shapes are the same, dimension by dimension.
 *
 * @example
 * shapesEqual(x.shape, [2, 3]);
 */
export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Checks a shape is a list of non-negative integers. */
export function assertValidShape(op: string, shape: Shape): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new TensorloomError(op, `invalid shape ${formatShape(shape)}: every dimension must be a non-negative integer`);
    }
  }
}
