/**
 * Mel spectrograms, decibel scaling and MFCCs (the audio classifier's input features),
 * following librosa: `melspectrogram`, `power_to_db` and `mfcc` (DCT-II, orthonormal).
 */
import { TensorloomError } from '@tensorloom/core';
import { melFilterbank, type MelFilterbankOptions } from './mel.js';
import { spectrogram, type Spectrogram, type StftOptions } from './spectrogram.js';

/** Options for {@link melSpectrogram}: the STFT's and the filterbank's. */
export type MelSpectrogramOptions = StftOptions & Omit<MelFilterbankOptions, 'nFft'>;

/**
 * The mel spectrogram `[nMels, frames]`: the filterbank applied to the power spectrogram.
 *
 * @example
 * const mel = melSpectrogram(samples, { sampleRate: 16000, nFft: 512, hopLength: 160, nMels: 40 });
 */
export function melSpectrogram(signal: Float32Array, options: MelSpectrogramOptions): Spectrogram {
  const nFft = options.nFft ?? 512;
  const spec = spectrogram(signal, { ...options, nFft });
  const fb = melFilterbank({ ...options, nFft });
  const nMels = options.nMels ?? 40;
  const { rows: bins, frames } = spec;
  const data = new Float32Array(nMels * frames);
  for (let m = 0; m < nMels; m++) {
    for (let t = 0; t < frames; t++) {
      let acc = 0;
      for (let k = 0; k < bins; k++) acc += fb[m * bins + k]! * spec.data[k * frames + t]!;
      data[m * frames + t] = acc;
    }
  }
  return { data, rows: nMels, frames };
}

/** Options for {@link powerToDb}. */
export interface PowerToDbOptions {
  /** Reference power for 0 dB (default 1); 'max' uses the largest value. */
  ref?: number | 'max';
  /** Floor applied before the log (default 1e-10). */
  amin?: number;
  /** Clip values more than this many dB below the peak (default 80; null keeps all). */
  topDb?: number | null;
}

/**
 * Power → decibels: `10·log10(max(amin, S)) − 10·log10(max(amin, ref))`, clipped at
 * `peak − topDb` (librosa's `power_to_db`).
 *
 * @example
 * const db = powerToDb(melSpectrogram(samples, { sampleRate: 16000 }), { ref: 'max' });
 */
export function powerToDb(spec: Spectrogram, options: PowerToDbOptions = {}): Spectrogram {
  const amin = options.amin ?? 1e-10;
  const topDb = options.topDb === undefined ? 80 : options.topDb;
  if (!(amin > 0)) throw new TensorloomError('powerToDb', `amin must be positive, got ${amin}`);
  if (topDb !== null && !(topDb >= 0)) throw new TensorloomError('powerToDb', `topDb must be ≥ 0 or null, got ${topDb}`);
  let ref = options.ref ?? 1;
  if (ref === 'max') ref = spec.data.reduce((a, b) => Math.max(a, b), 0);
  const offset = 10 * Math.log10(Math.max(amin, ref));
  const data = new Float32Array(spec.data.length);
  let peak = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = 10 * Math.log10(Math.max(amin, spec.data[i]!)) - offset;
    data[i] = v;
    if (v > peak) peak = v;
  }
  if (topDb !== null) for (let i = 0; i < data.length; i++) data[i] = Math.max(data[i]!, peak - topDb);
  return { data, rows: spec.rows, frames: spec.frames };
}

/**
 * The log-mel spectrogram in dB: {@link melSpectrogram} then {@link powerToDb}.
 *
 * @example
 * const features = logMelSpectrogram(samples, { sampleRate: 16000, nFft: 512, hopLength: 160, nMels: 40 });
 */
export function logMelSpectrogram(signal: Float32Array, options: MelSpectrogramOptions & PowerToDbOptions): Spectrogram {
  return powerToDb(melSpectrogram(signal, options), options);
}

/** Options for {@link mfcc}. */
export interface MfccOptions {
  /** Number of coefficients kept (default 13). */
  nMfcc?: number;
}

/**
 * MFCCs from a log-mel spectrogram in dB: the orthonormal DCT-II over the mel axis, first
 * `nMfcc` rows (librosa's `mfcc` with `dct_type=2, norm='ortho'`).
 *
 * @example
 * const coeffs = mfcc(logMelSpectrogram(samples, { sampleRate: 16000 }), { nMfcc: 13 });
 */
export function mfcc(logMel: Spectrogram, options: MfccOptions = {}): Spectrogram {
  const nMfcc = options.nMfcc ?? 13;
  const n = logMel.rows;
  if (!Number.isInteger(nMfcc) || nMfcc < 1 || nMfcc > n) throw new TensorloomError('mfcc', `nMfcc must be an integer in [1, ${n}] (the mel bands), got ${nMfcc}`);
  const { frames } = logMel;
  const data = new Float32Array(nMfcc * frames);
  for (let k = 0; k < nMfcc; k++) {
    const scale = Math.sqrt((k === 0 ? 1 : 2) / n);
    for (let t = 0; t < frames; t++) {
      let acc = 0;
      for (let m = 0; m < n; m++) acc += logMel.data[m * frames + t]! * Math.cos((Math.PI * k * (2 * m + 1)) / (2 * n));
      data[k * frames + t] = acc * scale;
    }
  }
  return { data, rows: nMfcc, frames };
}
