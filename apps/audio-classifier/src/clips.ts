/**
 * Clip handling shared by the dataset, the CLI and the page: every example is one second at
 * 16 kHz; speech is cut to its voiced part, placed in the window (centred or shifted) and
 * mixed with noise for augmentation.
 */
import type { SeededRandom } from '@tensorloom/data';

export const SAMPLE_RATE = 16000;
export const CLIP_SAMPLES = SAMPLE_RATE;

/**
 * The part of `samples` between the first and last 10 ms frame whose RMS exceeds `ratio` of
 * the loudest frame's (the word without its leading and trailing silence).
 */
export function trimSilence(samples: Float32Array, ratio = 0.05): Float32Array {
  const frame = SAMPLE_RATE / 100;
  const frames = Math.floor(samples.length / frame);
  if (frames === 0) return samples.slice();
  const rms = new Float64Array(frames);
  for (let f = 0; f < frames; f++) {
    let e = 0;
    for (let i = f * frame; i < (f + 1) * frame; i++) e += samples[i]! * samples[i]!;
    rms[f] = Math.sqrt(e / frame);
  }
  const peak = Math.max(...rms);
  if (peak === 0) return new Float32Array(0);
  let first = 0, last = frames - 1;
  while (rms[first]! < ratio * peak) first++;
  while (rms[last]! < ratio * peak) last--;
  return samples.slice(first * frame, Math.min(samples.length, (last + 1) * frame));
}

/**
 * Places `word` in a one-second window, centred and moved by `shift` samples (clipped so the
 * word stays inside); words longer than a second are cut to their middle second.
 */
export function fitToWindow(word: Float32Array, shift = 0): Float32Array {
  const out = new Float32Array(CLIP_SAMPLES);
  if (word.length >= CLIP_SAMPLES) {
    const start = Math.floor((word.length - CLIP_SAMPLES) / 2);
    out.set(word.subarray(start, start + CLIP_SAMPLES));
    return out;
  }
  const slack = CLIP_SAMPLES - word.length;
  const at = Math.max(0, Math.min(slack, Math.floor(slack / 2) + Math.round(shift)));
  out.set(word, at);
  return out;
}

/** Options of {@link augment}. */
export interface AugmentOptions {
  /** Largest time shift, in samples, either way (default 1600: 100 ms). */
  maxShift?: number;
  /** Noise RMS is drawn up to this fraction of the word's peak (default 0.05). */
  maxNoise?: number;
  /** Gain is drawn from [1 − gain, 1 + gain] (default 0.3). */
  gain?: number;
}

/** A randomly shifted, scaled and noisy one-second copy of a trimmed word (seeded by `rng`). */
export function augment(word: Float32Array, rng: SeededRandom, options: AugmentOptions = {}): Float32Array {
  const maxShift = options.maxShift ?? 1600;
  const out = fitToWindow(word, (rng.float() * 2 - 1) * maxShift);
  let peak = 0;
  for (const v of word) peak = Math.max(peak, Math.abs(v));
  const gain = 1 + ((rng.float() * 2 - 1) * (options.gain ?? 0.3));
  const noise = rng.float() * (options.maxNoise ?? 0.05) * Math.max(peak, 0.05);
  for (let i = 0; i < out.length; i++) out[i] = out[i]! * gain + noise * gaussian(rng);
  return out;
}

/** Background noise only (the "silence" class): white noise at a random level, sometimes a hum. */
export function silenceClip(rng: SeededRandom): Float32Array {
  const out = new Float32Array(CLIP_SAMPLES);
  const level = 0.0005 + rng.float() * 0.02;
  const hum = rng.float() < 0.3 ? rng.float() * 0.01 : 0;
  const freq = 50 + rng.float() * 70;
  for (let i = 0; i < out.length; i++) out[i] = level * gaussian(rng) + hum * Math.sin((2 * Math.PI * freq * i) / SAMPLE_RATE);
  return out;
}

function gaussian(rng: SeededRandom): number {
  const u = Math.max(rng.float(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.float());
}

/**
 * The loudest one-second stretch of a longer recording (by 10 ms frame energy), so a word is
 * found wherever it falls in what the user recorded; shorter inputs are returned whole.
 */
export function loudestSecond(samples: Float32Array): Float32Array {
  if (samples.length <= CLIP_SAMPLES) return samples;
  const frame = SAMPLE_RATE / 100;
  const frames = Math.floor(samples.length / frame);
  const energy = new Float64Array(frames);
  for (let f = 0; f < frames; f++) for (let i = f * frame; i < (f + 1) * frame; i++) energy[f]! += samples[i]! * samples[i]!;
  const span = CLIP_SAMPLES / frame;
  let sum = 0;
  for (let f = 0; f < span; f++) sum += energy[f]!;
  let best = 0, bestSum = sum;
  for (let f = span; f < frames; f++) {
    sum += energy[f]! - energy[f - span]!;
    if (sum > bestSum) { bestSum = sum; best = f - span + 1; }
  }
  return samples.slice(best * frame, best * frame + CLIP_SAMPLES);
}
