/**
 * Short-time Fourier transform and power spectrogram through `fft.js` (a real FFT, computed in
 * float64). Framing and padding follow `torch.stft(center=True, pad_mode='reflect')`.
 */
import FFT from 'fft.js';
import { TensorloomError } from '@tensorloom/core';
import { hannWindow } from './window.js';

/** A time-frequency matrix, row-major `[rows, frames]` (frequency bins, mel bands or coefficients by time). */
export interface Spectrogram {
  data: Float32Array;
  rows: number;
  frames: number;
}

/** Options of the STFT. */
export interface StftOptions {
  /** FFT size, a power of two ≥ 4 (default 512). */
  nFft?: number;
  /** Samples between frames (default nFft / 4). */
  hopLength?: number;
  /** Window length ≤ nFft, zero-padded on both sides to nFft (default nFft). */
  winLength?: number;
  /** Pad nFft / 2 samples on each side so frame t is centred on sample t·hop (default true). */
  center?: boolean;
  /** How the centre padding is filled (default 'reflect'; 'constant' pads zeros). */
  padMode?: 'reflect' | 'constant';
  /** Exponent of the magnitude: 2 gives power (default), 1 magnitude. */
  power?: 1 | 2;
}

/**
 * The frames of a signal: `1 + floor((length + 2·pad − nFft) / hop)` windows of `nFft`
 * samples, after centre padding of nFft/2 on each side when `center` (by reflection, as
 * `torch.stft`, or zeros); reflection needs more samples than the pad.
 *
 * @example
 * frameSignal(samples, 512, 160, true, 'reflect').length; // frames of the STFT
 */
export function frameSignal(signal: Float32Array, nFft: number, hop: number, center: boolean, padMode: 'reflect' | 'constant'): Float64Array[] {
  const pad = center ? nFft / 2 : 0;
  if (center && padMode === 'reflect' && signal.length <= pad) {
    throw new TensorloomError('stft', `reflect padding needs more than nFft/2 = ${pad} samples, got ${signal.length}: pass padMode 'constant' or a longer signal`);
  }
  const padded = signal.length + 2 * pad;
  if (padded < nFft) throw new TensorloomError('stft', `the signal (${signal.length} samples) is shorter than nFft = ${nFft}`);
  const at = (i: number): number => {
    let j = i - pad;
    if (j < 0) j = padMode === 'reflect' ? -j : -1;
    else if (j >= signal.length) j = padMode === 'reflect' ? 2 * (signal.length - 1) - j : -1;
    return j < 0 ? 0 : signal[j]!;
  };
  const count = 1 + Math.floor((padded - nFft) / hop);
  const frames: Float64Array[] = [];
  for (let t = 0; t < count; t++) {
    const frame = new Float64Array(nFft);
    for (let i = 0; i < nFft; i++) frame[i] = at(t * hop + i);
    frames.push(frame);
  }
  return frames;
}

function checkOptions(options: StftOptions): Required<StftOptions> {
  const nFft = options.nFft ?? 512;
  if (!Number.isInteger(nFft) || nFft < 4 || (nFft & (nFft - 1)) !== 0) {
    throw new TensorloomError('stft', `nFft must be a power of two ≥ 4 (fft.js), got ${nFft}`);
  }
  const hopLength = options.hopLength ?? nFft / 4;
  const winLength = options.winLength ?? nFft;
  if (!Number.isInteger(hopLength) || hopLength < 1) throw new TensorloomError('stft', `hopLength must be a positive integer, got ${hopLength}`);
  if (!Number.isInteger(winLength) || winLength < 1 || winLength > nFft) throw new TensorloomError('stft', `winLength must be an integer in [1, nFft = ${nFft}], got ${winLength}`);
  const padMode = options.padMode ?? 'reflect';
  if (padMode !== 'reflect' && padMode !== 'constant') throw new TensorloomError('stft', `padMode must be 'reflect' or 'constant', got ${String(padMode)}`);
  const power = options.power ?? 2;
  if (power !== 1 && power !== 2) throw new TensorloomError('stft', `power must be 1 or 2, got ${String(power)}`);
  return { nFft, hopLength, winLength, center: options.center ?? true, padMode, power };
}

/**
 * The power (or magnitude) spectrogram of a mono signal with a periodic Hann window:
 * `nFft / 2 + 1` frequency rows by frames, as `torch.stft(...).abs() ** power`.
 *
 * @example
 * const spec = spectrogram(samples, { nFft: 512, hopLength: 160 }); // spec.rows = 257
 */
export function spectrogram(signal: Float32Array, options: StftOptions = {}): Spectrogram {
  const o = checkOptions(options);
  const window = new Float64Array(o.nFft);
  window.set(hannWindow(o.winLength), Math.floor((o.nFft - o.winLength) / 2));
  const frames = frameSignal(signal, o.nFft, o.hopLength, o.center, o.padMode);
  const rows = o.nFft / 2 + 1;
  const fft = new FFT(o.nFft);
  const spectrum = fft.createComplexArray() as number[];
  const data = new Float32Array(rows * frames.length);
  frames.forEach((frame, t) => {
    for (let i = 0; i < o.nFft; i++) frame[i]! *= window[i]!;
    fft.realTransform(spectrum, frame);
    for (let k = 0; k < rows; k++) {
      const re = spectrum[2 * k]!, im = spectrum[2 * k + 1]!;
      const p = re * re + im * im;
      data[k * frames.length + t] = o.power === 2 ? p : Math.sqrt(p);
    }
  });
  return { data, rows, frames: frames.length };
}
