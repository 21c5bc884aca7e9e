/**
 * The synthesised datasets on disk (Node): generated the first time the CLI or the dev server
 * needs them, then read back from `apps/audio-classifier/.cache/`. The cache key is a hash of
 * the specification, so a changed size or seed makes new files; files are written to a
 * temporary name and renamed, so a killed run never leaves half a dataset.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SeededRandom } from '@tensorloom/data';
import { SAMPLE_RATE, silenceClip, trimSilence } from '../clips.js';
import { decodeClips, encodeClips, type Clip, type ClipIndex } from '../dataset.js';
import { espeakSpecs, type DatasetSize } from '../dataset_spec.js';
import { labelOf, KEYWORDS, SILENCE, UNKNOWN_WORDS } from '../keywords.js';
import { EspeakSynth, type EspeakModule } from '../synth/espeak.js';
import { FLITE_VOICES, FliteSynth } from '../synth/flite_node.js';

export const CACHE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../.cache');

/** Paths of a cached clip set. */
export interface CachedSet { index: string; bin: string; clips: Clip[] }

function cached(name: string, key: unknown, cacheDir: string): { index: string; bin: string; hit: boolean } {
  const hash = createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 12);
  const index = join(cacheDir, `${name}-${hash}.json`), bin = join(cacheDir, `${name}-${hash}.bin`);
  return { index, bin, hit: existsSync(index) && existsSync(bin) };
}

function write(clips: Clip[], paths: { index: string; bin: string }): void {
  mkdirSync(dirname(paths.index), { recursive: true });
  const { index, bytes } = encodeClips(clips, SAMPLE_RATE);
  for (const [path, data] of [[paths.bin, bytes], [paths.index, JSON.stringify(index)]] as const) {
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, data);
    renameSync(tmp, path); // the index last: a set is complete once its index exists
  }
}

function read(paths: { index: string; bin: string }): Clip[] {
  return decodeClips(JSON.parse(readFileSync(paths.index, 'utf8')) as ClipIndex, new Uint8Array(readFileSync(paths.bin)));
}

const initEspeak = async (): Promise<EspeakModule> => {
  const { default: init } = await import('@echogarden/espeak-ng-emscripten');
  return (await init()) as EspeakModule;
};

/**
 * The eSpeak NG keyword set (train/val/test by held-out voice), from the cache or generated.
 *
 * @example
 * const { clips } = await espeakClips({ perKeyword: 80 }, 0, (done, total) => bar.update(done / total));
 */
export async function espeakClips(size: DatasetSize = {}, seed = 0, onProgress?: (done: number, total: number) => void, cacheDir = CACHE_DIR): Promise<CachedSet> {
  const specs = espeakSpecs(size, seed);
  const paths = cached('espeak', { v: 1, specs }, cacheDir);
  if (paths.hit) return { ...paths, clips: read(paths) };
  const synth = await EspeakSynth.create(initEspeak);
  const clips: Clip[] = specs.map((s, i) => {
    onProgress?.(i, specs.length);
    const samples = s.voice ? trimSilence(synth.say(s.word, s.voice)) : silenceClip(new SeededRandom(s.seed));
    return { word: s.word, label: labelOf(s.word), split: s.split, voice: s.voice?.voice ?? 'noise', samples };
  });
  onProgress?.(specs.length, specs.length);
  write(clips, paths);
  return { ...paths, clips };
}

/**
 * The Flite set for the domain-shift experiment: five voices × three speeds × three pitches
 * per keyword (45 clips: 15 per keyword held out as `test`, the rest `train` for fine-tuning),
 * unknown words and silence.
 */
export async function fliteClips(seed = 0, onProgress?: (done: number, total: number) => void, cacheDir = CACHE_DIR): Promise<CachedSet> {
  const rng = new SeededRandom(seed, 23);
  const specs: Array<{ word: string; voice: (typeof FLITE_VOICES)[number]; stretch: number; f0: number }> = [];
  for (const word of KEYWORDS) for (const voice of FLITE_VOICES) for (const stretch of [0.85, 1, 1.2]) for (const f0 of [90, 115, 150]) specs.push({ word, voice, stretch, f0 });
  for (const word of UNKNOWN_WORDS) for (const voice of FLITE_VOICES) specs.push({ word, voice, stretch: 1, f0: 110 });
  const perWordOrder = new Map<string, number[]>();
  specs.forEach((s, i) => perWordOrder.set(s.word, [...(perWordOrder.get(s.word) ?? []), i]));
  const testSet = new Set<number>();
  for (const idx of perWordOrder.values()) rng.permutation(idx.length).slice(0, Math.round(idx.length / 3)).forEach((k: number) => testSet.add(idx[k]!));
  const paths = cached('flite', { v: 1, seed, specs }, cacheDir);
  if (paths.hit) return { ...paths, clips: read(paths) };
  const synth = await FliteSynth.create();
  const clips: Clip[] = [];
  try {
    for (let i = 0; i < specs.length; i++) {
      onProgress?.(i, specs.length + 45);
      const s = specs[i]!;
      clips.push({ word: s.word, label: labelOf(s.word), split: testSet.has(i) ? 'test' : 'train', voice: `${s.voice} x${s.stretch} ${s.f0}Hz`, samples: trimSilence(await synth.say(s.word, s)) });
    }
  } finally { synth.close(); }
  for (let i = 0; i < 45; i++) {
    clips.push({ word: SILENCE, label: labelOf(SILENCE), split: i % 3 === 0 ? 'test' : 'train', voice: 'noise', samples: silenceClip(new SeededRandom(seed + 1000 + i, 29)) });
  }
  onProgress?.(specs.length + 45, specs.length + 45);
  write(clips, paths);
  return { ...paths, clips };
}
