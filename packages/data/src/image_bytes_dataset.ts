/**
 * ImageBytesDataset: labelled images kept as bytes (0..255) and turned into float32 tensors
 * only when read, a batch at a time — 4× less memory than a float tensor of the whole set
 * and one host-to-backend write per batch.
 */
import { TensorloomError, tensor, type Backend, type Tensor, formatShape } from '@tensorloom/core';
import { checkIndex, type Dataset } from './dataset.js';

/** How bytes become floats: 'unit' → [0, 1]; 'standard' → (x/255 − mean) / std; 'none' → 0..255. */
export type PixelScaling = 'unit' | 'standard' | 'none';

/** Options of `ImageBytesDataset`. */
export interface ImageBytesOptions {
  /** Pixels of all images, row-major [N, C, H, W]. */
  pixels: Uint8Array;
  /** One class index per image. */
  labels: ArrayLike<number>;
  /** [C, H, W] of one image. */
  imageShape: readonly [number, number, number];
  /** Default 'unit'. */
  scaling?: PixelScaling;
  /** Mean and std (of x/255) for 'standard' scaling, one number for all channels. */
  mean?: number;
  std?: number;
  /** Backend of the tensors (the current one when absent). */
  backend?: string | Backend;
}

/** Writes `count` pixels from `src[from..]` to `dst[to..]` as floats with the scaling. */
export function scalePixels(src: Uint8Array, from: number, dst: Float32Array, to: number, count: number, scaling: PixelScaling, mean = 0, std = 1): void {
  if (scaling === 'none') { for (let i = 0; i < count; i++) dst[to + i] = src[from + i]; return; }
  if (scaling === 'unit') { for (let i = 0; i < count; i++) dst[to + i] = src[from + i] / 255; return; }
  for (let i = 0; i < count; i++) dst[to + i] = (src[from + i] / 255 - mean) / std;
}

/**
 * A dataset of `[image, label]`: image float32 [C,H,W] (scaled as asked), label int32 [].
 * `getBatch` (used by `DataLoader`) builds the whole [B,C,H,W] batch on the host.
 *
 * @example
 * const ds = new ImageBytesDataset({ pixels, labels, imageShape: [1, 28, 28] });
 * const [x, y] = ds.get(0); // [1,28,28] float32 in [0,1], int32 scalar
 */
export class ImageBytesDataset implements Dataset<[Tensor, Tensor]> {
  readonly length: number;
  readonly imageShape: readonly [number, number, number];
  private readonly opts: ImageBytesOptions;
  private readonly imageSize: number;

  constructor(options: ImageBytesOptions) {
    const [c, h, w] = options.imageShape;
    if (![c, h, w].every((d) => Number.isInteger(d) && d > 0)) {
      throw new TensorloomError('ImageBytesDataset', `imageShape must be three positive integers [C,H,W], got ${formatShape(options.imageShape)}`);
    }
    this.imageSize = c * h * w;
    this.length = options.labels.length;
    if (options.pixels.length !== this.length * this.imageSize) {
      throw new TensorloomError('ImageBytesDataset', `${this.length} labels need ${this.length} × ${this.imageSize} = ${this.length * this.imageSize} pixels, got ${options.pixels.length}`);
    }
    if ((options.scaling ?? 'unit') === 'standard' && !(options.std === undefined || options.std > 0)) {
      throw new TensorloomError('ImageBytesDataset', `std must be positive, got ${options.std}`);
    }
    this.imageShape = [c, h, w];
    this.opts = options;
  }

  get(index: number): [Tensor, Tensor] {
    checkIndex('ImageBytesDataset.get', index, this.length);
    const [x, y] = this.read([index]);
    return [x.reshape(this.imageShape), y.reshape([])];
  }

  getBatch(indices: readonly number[]): [Tensor, Tensor] {
    for (const i of indices) checkIndex('ImageBytesDataset.getBatch', i, this.length);
    return this.read(indices);
  }

  private read(indices: readonly number[]): [Tensor, Tensor] {
    const { pixels, labels, scaling = 'unit', mean = 0, std = 1, backend } = this.opts;
    const size = this.imageSize;
    const xs = new Float32Array(indices.length * size);
    const ys = new Int32Array(indices.length);
    indices.forEach((idx, k) => {
      scalePixels(pixels, idx * size, xs, k * size, size, scaling, mean, std);
      ys[k] = labels[idx];
    });
    return [
      tensor(xs, { shape: [indices.length, ...this.imageShape], backend }),
      tensor(ys, { dtype: 'int32', backend }),
    ];
  }
}
