/**
 * Random tensors from the seeded counter-based generator: the same seed gives the same
 * values on every backend (values are drawn on the host, then written).
 */
import { TensorloomError, publicOp } from '../errors.js';
import { sizeOf } from '../shape.js';
import { checkNumber, checkOptionalNumber, checkOptions, checkShape, describe } from '../validate.js';
import type { Tensor } from '../tensor.js';
import { uniforms } from '../random/generator.js';
import { tensor, type CreateOptions } from './creation.js';


/**
 * Uniform values in [low, high).
 *
 * @example
 * rand([2, 3]);            // in [0, 1)
 * rand([2], { low: -1, high: 1 });
 */
export function rand(shape: readonly number[], opts: CreateOptions & { low?: number; high?: number } = {}): Tensor {
  return publicOp('rand', () => {
    const dims = checkShape('rand', 'shape', shape);
    const o = randomOptions('rand', opts);
    const low = checkOptionalNumber('rand', 'low', o.low) ?? 0;
    const high = checkOptionalNumber('rand', 'high', o.high) ?? 1;
    if (!(high > low)) throw new TensorloomError('rand', `high (${high}) must be greater than low (${low})`);
    const u = uniforms(sizeOf(dims));
    const values = new Float32Array(u.length);
    for (let i = 0; i < u.length; i++) values[i] = low + (high - low) * u[i];
    return tensor(values, { ...o, dtype: 'float32', shape: dims });
  });
}

/** Options of the random functions: an object whose dtype, when given, is `only`. */
function randomOptions<T extends CreateOptions>(op: string, opts: T | undefined, only: 'float32' | 'int32' = 'float32'): Partial<T> {
  const o = checkOptions(op, 'options', opts);
  if (o.dtype !== undefined && o.dtype !== only) throw new TensorloomError(op, `makes ${only} values; dtype ${describe(o.dtype)} is not supported (cast the result instead)`);
  return o;
}

/**
 * Normal values (Box–Muller) with the given mean and std.
 *
 * @example
 * randn([784, 128], { std: 0.01 });
 */
export function randn(shape: readonly number[], opts: CreateOptions & { mean?: number; std?: number } = {}): Tensor {
  return publicOp('randn', () => randnBody(shape, opts));
}

function randnBody(shape: readonly number[], opts: CreateOptions & { mean?: number; std?: number }): Tensor {
  const dims = checkShape('randn', 'shape', shape);
  const o = randomOptions('randn', opts);
  const mean = checkOptionalNumber('randn', 'mean', o.mean) ?? 0;
  const std = checkOptionalNumber('randn', 'std', o.std, { min: 0 }) ?? 1;
  const n = sizeOf(dims);
  const u = uniforms(2 * Math.ceil(n / 2));
  const values = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - u[i]));
    const theta = 2 * Math.PI * u[i + 1];
    values[i] = mean + std * r * Math.cos(theta);
    if (i + 1 < n) values[i + 1] = mean + std * r * Math.sin(theta);
  }
  return tensor(values, { ...o, dtype: 'float32', shape: dims });
}

/**
 * Integers uniform in [low, high), int32.
 *
 * @example
 * randint(0, 10, [5]);
 */
export function randint(low: number, high: number, shape: readonly number[], opts: CreateOptions = {}): Tensor {
  return publicOp('randint', () => {
    const bound = { integer: true, min: -(2 ** 31), max: 2 ** 31 } as const;
    checkNumber('randint', 'low', low, bound);
    checkNumber('randint', 'high', high, bound);
    if (high <= low) throw new TensorloomError('randint', `low (${low}) and high (${high}) must be integers with low < high`);
    const dims = checkShape('randint', 'shape', shape);
    const o = randomOptions('randint', opts, 'int32');
    const u = uniforms(sizeOf(dims));
    const values = new Int32Array(u.length);
    for (let i = 0; i < u.length; i++) values[i] = low + Math.floor(u[i] * (high - low));
    return tensor(values, { ...o, dtype: 'int32', shape: dims });
  });
}
