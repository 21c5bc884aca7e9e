/**
 * Clip handling and the dataset specification: trimming, windowing, the loudest second,
 * augmentation bounds, the clip file round trip (and corrupt indexes), and that the
 * specification is deterministic with whole voices held out.
 */
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '@tensorloom/data';
import { augment, CLIP_SAMPLES, fitToWindow, loudestSecond, silenceClip, trimSilence } from '../src/clips.js';
import { decodeClips, encodeClips } from '../src/dataset.js';
import { espeakSpecs, voiceSplit, ESPEAK_ACCENTS, ESPEAK_VARIANTS } from '../src/dataset_spec.js';
import { clipFeatures, FEATURE_SIZE } from '../src/features.js';
import { LABELS, labelOf } from '../src/keywords.js';

const tone = (n: number, amp = 0.5): Float32Array => Float32Array.from({ length: n }, (_, i) => amp * Math.sin(i / 5));

describe('clips', () => {
  it('trimSilence keeps the voiced frames only', () => {
    const x = new Float32Array(16000);
    x.set(tone(3200), 4800); // 0.3 s–0.5 s
    const t = trimSilence(x);
    expect(t.length).toBe(3200);
    expect(t[0]).toBeCloseTo(x[4800]!, 7);
    expect(trimSilence(new Float32Array(1000)).length).toBe(0);
  });

  it('fitToWindow centres, shifts within bounds and cuts long words to their middle second', () => {
    const w = tone(4000);
    const centred = fitToWindow(w);
    expect(centred.length).toBe(CLIP_SAMPLES);
    expect(centred[6000]).toBeCloseTo(w[0]!, 7);
    expect(fitToWindow(w, 1e6)[CLIP_SAMPLES - 1]).toBeCloseTo(w[3999]!, 7);
    const long = Float32Array.from({ length: 20000 }, (_, i) => i);
    expect(fitToWindow(long)[0]).toBe(2000);
  });

  it('loudestSecond finds a word anywhere in a long recording', () => {
    const rec = new Float32Array(48000);
    rec.fill(0.001);
    rec.set(tone(6000, 0.8), 30000);
    const s = loudestSecond(rec);
    expect(s.length).toBe(CLIP_SAMPLES);
    const t = trimSilence(s); // to 10 ms frames: the word is not frame-aligned here
    expect(t.length).toBeGreaterThanOrEqual(6000);
    expect(t.length).toBeLessThanOrEqual(6000 + 2 * 160);
    expect(Math.max(...t.map(Math.abs))).toBeGreaterThan(0.79);
  });

  it('augment is seeded and keeps the word inside the window', () => {
    const w = tone(8000);
    const a = augment(w, new SeededRandom(3));
    const b = augment(w, new SeededRandom(3));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(a.length).toBe(CLIP_SAMPLES);
    expect(Array.from(augment(w, new SeededRandom(4)))).not.toEqual(Array.from(a));
    const s = silenceClip(new SeededRandom(1));
    expect(Math.max(...s.map(Math.abs))).toBeLessThan(0.2);
  });

  it('features have the model\'s shape and are finite for silence and for a loud clip', () => {
    for (const clip of [new Float32Array(CLIP_SAMPLES), fitToWindow(tone(8000, 1))]) {
      const f = clipFeatures(clip);
      expect(f.length).toBe(FEATURE_SIZE);
      expect(f.every(Number.isFinite)).toBe(true);
    }
  });
});

describe('dataset', () => {
  it('labels: keywords map to themselves, other words to unknown', () => {
    expect(labelOf('left')).toBe(LABELS.indexOf('left'));
    expect(labelOf('banana')).toBe(LABELS.indexOf('_unknown_'));
    expect(labelOf('_silence_')).toBe(LABELS.indexOf('_silence_'));
  });

  it('the clip files round-trip, and a corrupt index is a clear error', () => {
    const clips = [{ word: 'yes', label: 0, split: 'train' as const, voice: 'v', samples: Float32Array.from([0.5, -0.25, 0]) },
      { word: 'cat', label: 8, split: 'test' as const, voice: 'w', samples: Float32Array.from([0.125]) }];
    const { index, bytes } = encodeClips(clips, 16000);
    const back = decodeClips(index, bytes);
    expect(back.map((c) => [c.word, c.label, c.split, Array.from(c.samples)])).toEqual([['yes', 0, 'train', [0.5, -0.25, 0]], ['cat', 8, 'test', [0.125]]]);
    expect(() => decodeClips({ ...index, clips: [{ ...index.clips[0]!, length: 99 }] }, bytes)).toThrow(/clip 0 \(0\+99\) lies outside clips.bin \(4 samples\)/);
    expect(() => decodeClips({ version: 2 } as never, bytes)).toThrow(/not a version-1 clip index/);
  });

  it('the specification is deterministic, and test voices never appear in training', () => {
    const a = espeakSpecs({ perKeyword: 20, perUnknownWord: 4, silence: 10 }, 0);
    expect(JSON.stringify(espeakSpecs({ perKeyword: 20, perUnknownWord: 4, silence: 10 }, 0))).toBe(JSON.stringify(a));
    expect(a.length).toBe(8 * 20 + 8 * 4 + 10);
    const voices = (split: string): Set<string> => new Set(a.filter((s) => s.split === split && s.voice).map((s) => s.voice!.voice));
    for (const v of voices('test')) expect(voices('train').has(v)).toBe(false);
    const splits = ESPEAK_ACCENTS.flatMap((_, i) => ESPEAK_VARIANTS.map((__, j) => voiceSplit(i, j)));
    expect(splits.filter((s) => s === 'test').length / splits.length).toBeGreaterThan(0.1);
  });
});
