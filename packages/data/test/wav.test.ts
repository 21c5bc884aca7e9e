/**
 * WAV decoding: every supported sample format against the values Python wrote
 * (scripts/goldens/generate_audio_fixtures.py), the encoder round trip, malformed files as
 * clear errors. (The seeded WAV fuzz is in fuzz.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TensorloomError } from '@tensorloom/core';
import { decodeWav, encodeWav, toMono } from '@tensorloom/data';

const dir = new URL('./fixtures/audio/', import.meta.url);
const fx = JSON.parse(readFileSync(new URL('audio_features.json', dir), 'utf8'));
const load = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, dir)));

/** A minimal PCM16 header + data, with fields to corrupt. */
function wav16(samples: number[], patch: (v: DataView) => void = () => undefined): Uint8Array {
  const bytes = encodeWav([Float32Array.from(samples)], 8000);
  patch(new DataView(bytes.buffer));
  return bytes;
}

describe('decodeWav', () => {
  for (const fmt of ['u8', 'i16', 'i24', 'i32', 'f32', 'f64']) {
    it(`decodes stereo ${fmt} samples exactly as Python quantised them`, () => {
      const want = fx.wavVariants[fmt];
      const audio = decodeWav(load(`two_tone_22k_stereo_${fmt}.wav`));
      expect(audio.sampleRate).toBe(22050);
      expect(audio.channels.length).toBe(2);
      expect(audio.channels[0]!.length).toBe(want.length);
      for (let i = 0; i < 64; i++) {
        expect(audio.channels[0]![i]).toBeCloseTo(want.left[i], 7);
        expect(audio.channels[1]![i]).toBeCloseTo(want.right[i], 7);
      }
    });
  }

  it('reads WAVE_FORMAT_EXTENSIBLE (the sub-format GUID names PCM)', () => {
    const base = encodeWav([Float32Array.from([0.5, -0.25])], 16000);
    const out = new Uint8Array(base.length + 24);
    out.set(base.subarray(0, 36));
    const v = new DataView(out.buffer);
    v.setUint32(4, out.length - 8, true);
    v.setUint32(16, 40, true); // fmt size
    v.setUint16(20, 0xfffe, true);
    v.setUint16(36, 22, true); // cbSize
    v.setUint16(38, 16, true); // valid bits
    v.setUint32(40, 4, true); // channel mask
    v.setUint16(44, 1, true); // GUID starts with the PCM format code
    out.set(base.subarray(36), 60);
    const audio = decodeWav(out);
    expect(Array.from(audio.channels[0]!)).toEqual([16384 / 32768, -8192 / 32768]);
  });

  it('encodeWav round-trips pcm16 (to its quantisation step) and float32 (exactly); toMono averages', () => {
    const left = Float32Array.from([0, 0.5, -1, 0.999]);
    const right = Float32Array.from([1, -0.5, 0.25, 0]);
    const pcm = decodeWav(encodeWav([left, right], 16000));
    expect(pcm.sampleRate).toBe(16000);
    pcm.channels[0]!.forEach((v, i) => expect(Math.abs(v - left[i]!)).toBeLessThanOrEqual(1 / 32767));
    const flt = decodeWav(encodeWav([left, right], 16000, { encoding: 'float32' }));
    expect(Array.from(flt.channels[1]!)).toEqual(Array.from(right));
    toMono(flt.channels).forEach((v, i) => expect(v).toBeCloseTo((left[i]! + right[i]!) / 2, 7));
  });

  it('malformed files are TensorloomErrors that say what is wrong', () => {
    const ok = wav16([0.1, 0.2, 0.3]);
    const cases: Array<[Uint8Array, RegExp]> = [
      [ok.subarray(0, 8), /too short for a RIFF header/],
      [Uint8Array.from([...ok.subarray(0, 8), ...new TextEncoder().encode('AVI ')]), /not a WAV file/],
      [wav16([0.1], (v) => v.setUint16(20, 2, true)), /format code 2 is not supported/],
      [wav16([0.1], (v) => v.setUint16(34, 12, true)), /12-bit PCM samples are not supported/],
      [wav16([0.1], (v) => v.setUint16(22, 0, true)), /0 channels/],
      [wav16([0.1], (v) => v.setUint32(24, 0, true)), /sample rate 0 Hz/],
      [wav16([0.1], (v) => v.setUint16(32, 3, true)), /block align 3 does not match/],
      [wav16([0.1], (v) => v.setUint32(16, 1000, true)), /'fmt ' chunk \(1000 bytes\) runs past the end/],
      [wav16([0.1], (v) => v.setUint32(40, 1e6, true)), /'data' chunk declares 1000000 bytes but only 2 remain/],
      [ok.subarray(0, 36), /no 'data' chunk/],
      [wav16([0.1], (v) => { v.setUint32(12, 0x61746164, false); }), /'data' chunk comes before any 'fmt ' chunk/],
    ];
    for (const [bytes, message] of cases) {
      expect(() => decodeWav(bytes)).toThrow(TensorloomError);
      expect(() => decodeWav(bytes)).toThrow(message);
    }
    expect(() => decodeWav('RIFF' as unknown as Uint8Array)).toThrow(/decodeWav: expects an ArrayBuffer/);
  });

  it('allowTruncated reads the samples present in a streamed WAV (data size 0xFFFFFFFF)', () => {
    const bytes = wav16([0.5, -0.5, 0.25], (v) => v.setUint32(40, 0xffffffff, true));
    expect(() => decodeWav(bytes)).toThrow(/pass allowTruncated/);
    expect(Array.from(decodeWav(bytes, { allowTruncated: true }).channels[0]!)).toEqual([16384 / 32768, -16384 / 32768, 8192 / 32768]);
  });
});
