/**
 * Rotations of images about their centre: `rotate` by a given angle and `randomRotation`,
 * an augmentation with a seeded angle per image. Positive angles turn counter-clockwise,
 * as in torchvision.
 */
import { TensorloomError, type Tensor } from '@tensorloom/core';
import { SeededRandom, checkSeed, randomSeed } from '../random.js';
import { affineSample, imageDims, type AffineMap, type Interpolation } from './affine_sample.js';
import type { Transform } from './transform.js';

/** cos and sin of an angle in degrees, exact at multiples of 90°. */
function cosSin(degrees: number): [number, number] {
  const quarter = degrees / 90;
  if (Number.isInteger(quarter)) {
    const k = ((quarter % 4) + 4) % 4;
    return ([[1, 0], [0, 1], [-1, 0], [0, -1]] as const)[k] as [number, number];
  }
  const r = (degrees * Math.PI) / 180;
  return [Math.cos(r), Math.sin(r)];
}

/** The inverse map of a counter-clockwise turn about the image centre ((H-1)/2, (W-1)/2). */
function rotationMap(degrees: number, h: number, w: number): AffineMap {
  const [c, s] = cosSin(degrees);
  const cy = (h - 1) / 2, cx = (w - 1) / 2;
  return [c, s, cy - c * cy - s * cx, -s, c, cx + s * cy - c * cx];
}

/** Options of `rotate` and `randomRotation`. */
export interface RotateOptions {
  /** How values between pixels are read (default 'bilinear'). */
  interpolation?: Interpolation;
  /** Value of pixels that come from outside the image (default 0). */
  fill?: number;
}

/**
 * Rotates images in [C,H,W] or [N,C,H,W] by `degrees` counter-clockwise about their centre,
 * keeping the size; corners that come from outside take `fill`. A 90° turn of a square
 * image equals `flip(transpose(x, -2, -1), -2)` exactly.
 *
 * @example
 * const turned = rotate(images, 15);
 */
export function rotate(x: Tensor, degrees: number, options: RotateOptions = {}): Tensor {
  if (!Number.isFinite(degrees)) throw new TensorloomError('rotate', `degrees must be a finite number, got ${degrees}`);
  const [, , h, w] = imageDims('rotate', x);
  return affineSample('rotate', x, [rotationMap(degrees, h, w)], options.interpolation ?? 'bilinear', options.fill ?? 0);
}

/** Options of `randomRotation`. */
export interface RandomRotationOptions extends RotateOptions {
  /** Angles are drawn uniformly from [-degrees, degrees], or from [min, max]. */
  degrees: number | readonly [number, number];
  /** Seed of the angles; random when absent. */
  seed?: number;
}

/**
 * An augmentation that rotates each image by its own angle drawn uniformly from the range,
 * a new draw per image and per call (seeded).
 *
 * @example
 * const tilt = randomRotation({ degrees: 10, seed: 3 });
 * const y = tilt(images); // each image turned by an angle in [-10°, 10°]
 */
export function randomRotation(options: RandomRotationOptions): Transform {
  const [lo, hi] = typeof options.degrees === 'number' ? [-Math.abs(options.degrees), Math.abs(options.degrees)] : options.degrees;
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) {
    throw new TensorloomError('randomRotation', `degrees must be a number or a [min, max] range with min <= max, got ${JSON.stringify(options.degrees)}`);
  }
  const seed = options.seed ?? randomSeed();
  checkSeed('randomRotation', seed);
  const rng = new SeededRandom(seed);
  const interpolation = options.interpolation ?? 'bilinear';
  const fill = options.fill ?? 0;
  return (x: Tensor): Tensor => {
    const [n, , h, w] = imageDims('randomRotation', x);
    const maps = Array.from({ length: n }, () => rotationMap(rng.uniform(lo, hi), h, w));
    return affineSample('randomRotation', x, maps, interpolation, fill);
  };
}
