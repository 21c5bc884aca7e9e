/**
 * The keyword clips as arrays: trimmed words (16 kHz) with labels, and their encoding as two
 * files — `clips.json` (labels, splits, offsets) and `clips.bin` (int16 samples) — that the
 * CLI caches on disk and the page fetches. Reading checks every offset against the file size.
 */
import { labelOf } from './keywords.js';
import type { Split } from './dataset_spec.js';

/** One example: the trimmed word (or a one-second noise clip for silence) and its class. */
export interface Clip { word: string; label: number; split: Split; voice: string; samples: Float32Array }

interface IndexEntry { word: string; split: Split; voice: string; offset: number; length: number }
/** The JSON half of an encoded clip set. */
export interface ClipIndex { version: 1; sampleRate: number; clips: IndexEntry[] }

/** Encodes clips as the index and the int16 sample bytes. */
export function encodeClips(clips: readonly Clip[], sampleRate: number): { index: ClipIndex; bytes: Uint8Array } {
  const total = clips.reduce((n, c) => n + c.samples.length, 0);
  const pcm = new Int16Array(total);
  const entries: IndexEntry[] = [];
  let at = 0;
  for (const c of clips) {
    for (let i = 0; i < c.samples.length; i++) pcm[at + i] = Math.max(-32768, Math.min(32767, Math.round(c.samples[i]! * 32768)));
    entries.push({ word: c.word, split: c.split, voice: c.voice, offset: at, length: c.samples.length });
    at += c.samples.length;
  }
  return { index: { version: 1, sampleRate, clips: entries }, bytes: new Uint8Array(pcm.buffer) };
}

/** Decodes what {@link encodeClips} wrote; a mismatched or corrupt pair is an Error saying so. */
export function decodeClips(index: ClipIndex, bytes: Uint8Array): Clip[] {
  if (index?.version !== 1 || !Array.isArray(index.clips)) throw new Error('clips.json: not a version-1 clip index (delete the cache to regenerate it)');
  const count = Math.floor(bytes.byteLength / 2);
  const pcm = new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + count * 2));
  return index.clips.map((e, i) => {
    if (!Number.isInteger(e.offset) || !Number.isInteger(e.length) || e.offset < 0 || e.length < 0 || e.offset + e.length > count) {
      throw new Error(`clips.json: clip ${i} (${e.offset}+${e.length}) lies outside clips.bin (${count} samples)`);
    }
    const samples = new Float32Array(e.length);
    for (let k = 0; k < e.length; k++) samples[k] = pcm[e.offset + k]! / 32768;
    return { word: e.word, label: labelOf(e.word), split: e.split, voice: e.voice, samples };
  });
}
