/**
 * Analysis windows for short-time Fourier transforms.
 */
import { TensorloomError } from '@tensorloom/core';

/**
 * A Hann window of `length` samples. Periodic by default (the first `length` samples of a
 * `length + 1` symmetric window), as `torch.hann_window` and librosa's STFT use.
 *
 * @example
 * const w = hannWindow(400); // w[0] = 0, w[200] = 1
 */
export function hannWindow(length: number, periodic = true): Float64Array {
  if (!Number.isInteger(length) || length < 1) throw new TensorloomError('hannWindow', `length must be a positive integer, got ${length}`);
  const out = new Float64Array(length);
  if (length === 1) { out[0] = 1; return out; }
  const denom = periodic ? length : length - 1;
  for (let i = 0; i < length; i++) out[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / denom);
  return out;
}
