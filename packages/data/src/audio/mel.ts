/**
 * Mel filterbanks as librosa builds them (`librosa.filters.mel`): triangles between mel-spaced
 * centre frequencies, on the Slaney scale (linear below 1 kHz, logarithmic above; librosa's
 * default) or the HTK scale (2595·log10(1 + f/700)), optionally area-normalised (Slaney).
 */
import { TensorloomError } from '@tensorloom/core';

/** Which mel scale: 'slaney' (librosa's default) or 'htk'. */
export type MelScale = 'slaney' | 'htk';

/** Options for {@link melFilterbank}. */
export interface MelFilterbankOptions {
  sampleRate: number;
  nFft: number;
  /** Number of mel bands (default 40). */
  nMels?: number;
  /** Lowest frequency in Hz (default 0). */
  fMin?: number;
  /** Highest frequency in Hz (default sampleRate / 2). */
  fMax?: number;
  /** Mel scale (default 'slaney'). */
  scale?: MelScale;
  /** 'slaney' divides each triangle by its width in Hz (constant energy per band); null leaves peaks at 1 (default 'slaney'). */
  norm?: 'slaney' | null;
}

const F_SP = 200 / 3;
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOG_STEP = Math.log(6.4) / 27;

/** Frequency in Hz → mel. */
export function hzToMel(hz: number, scale: MelScale = 'slaney'): number {
  if (scale === 'htk') return 2595 * Math.log10(1 + hz / 700);
  return hz < MIN_LOG_HZ ? hz / F_SP : MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP;
}

/** Mel → frequency in Hz. */
export function melToHz(mel: number, scale: MelScale = 'slaney'): number {
  if (scale === 'htk') return 700 * (10 ** (mel / 2595) - 1);
  return mel < MIN_LOG_MEL ? mel * F_SP : MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL));
}

/**
 * The mel filterbank matrix, row-major `[nMels, nFft / 2 + 1]`.
 *
 * @example
 * const fb = melFilterbank({ sampleRate: 16000, nFft: 512, nMels: 40 }); // 40 × 257
 */
export function melFilterbank(options: MelFilterbankOptions): Float64Array {
  const { sampleRate, nFft } = options;
  const nMels = options.nMels ?? 40;
  const fMin = options.fMin ?? 0;
  const fMax = options.fMax ?? sampleRate / 2;
  const scale = options.scale ?? 'slaney';
  const norm = options.norm === undefined ? 'slaney' : options.norm;
  if (!(sampleRate > 0)) throw new TensorloomError('melFilterbank', `sampleRate must be positive, got ${sampleRate}`);
  if (!Number.isInteger(nFft) || nFft < 2) throw new TensorloomError('melFilterbank', `nFft must be an integer ≥ 2, got ${nFft}`);
  if (!Number.isInteger(nMels) || nMels < 1) throw new TensorloomError('melFilterbank', `nMels must be a positive integer, got ${nMels}`);
  if (!(fMin >= 0 && fMin < fMax && fMax <= sampleRate / 2)) {
    throw new TensorloomError('melFilterbank', `need 0 ≤ fMin < fMax ≤ sampleRate/2, got fMin ${fMin}, fMax ${fMax}`);
  }
  if (scale !== 'slaney' && scale !== 'htk') throw new TensorloomError('melFilterbank', `scale must be 'slaney' or 'htk', got ${String(scale)}`);
  const bins = Math.floor(nFft / 2) + 1;
  const melMin = hzToMel(fMin, scale), melMax = hzToMel(fMax, scale);
  const edges = Array.from({ length: nMels + 2 }, (_, i) => melToHz(melMin + ((melMax - melMin) * i) / (nMels + 1), scale));
  const out = new Float64Array(nMels * bins);
  for (let m = 0; m < nMels; m++) {
    const lo = edges[m]!, mid = edges[m + 1]!, hi = edges[m + 2]!;
    const enorm = norm === 'slaney' ? 2 / (hi - lo) : 1;
    for (let k = 0; k < bins; k++) {
      const f = (k * sampleRate) / nFft;
      const w = Math.max(0, Math.min((f - lo) / (mid - lo), (hi - f) / (hi - mid)));
      out[m * bins + k] = w * enorm;
    }
  }
  return out;
}
