/**
 * The model's input: a log-mel spectrogram of one second at 16 kHz — 32 mel bands × 51 frames
 * (FFT 512, hop 320 = 20 ms), in dB relative to the clip's loudest bin (so microphone gain
 * does not matter), clipped 80 dB below it and scaled to about [-2, 2].
 */
import { logMelSpectrogram } from '@tensorloom/data';
import { CLIP_SAMPLES, SAMPLE_RATE } from './clips.js';

export const N_MELS = 32;
export const N_FFT = 512;
export const HOP = 320;
export const FRAMES = 1 + Math.floor(CLIP_SAMPLES / HOP);
/** Input shape of one example: [channels, mel bands, frames]. */
export const FEATURE_SHAPE = [1, N_MELS, FRAMES] as const;
export const FEATURE_SIZE = N_MELS * FRAMES;

/**
 * Features of a one-second, 16 kHz clip, row-major [N_MELS, FRAMES].
 *
 * @example
 * const x = clipFeatures(fitToWindow(trimSilence(samples)));
 */
export function clipFeatures(clip: Float32Array): Float32Array {
  const db = logMelSpectrogram(clip, { sampleRate: SAMPLE_RATE, nFft: N_FFT, hopLength: HOP, nMels: N_MELS, fMin: 20, fMax: 7600, ref: 'max', topDb: 80 });
  const out = db.data;
  for (let i = 0; i < out.length; i++) out[i] = (out[i]! + 40) / 20;
  return out;
}
