/**
 * Random tensors from the seeded counter-based generator: the same seed gives the same
 * values on every backend (values are drawn on the host, then written).
 */
import { TensorloomError } from '../errors.js';
import { assertValidShape, sizeOf } from '../shape.js';
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
  assertValidShape('rand', shape);
  const low = opts.low ?? 0;
  const high = opts.high ?? 1;
  if (!(high > low)) throw new TensorloomError('rand', `high (${high}) must be greater than low (${low})`);
  const u = uniforms(sizeOf(shape));
  const values = new Float32Array(u.length);
  for (let i = 0; i < u.length; i++) values[i] = low + (high - low) * u[i];
  return tensor(values, { ...opts, dtype: 'float32', shape });
}

/**
 * Normal values (Box–Muller) with the given mean and std.
 *
 * @example
 * randn([784, 128], { std: 0.01 });
 */
export function randn(shape: readonly number[], opts: CreateOptions & { mean?: number; std?: number } = {}): Tensor {
  assertValidShape('randn', shape);
  const n = sizeOf(shape);
  const u = uniforms(2 * Math.ceil(n / 2));
  const values = new Float32Array(n);
  const mean = opts.mean ?? 0;
  const std = opts.std ?? 1;
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - u[i]));
    const theta = 2 * Math.PI * u[i + 1];
    values[i] = mean + std * r * Math.cos(theta);
    if (i + 1 < n) values[i + 1] = mean + std * r * Math.sin(theta);
  }
  return tensor(values, { ...opts, dtype: 'float32', shape });
}

/**
 * Integers uniform in [low, high), int32.
 *
 * @example
 * randint(0, 10, [5]);
 */
export function randint(low: number, high: number, shape: readonly number[], opts: CreateOptions = {}): Tensor {
  assertValidShape('randint', shape);
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new TensorloomError('randint', `low (${low}) and high (${high}) must be integers with low < high`);
  }
  const u = uniforms(sizeOf(shape));
  const values = new Int32Array(u.length);
  for (let i = 0; i < u.length; i++) values[i] = low + Math.floor(u[i] * (high - low));
  return tensor(values, { ...opts, dtype: 'int32', shape });
}
