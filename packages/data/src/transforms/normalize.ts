/**
 * normalize: per-channel standardisation `(x - mean) / std` of images in [C,H,W] or
 * [N,C,H,W] (torchvision's `Normalize`), or of any tensor with scalar mean and std.
 */
import { TensorloomError, tensor, tidy, type Tensor, formatShape } from '@tensorloom/core';
import type { Transform } from './transform.js';

function asList(op: string, name: string, v: number | readonly number[]): number[] {
  const list = typeof v === 'number' ? [v] : [...v];
  if (list.length === 0 || list.some((x) => !Number.isFinite(x))) {
    throw new TensorloomError(op, `${name} must be a finite number or a non-empty list of them, got ${JSON.stringify(v)}`);
  }
  return list;
}

/**
 * A transform that subtracts `mean` and divides by `std`, per channel when they are lists
 * (one value per channel of [C,H,W] or [N,C,H,W] input) or everywhere when they are numbers.
 * Non-float input is cast to float32 first.
 *
 * @example
 * const norm = normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]);
 * const y = norm(images); // images: [N,3,H,W] float32 in [0, 1]
 */
export function normalize(mean: number | readonly number[], std: number | readonly number[]): Transform {
  const m = asList('normalize', 'mean', mean);
  const s = asList('normalize', 'std', std);
  if (s.some((v) => v <= 0)) throw new TensorloomError('normalize', `std must be positive, got ${JSON.stringify(std)}`);
  if (m.length !== s.length && m.length !== 1 && s.length !== 1) {
    throw new TensorloomError('normalize', `mean has ${m.length} values and std ${s.length}; give one per channel to both (or a single number)`);
  }
  const channels = Math.max(m.length, s.length);
  return (x: Tensor): Tensor => tidy(() => {
    const xf = x.dtype === 'float32' ? x : x.cast('float32');
    if (channels === 1) return xf.sub(m[0]).div(s[0]);
    if (x.rank !== 3 && x.rank !== 4) {
      throw new TensorloomError('normalize', `per-channel mean/std need [C,H,W] or [N,C,H,W] input, got shape ${formatShape(x.shape)}`);
    }
    const c = x.shape[x.rank - 3];
    if (c !== channels) {
      throw new TensorloomError('normalize', `input has ${c} channels (shape ${formatShape(x.shape)}) but mean/std give ${channels}; give one value per channel`);
    }
    const full = (v: number[]): number[] => (v.length === 1 ? new Array<number>(c).fill(v[0]) : v);
    const shape = [c, 1, 1];
    const meanT = tensor(full(m), { shape, backend: x.backend });
    const stdT = tensor(full(s), { shape, backend: x.backend });
    return xf.sub(meanT).div(stdT);
  });
}
