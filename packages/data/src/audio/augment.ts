/**
 * Audio augmentation, host-side and seeded (`SeededRandom`): time shift, noise mixed in at a
 * given signal-to-noise ratio, and SpecAugment's time and frequency masks on a spectrogram
 * (Park et al., 2019). The same seed gives the same result in Node and in the browser.
 */
import { TensorloomError } from '@tensorloom/core';
import type { SeededRandom } from '../random.js';
import type { Spectrogram } from './spectrogram.js';

/**
 * The signal moved by `shift` samples (positive: later), zero-filled, same length.
 *
 * @example
 * timeShift(Float32Array.from([1, 2, 3, 4]), 1); // [0, 1, 2, 3]
 */
export function timeShift(signal: Float32Array, shift: number): Float32Array {
  if (!Number.isInteger(shift)) throw new TensorloomError('timeShift', `shift must be an integer number of samples, got ${shift}`);
  const out = new Float32Array(signal.length);
  if (Math.abs(shift) >= signal.length) return out;
  if (shift >= 0) out.set(signal.subarray(0, signal.length - shift), shift);
  else out.set(signal.subarray(-shift));
  return out;
}

/**
 * `signal + k·noise` with k chosen so that the signal-to-noise power ratio is `snrDb` decibels
 * (the noise is repeated or cut to the signal's length). A silent signal is returned as is.
 *
 * @example
 * const noisy = addNoise(speech, whiteNoise, 10); // 10 dB SNR
 */
export function addNoise(signal: Float32Array, noise: Float32Array, snrDb: number): Float32Array {
  if (!Number.isFinite(snrDb)) throw new TensorloomError('addNoise', `snrDb must be a finite number of decibels, got ${snrDb}`);
  if (noise.length === 0) throw new TensorloomError('addNoise', 'the noise is empty');
  let ps = 0, pn = 0;
  for (let i = 0; i < signal.length; i++) {
    ps += signal[i]! * signal[i]!;
    const v = noise[i % noise.length]!;
    pn += v * v;
  }
  const out = signal.slice();
  if (ps === 0 || pn === 0) return out;
  const k = Math.sqrt(ps / (pn * 10 ** (snrDb / 10)));
  for (let i = 0; i < out.length; i++) out[i]! += k * noise[i % noise.length]!;
  return out;
}

/** Options of {@link specAugment}. */
export interface SpecAugmentOptions {
  /** Number of time masks (default 2). */
  timeMasks?: number;
  /** Widest time mask, in frames (default 10). */
  maxTimeWidth?: number;
  /** Number of frequency masks (default 2). */
  freqMasks?: number;
  /** Widest frequency mask, in rows (default 8). */
  maxFreqWidth?: number;
  /** Value written into the masks (default 0; use the mean for normalised features). */
  value?: number;
}

/**
 * SpecAugment: a copy of `spec` with random time and frequency bands set to `value`; each mask
 * has a width drawn from [0, max] and a random start.
 *
 * @example
 * const masked = specAugment(logMel, new SeededRandom(0), { timeMasks: 2, maxTimeWidth: 8 });
 */
export function specAugment(spec: Spectrogram, rng: SeededRandom, options: SpecAugmentOptions = {}): Spectrogram {
  const o = { timeMasks: 2, maxTimeWidth: 10, freqMasks: 2, maxFreqWidth: 8, value: 0, ...options };
  for (const key of ['timeMasks', 'maxTimeWidth', 'freqMasks', 'maxFreqWidth'] as const) {
    if (!Number.isInteger(o[key]) || o[key] < 0) throw new TensorloomError('specAugment', `${key} must be a non-negative integer, got ${o[key]}`);
  }
  const data = spec.data.slice();
  const { rows, frames } = spec;
  for (let m = 0; m < o.timeMasks; m++) {
    const w = Math.min(frames, rng.int(o.maxTimeWidth + 1));
    const t0 = rng.int(frames - w + 1);
    for (let r = 0; r < rows; r++) data.fill(o.value, r * frames + t0, r * frames + t0 + w);
  }
  for (let m = 0; m < o.freqMasks; m++) {
    const w = Math.min(rows, rng.int(o.maxFreqWidth + 1));
    const f0 = rng.int(rows - w + 1);
    data.fill(o.value, f0 * frames, (f0 + w) * frames);
  }
  return { data, rows, frames };
}
