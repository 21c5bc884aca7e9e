/**
 * Speech from eSpeak NG (the `@echogarden/espeak-ng-emscripten` build: GPL-3.0, a dev
 * dependency of this app only): one word in a given voice, variant, rate and pitch, returned
 * at 16 kHz. Works in Node and in the browser; the caller supplies the module's initialiser
 * (in a browser it must hand over the fetched `espeak-ng.data`, or no voice loads).
 */
import { resample } from '@tensorloom/data';
import { SAMPLE_RATE } from '../clips.js';

/** How a word is spoken. */
export interface EspeakVoice {
  /** eSpeak voice and variant, e.g. `en-us+f3`. */
  voice: string;
  /** Words per minute (80–450). */
  rate: number;
  /** Pitch, 0–99 (50 is the voice's normal pitch). */
  pitch: number;
}

interface EspeakWorker {
  set_voice(name: string): number;
  set_rate(rate: number): void;
  set_pitch(pitch: number): void;
  readonly samplerate: number;
  synthesize(text: string, callback: (samples: Int16Array | null, events: unknown[]) => number): void;
}
/** The module object the Emscripten initialiser resolves to. */
export interface EspeakModule { eSpeakNGWorker: new () => EspeakWorker }

/** A synthesiser over one eSpeak NG instance. */
export class EspeakSynth {
  private readonly worker: EspeakWorker;

  private constructor(module: EspeakModule) {
    this.worker = new module.eSpeakNGWorker();
  }

  /**
   * Starts eSpeak NG with the given initialiser (the package's default export).
   *
   * @example
   * const synth = await EspeakSynth.create(() => import('@echogarden/espeak-ng-emscripten').then((m) => m.default()));
   */
  static async create(init: () => Promise<EspeakModule>): Promise<EspeakSynth> {
    return new EspeakSynth(await init());
  }

  /** `word` spoken by `voice`, as float samples at 16 kHz. */
  say(word: string, voice: EspeakVoice): Float32Array {
    if (this.worker.set_voice(voice.voice) !== 0) throw new Error(`eSpeak NG has no voice '${voice.voice}'`);
    this.worker.set_rate(voice.rate);
    this.worker.set_pitch(voice.pitch);
    const chunks: Int16Array[] = [];
    this.worker.synthesize(word, (samples) => { if (samples) chunks.push(samples); return 0; });
    const length = chunks.reduce((n, c) => n + c.length, 0);
    const out = new Float32Array(length);
    let at = 0;
    for (const c of chunks) { for (let i = 0; i < c.length; i++) out[at + i] = c[i]! / 32768; at += c.length; }
    return resample(out, this.worker.samplerate, SAMPLE_RATE);
  }
}
