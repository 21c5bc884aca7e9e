/**
 * Which clips the keyword dataset holds, decided by a seed (so every machine generates the
 * same files): eSpeak NG accents × variants × rates × pitches, with whole voices (accent +
 * variant pairs) held out for the test split; and a Flite set (five other voices) for the
 * domain-shift experiment. Browser-safe: this file only lists specifications.
 */
import { SeededRandom } from '@tensorloom/data';
import { KEYWORDS, SILENCE, UNKNOWN_WORDS } from './keywords.js';
import type { EspeakVoice } from './synth/espeak.js';

export const ESPEAK_ACCENTS = ['en-us', 'en', 'en-gb-scotland', 'en-gb-x-rp', 'en-gb-x-gbclan', 'en-gb-x-gbcwmd', 'en-029', 'en-us-nyc'] as const;
export const ESPEAK_VARIANTS = ['', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'f1', 'f2', 'f3', 'f4', 'f5', 'klatt', 'klatt2', 'klatt3', 'croak', 'Andy', 'Annie', 'boris', 'max', 'quincy', 'steph', 'linda'] as const;

export type Split = 'train' | 'val' | 'test';

/** One clip to synthesise (or, for silence, to generate from noise). */
export interface ClipSpec { word: string; split: Split; voice: EspeakVoice | null; seed: number }

/** Sizes of the generated set. */
export interface DatasetSize {
  /** Clips per keyword (split over train/val/test by voice); default 80. */
  perKeyword?: number;
  /** Clips per unknown word; default 16. */
  perUnknownWord?: number;
  /** Silence clips; default 80. */
  silence?: number;
}

/** The voice of accent `a`, variant `v`: held out for testing (about 1 in 5) or validation (1 in 10). */
export function voiceSplit(accent: number, variant: number): Split {
  const h = (accent * 7919 + variant * 104729 + 13) % 10;
  return h < 2 ? 'test' : h < 3 ? 'val' : 'train';
}

/**
 * The eSpeak NG clips of the dataset, in a fixed order.
 *
 * @example
 * const specs = espeakSpecs({ perKeyword: 80 }, 0);
 */
export function espeakSpecs(size: DatasetSize = {}, seed = 0): ClipSpec[] {
  const rng = new SeededRandom(seed, 11);
  const specs: ClipSpec[] = [];
  const add = (word: string, count: number): void => {
    for (let i = 0; i < count; i++) {
      const a = rng.int(ESPEAK_ACCENTS.length), v = rng.int(ESPEAK_VARIANTS.length);
      const variant = ESPEAK_VARIANTS[v]!;
      const voice = { voice: ESPEAK_ACCENTS[a]! + (variant ? `+${variant}` : ''), rate: Math.round(rng.uniform(120, 250)), pitch: Math.round(rng.uniform(15, 85)) };
      specs.push({ word, split: voiceSplit(a, v), voice, seed: rng.nextU32() });
    }
  };
  for (const w of KEYWORDS) add(w, size.perKeyword ?? 80);
  for (const w of UNKNOWN_WORDS) add(w, size.perUnknownWord ?? 16);
  for (let i = 0, n = size.silence ?? 80; i < n; i++) {
    const r = rng.float();
    specs.push({ word: SILENCE, split: r < 0.2 ? 'test' : r < 0.3 ? 'val' : 'train', voice: null, seed: rng.nextU32() });
  }
  return specs;
}
