/**
 * Fuzz target for decodeWav: real files (every sample format, mono and stereo, with a LIST
 * chunk) and encodeWav output (PCM16, float32, WAVE_FORMAT_EXTENSIBLE) mutated by byte
 * overwrites in the header, header fields set to boundary values, truncation, garbage
 * extension and the harness's generic byte edits; decoded with and without allowTruncated.
 * An accepted file is checked against its own header: channel count, sample rate and frame
 * count (the data chunk's declared or remaining bytes over the block size), PCM samples in
 * [-1, 1], and the first and last frame equal to the bytes they were read from.
 */
import { readFileSync } from 'node:fs';
import { decodeWav, encodeWav, type AudioData } from '../../packages/data/src/index.js';
import { int, mutateBytes, pick, type FuzzTarget, type Rand } from './harness.js';

const FIXTURES = new URL('../../packages/data/test/fixtures/audio/', import.meta.url);
const FILES = ['chirp_16k_i16.wav', 'two_tone_22k_mono_f32.wav', 'two_tone_22k_stereo_i24.wav', 'two_tone_22k_stereo_i32.wav', 'two_tone_22k_stereo_f64.wav', 'two_tone_22k_stereo_u8.wav'];

/** encodeWav's PCM16 file rewritten as WAVE_FORMAT_EXTENSIBLE (a 40-byte fmt chunk whose GUID names PCM). */
function extensible(base: Uint8Array): Uint8Array {
  const out = new Uint8Array(base.length + 24);
  out.set(base.subarray(0, 36));
  const v = new DataView(out.buffer);
  v.setUint32(4, out.length - 8, true);
  v.setUint32(16, 40, true);
  v.setUint16(20, 0xfffe, true);
  v.setUint16(36, 22, true);
  v.setUint16(38, 16, true);
  v.setUint32(40, 4, true);
  v.setUint16(44, 1, true);
  out.set(base.subarray(36), 60);
  return out;
}

/** The corpus: the committed fixtures and three encodeWav files. */
export function wavSeeds(): Uint8Array[] {
  const tone = Float32Array.from({ length: 64 }, (_, i) => Math.sin(i / 3) * 0.9);
  const pcm = encodeWav([tone, tone.map((v) => -v)], 8000);
  return [...FILES.map((f) => new Uint8Array(readFileSync(new URL(f, FIXTURES)))), pcm, encodeWav([tone], 44100, { encoding: 'float32' }), extensible(encodeWav([tone], 16000))];
}

const BOUNDARY = [0, 1, 2, 3, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff];

/** WAV-minded edits: header byte overwrites, a header field set to a boundary value, truncation, or garbage appended. */
function mutateWav(seed: Uint8Array, r: Rand): Uint8Array {
  let b = seed.slice();
  const kind = int(r, 4);
  if (kind === 0) {
    for (let i = 0, n = 1 + int(r, 8); i < n; i++) b[int(r, Math.min(b.length, 64))] = int(r, 256);
  } else if (kind === 1) {
    const at = 4 * int(r, 11); // a header field: sizes, format, channels, rate, align, bits
    if (at + 4 <= b.length) new DataView(b.buffer).setUint32(at, pick(r, BOUNDARY), true);
  } else if (kind === 2) {
    b = b.slice(0, int(r, b.length));
  } else {
    const tail = Uint8Array.from({ length: int(r, 64) }, () => int(r, 256));
    const out = new Uint8Array(b.length + tail.length);
    out.set(b); out.set(tail, b.length);
    b = out;
    b[int(r, 44)] ^= 1 << int(r, 8);
  }
  return b;
}

interface WavInput { bytes: Uint8Array; allowTruncated: boolean; maxChannels?: number }

const tag = (b: Uint8Array, at: number): string => String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3]);

/** The header's own account of an accepted file (the first 'fmt ' and the first 'data' chunk after it). */
function fromHeader(b: Uint8Array): { format: number; channels: number; rate: number; bits: number; align: number; dataAt: number; frames: number } {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let fmt = -1;
  for (let at = 12; at + 8 <= b.length; at += 8 + v.getUint32(at + 4, true) + (v.getUint32(at + 4, true) & 1)) {
    if (tag(b, at) === 'fmt ') fmt = at + 8;
    else if (tag(b, at) === 'data' && fmt >= 0) {
      const code = v.getUint16(fmt, true);
      const align = v.getUint16(fmt + 12, true);
      const bytes = Math.min(v.getUint32(at + 4, true), b.length - at - 8);
      return { format: code === 0xfffe ? v.getUint16(fmt + 24, true) : code, channels: v.getUint16(fmt + 2, true), rate: v.getUint32(fmt + 4, true), bits: v.getUint16(fmt + 14, true), align, dataAt: at + 8, frames: Math.floor(bytes / align) };
    }
  }
  throw new Error('accepted, but the header has no fmt chunk followed by a data chunk');
}

function checkAudio(audio: AudioData, { bytes }: WavInput): void {
  const h = fromHeader(bytes);
  if (audio.sampleRate !== h.rate) throw new Error(`sample rate ${audio.sampleRate}, header says ${h.rate}`);
  if (audio.channels.length !== h.channels) throw new Error(`${audio.channels.length} channels, header says ${h.channels}`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const step = h.bits / 8;
  const raw = (frame: number, c: number): number => {
    const at = h.dataAt + frame * h.align + c * step;
    if (h.format === 3) return Math.fround(h.bits === 32 ? v.getFloat32(at, true) : v.getFloat64(at, true));
    if (h.bits === 8) return (v.getUint8(at) - 128) / 128;
    if (h.bits === 16) return v.getInt16(at, true) / 32768;
    if (h.bits === 24) return Math.fround((v.getInt16(at + 1, true) * 256 + v.getUint8(at)) / 8388608);
    return Math.fround(v.getInt32(at, true) / 2147483648);
  };
  audio.channels.forEach((ch, c) => {
    if (ch.length !== h.frames) throw new Error(`channel ${c} has ${ch.length} frames, header says ${h.frames}`);
    if (h.format === 1) for (const s of ch) if (!(s >= -1 && s <= 1)) throw new Error(`PCM sample ${s} outside [-1, 1] in channel ${c}`);
    for (const f of ch.length ? [0, ch.length - 1] : []) {
      if (!Object.is(ch[f], raw(f, c))) throw new Error(`channel ${c} frame ${f} is ${ch[f]}, the bytes hold ${raw(f, c)}`);
    }
  });
}

/**
 * The WAV target.
 *
 * @example
 * await runFuzz(wavTarget(), 3000, 1);
 */
export function wavTarget(): FuzzTarget<WavInput, AudioData> {
  const seeds = wavSeeds();
  return {
    name: 'wav',
    make: (r) => {
      const seed = pick(r, seeds);
      const bytes = r() < 0.75 ? mutateWav(seed, r) : mutateBytes(r, seed, pick(r, seeds));
      return { bytes, allowTruncated: r() < 0.5, maxChannels: r() < 0.1 ? int(r, 3) : undefined };
    },
    run: ({ bytes, allowTruncated, maxChannels }) => decodeWav(bytes, { allowTruncated, maxChannels }),
    check: checkAudio,
  };
}
