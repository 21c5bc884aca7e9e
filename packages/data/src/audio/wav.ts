/**
 * WAV (RIFF/WAVE) decoding and encoding. Decodes PCM 8-bit (unsigned), 16/24/32-bit (signed)
 * and IEEE float 32/64-bit, mono or multi-channel, also inside WAVE_FORMAT_EXTENSIBLE. Files
 * are untrusted: every chunk size is checked against the byte length before anything is read,
 * and every failure is a TensorloomError that says what is wrong.
 */
import { TensorloomError } from '@tensorloom/core';

/** Decoded audio: one Float32Array per channel, samples in [-1, 1]. */
export interface AudioData {
  sampleRate: number;
  channels: Float32Array[];
}

/** Options for {@link decodeWav}. */
export interface DecodeWavOptions {
  /**
   * Accept a data chunk whose declared size runs past the end of the file (streamed WAVs
   * write 0xFFFFFFFF there) by reading the samples that are present. Default false: an error.
   */
  allowTruncated?: boolean;
  /** Refuse files with more channels than this (default 64). */
  maxChannels?: number;
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;

function fail(message: string): never {
  throw new TensorloomError('decodeWav', message);
}

function ascii(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
}

interface WavFormat { format: number; channels: number; sampleRate: number; bits: number; blockAlign: number }

function readFormat(view: DataView, at: number, size: number): WavFormat {
  if (size < 16) fail(`the 'fmt ' chunk is ${size} bytes; a WAV format chunk has at least 16`);
  let format = view.getUint16(at, true);
  const channels = view.getUint16(at + 2, true);
  const sampleRate = view.getUint32(at + 4, true);
  const blockAlign = view.getUint16(at + 12, true);
  const bits = view.getUint16(at + 14, true);
  if (format === FORMAT_EXTENSIBLE) {
    if (size < 40) fail(`WAVE_FORMAT_EXTENSIBLE needs a 40-byte 'fmt ' chunk, got ${size}`);
    format = view.getUint16(at + 24, true); // the first two bytes of the sub-format GUID
  }
  return { format, channels, sampleRate, bits, blockAlign };
}

function checkFormat(f: WavFormat, maxChannels: number): void {
  if (f.format !== FORMAT_PCM && f.format !== FORMAT_FLOAT) {
    fail(`format code ${f.format} is not supported: only PCM (1) and IEEE float (3) WAVs can be decoded`);
  }
  if (f.channels < 1 || f.channels > maxChannels) fail(`${f.channels} channels: expected 1 to ${maxChannels}`);
  if (f.sampleRate < 1) fail(`sample rate ${f.sampleRate} Hz: expected a positive rate`);
  const allowed = f.format === FORMAT_PCM ? [8, 16, 24, 32] : [32, 64];
  if (!allowed.includes(f.bits)) {
    fail(`${f.bits}-bit ${f.format === FORMAT_PCM ? 'PCM' : 'float'} samples are not supported (expected ${allowed.join(', ')})`);
  }
  if (f.blockAlign !== f.channels * (f.bits / 8)) {
    fail(`block align ${f.blockAlign} does not match ${f.channels} channels × ${f.bits / 8} bytes`);
  }
}

function sampleReader(view: DataView, f: WavFormat): (at: number) => number {
  if (f.format === FORMAT_FLOAT) return f.bits === 32 ? (at) => view.getFloat32(at, true) : (at) => view.getFloat64(at, true);
  switch (f.bits) {
    case 8: return (at) => (view.getUint8(at) - 128) / 128;
    case 16: return (at) => view.getInt16(at, true) / 32768;
    case 24: return (at) => (((view.getUint8(at + 2) << 24) | (view.getUint8(at + 1) << 16) | (view.getUint8(at) << 8)) >> 8) / 8388608;
    default: return (at) => view.getInt32(at, true) / 2147483648;
  }
}

/**
 * Decodes the bytes of a WAV file.
 *
 * @example
 * const { sampleRate, channels } = decodeWav(new Uint8Array(await file.arrayBuffer()));
 * const mono = toMono(channels);
 */
export function decodeWav(input: ArrayBuffer | ArrayBufferView, options: DecodeWavOptions = {}): AudioData {
  const bytes = input instanceof ArrayBuffer ? new Uint8Array(input)
    : ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
      : fail('expects an ArrayBuffer or a typed array / Buffer of the file\'s bytes');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12) fail(`the file is ${bytes.length} bytes, too short for a RIFF header (12)`);
  if (ascii(bytes, 0) !== 'RIFF' || ascii(bytes, 8) !== 'WAVE') fail('not a WAV file: it does not start with RIFF....WAVE');
  let format: WavFormat | undefined;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = ascii(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (body + size > bytes.length) fail(`the 'fmt ' chunk (${size} bytes) runs past the end of the file`);
      format = readFormat(view, body, size);
      checkFormat(format, options.maxChannels ?? 64);
    } else if (id === 'data') {
      if (!format) fail("the 'data' chunk comes before any 'fmt ' chunk");
      let length = size;
      if (body + size > bytes.length) {
        if (!options.allowTruncated) {
          fail(`the 'data' chunk declares ${size} bytes but only ${bytes.length - body} remain (pass allowTruncated to read them)`);
        }
        length = bytes.length - body;
      }
      return readSamples(view, body, length, format);
    } else if (body + size > bytes.length) {
      fail(`chunk '${id.replace(/[^\x20-\x7e]/g, '?')}' (${size} bytes) runs past the end of the file`);
    }
    at = body + size + (size & 1); // chunks are padded to an even size
  }
  return fail(format ? "no 'data' chunk" : "no 'fmt ' chunk");
}

function readSamples(view: DataView, start: number, length: number, f: WavFormat): AudioData {
  const frames = Math.floor(length / f.blockAlign);
  const read = sampleReader(view, f);
  const step = f.bits / 8;
  const channels = Array.from({ length: f.channels }, () => new Float32Array(frames));
  for (let i = 0; i < frames; i++) {
    const base = start + i * f.blockAlign;
    for (let c = 0; c < f.channels; c++) channels[c]![i] = read(base + c * step);
  }
  return { sampleRate: f.sampleRate, channels };
}

/**
 * The average of the channels (a copy when there is one channel).
 *
 * @example
 * const mono = toMono(decodeWav(bytes).channels);
 */
export function toMono(channels: readonly Float32Array[]): Float32Array {
  if (channels.length === 0) throw new TensorloomError('toMono', 'needs at least one channel');
  const n = channels[0]!.length;
  if (channels.some((c) => c.length !== n)) throw new TensorloomError('toMono', 'all channels must have the same length');
  const out = new Float32Array(n);
  for (const c of channels) for (let i = 0; i < n; i++) out[i]! += c[i]!;
  if (channels.length > 1) for (let i = 0; i < n; i++) out[i]! /= channels.length;
  return out;
}

/** Options for {@link encodeWav}. */
export interface EncodeWavOptions {
  /** Sample encoding (default 'pcm16': v·32768 rounded and clipped to the int16 range, the inverse of decoding). */
  encoding?: 'pcm16' | 'float32';
}

/**
 * Encodes channels of samples in [-1, 1] as a WAV file.
 *
 * @example
 * const bytes = encodeWav([new Float32Array(16000)], 16000); // one second of silence
 */
export function encodeWav(channels: readonly Float32Array[], sampleRate: number, options: EncodeWavOptions = {}): Uint8Array {
  if (channels.length === 0) throw new TensorloomError('encodeWav', 'needs at least one channel');
  if (!Number.isInteger(sampleRate) || sampleRate < 1) throw new TensorloomError('encodeWav', `sample rate must be a positive integer, got ${sampleRate}`);
  const frames = channels[0]!.length;
  if (channels.some((c) => c.length !== frames)) throw new TensorloomError('encodeWav', 'all channels must have the same length');
  const float = options.encoding === 'float32';
  const bytesPerSample = float ? 4 : 2;
  const blockAlign = channels.length * bytesPerSample;
  const dataSize = frames * blockAlign;
  const out = new Uint8Array(44 + dataSize);
  const view = new DataView(out.buffer);
  const tag = (at: number, s: string): void => { for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i); };
  tag(0, 'RIFF'); view.setUint32(4, 36 + dataSize, true); tag(8, 'WAVE');
  tag(12, 'fmt '); view.setUint32(16, 16, true);
  view.setUint16(20, float ? FORMAT_FLOAT : FORMAT_PCM, true);
  view.setUint16(22, channels.length, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, bytesPerSample * 8, true);
  tag(36, 'data'); view.setUint32(40, dataSize, true);
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channels.length; c++) {
      const at = 44 + i * blockAlign + c * bytesPerSample;
      const v = channels[c]![i]!;
      if (float) view.setFloat32(at, v, true);
      else view.setInt16(at, Math.max(-32768, Math.min(32767, Math.round(v * 32768))), true);
    }
  }
  return out;
}
