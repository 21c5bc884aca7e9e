/**
 * Shifts (translations) of images by whole pixels: `shift` by a given offset and
 * `randomShift`, an augmentation with a seeded offset per image.
 */
import { TensorloomError, type Tensor } from '@tensorloom/core';
import { SeededRandom, checkSeed, randomSeed } from '../random.js';
import { affineSample, imageDims, type AffineMap } from './affine_sample.js';
import type { Transform } from './transform.js';

function checkOffset(op: string, name: string, v: number): void {
  if (!Number.isInteger(v)) throw new TensorloomError(op, `${name} must be a whole number of pixels, got ${v}`);
}

/** The map that reads output (y, x) from input (y - dy, x - dx). */
function shiftMap(dy: number, dx: number): AffineMap { return [1, 0, -dy, 0, 1, -dx]; }

/**
 * Moves the content of images in [C,H,W] or [N,C,H,W] by `dy` pixels down and `dx` pixels
 * right (negative: up, left); uncovered pixels take `fill` (default 0):
 * `out[.., y, x] = x[.., y - dy, x - dx]`.
 *
 * @example
 * shift(images, 2, -1); // two pixels down, one left
 */
export function shift(x: Tensor, dy: number, dx: number, options: { fill?: number } = {}): Tensor {
  checkOffset('shift', 'dy', dy);
  checkOffset('shift', 'dx', dx);
  return affineSample('shift', x, [shiftMap(dy, dx)], 'nearest', options.fill ?? 0);
}

/** Options of `randomShift`. */
export interface RandomShiftOptions {
  /** Largest shift in pixels: one number for both axes, or [maxDy, maxDx]. */
  maxShift: number | readonly [number, number];
  /** Value of uncovered pixels (default 0). */
  fill?: number;
  /** Seed of the offsets; random when absent. */
  seed?: number;
}

/**
 * An augmentation that shifts each image by whole-pixel offsets drawn uniformly from
 * [-maxDy, maxDy] × [-maxDx, maxDx], a new draw per image and per call (seeded).
 *
 * @example
 * const jitter = randomShift({ maxShift: 2, seed: 7 });
 * const y = jitter(images); // [N,1,28,28]: each image moved by up to 2 pixels each way
 */
export function randomShift(options: RandomShiftOptions): Transform {
  const [my, mx] = typeof options.maxShift === 'number' ? [options.maxShift, options.maxShift] : options.maxShift;
  for (const m of [my, mx]) {
    if (!Number.isInteger(m) || m < 0) throw new TensorloomError('randomShift', `maxShift must be non-negative whole pixels, got ${JSON.stringify(options.maxShift)}`);
  }
  const seed = options.seed ?? randomSeed();
  checkSeed('randomShift', seed);
  const rng = new SeededRandom(seed);
  const fill = options.fill ?? 0;
  return (x: Tensor): Tensor => {
    const [n] = imageDims('randomShift', x);
    const maps = Array.from({ length: n }, () => shiftMap(rng.int(2 * my + 1) - my, rng.int(2 * mx + 1) - mx));
    return affineSample('randomShift', x, maps, 'nearest', fill);
  };
}
