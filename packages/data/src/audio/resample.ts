/**
 * Band-limited resampling: windowed-sinc interpolation with a Hann window, the algorithm of
 * torchaudio's `resample` (`sinc_interp_hann`, lowpass filter width 6, rolloff 0.99), so a
 * tone above the new Nyquist frequency is removed instead of folding back as an alias.
 */
import { TensorloomError } from '@tensorloom/core';

/** Options for {@link resample}. */
export interface ResampleOptions {
  /** Zero crossings of the sinc on each side (default 6): sharper filter, more work. */
  lowpassFilterWidth?: number;
  /** Cutoff as a fraction of the lower Nyquist frequency (default 0.99). */
  rolloff?: number;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Resamples a signal from `fromRate` to `toRate` Hz. The output has
 * `ceil(length · toRate / fromRate)` samples.
 *
 * @example
 * const at16k = resample(samples22k, 22050, 16000);
 */
export function resample(signal: Float32Array, fromRate: number, toRate: number, options: ResampleOptions = {}): Float32Array {
  for (const [name, rate] of [['fromRate', fromRate], ['toRate', toRate]] as const) {
    if (!Number.isInteger(rate) || rate < 1) throw new TensorloomError('resample', `${name} must be a positive integer (Hz), got ${rate}`);
  }
  const width = options.lowpassFilterWidth ?? 6;
  const rolloff = options.rolloff ?? 0.99;
  if (!(width >= 1 && width <= 64)) throw new TensorloomError('resample', `lowpassFilterWidth must be in [1, 64], got ${width}`);
  if (!(rolloff > 0 && rolloff <= 1)) throw new TensorloomError('resample', `rolloff must be in (0, 1], got ${rolloff}`);
  if (fromRate === toRate) return signal.slice();
  const g = gcd(fromRate, toRate);
  const orig = fromRate / g;
  const next = toRate / g;
  const base = Math.min(orig, next) * rolloff; // cutoff, in units of the reduced rates
  const reach = (width * orig) / base; // half-width of the kernel, in input samples
  const scale = base / orig;
  const n = signal.length;
  const out = new Float32Array(Math.ceil((n * next) / orig));
  for (let m = 0; m < out.length; m++) {
    const center = (m * orig) / next;
    const lo = Math.max(0, Math.ceil(center - reach));
    const hi = Math.min(n - 1, Math.floor(center + reach));
    let acc = 0;
    for (let p = lo; p <= hi; p++) {
      // time from the output sample to input sample p, in periods of the cutoff frequency
      const t = ((p * next - m * orig) / (orig * next)) * base;
      if (Math.abs(t) >= width) continue;
      const window = Math.cos((Math.PI * t) / (2 * width)) ** 2;
      const sinc = t === 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t);
      acc += signal[p]! * sinc * window;
    }
    out[m] = acc * scale;
  }
  return out;
}
