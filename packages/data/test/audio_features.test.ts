/**
 * Audio features against float64 references computed by scripts/goldens/generate_audio_fixtures.py
 * (torch.stft, librosa's mel and power_to_db formulas in NumPy, scipy.fft.dct, torchaudio's
 * resampling kernel run through torch.conv1d): all within 1e-4 relative.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  decodeWav, hzToMel, logMelSpectrogram, melFilterbank, melSpectrogram, melToHz, mfcc, powerToDb, resample, spectrogram, toMono,
} from '@tensorloom/data';

const dir = new URL('./fixtures/audio/', import.meta.url);
const fx = JSON.parse(readFileSync(new URL('audio_features.json', dir), 'utf8'));
const clip = toMono(decodeWav(readFileSync(new URL(fx.clip.file, dir))).channels);

/** Every |got − want| ≤ 1e-4 · max(|want|, floor), floor = 1e-3 of the largest |want| (values near 0). */
function expectClose(got: ArrayLike<number>, want: number[], rtol = 1e-4): void {
  expect(got.length).toBe(want.length);
  const floor = 1e-3 * want.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!) / Math.max(Math.abs(want[i]!), floor));
  expect(worst).toBeLessThanOrEqual(rtol);
}

describe('audio features vs NumPy/PyTorch references', () => {
  it('the clip decodes to the samples Python wrote', () => {
    expect(clip.length).toBe(fx.clip.length);
    expectClose(clip.subarray(0, 64), fx.clip.first, 1e-7);
  });

  it('power spectrogram equals torch.stft (n_fft 512, hop 160, centre, reflect)', () => {
    const spec = spectrogram(clip, { nFft: fx.stft.nFft, hopLength: fx.stft.hopLength });
    expect([spec.rows, spec.frames]).toEqual([fx.stft.rows, fx.stft.frames]);
    expectClose(spec.data, fx.stft.power);
  });

  it('a window shorter than n_fft is zero-padded in the centre, as torch.stft', () => {
    const spec = spectrogram(clip, { nFft: 512, hopLength: 160, winLength: 400 });
    expectClose(spec.data, fx.stftWin400.power);
  });

  it('mel filterbanks equal librosa: Slaney scale + norm, HTK scale unnormalised', () => {
    expectClose(melFilterbank({ sampleRate: 16000, nFft: 512, nMels: 40 }), fx.melSlaney.filterbank, 1e-6);
    expectClose(melFilterbank({ sampleRate: 16000, nFft: 512, nMels: 32, fMin: 20, fMax: 7600, scale: 'htk', norm: null }), fx.melHtk.filterbank, 1e-6);
  });

  it('mel spectrograms, log-mel in dB (top_db 80) and MFCCs (DCT-II ortho) equal the references', () => {
    const opts = { sampleRate: 16000, nFft: 512, hopLength: 160 };
    expectClose(melSpectrogram(clip, { ...opts, nMels: 40 }).data, fx.melSlaney.mel);
    expectClose(melSpectrogram(clip, { ...opts, nMels: 32, fMin: 20, fMax: 7600, scale: 'htk', norm: null }).data, fx.melHtk.mel);
    const logMel = logMelSpectrogram(clip, { ...opts, nMels: 40, topDb: 80 });
    expectClose(logMel.data, fx.logMel.values);
    const coeffs = mfcc(logMel, { nMfcc: 13 });
    expect([coeffs.rows, coeffs.frames]).toEqual([13, logMel.frames]);
    expectClose(coeffs.data, fx.mfcc.values);
  });

  it('resampling equals torchaudio\'s windowed-sinc kernel, down (22050 → 16000) and up', () => {
    const tone = decodeWav(readFileSync(new URL(fx.resampleDown.file, dir))).channels[0]!;
    expectClose(resample(tone, 22050, 16000), fx.resampleDown.values);
    expectClose(resample(clip.subarray(0, 1000), 16000, 22050), fx.resampleUp.values);
  });
});

describe('audio features: properties', () => {
  it('resampling is band-limited: a tone below the cutoff survives, one above the new Nyquist is removed', () => {
    const rate = 22050, n = 22050;
    const tone = (f: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * f * i) / rate));
    const kept = resample(tone(440), rate, 16000);
    let err = 0;
    for (let i = 200; i < kept.length - 200; i++) err = Math.max(err, Math.abs(kept[i]! - Math.sin((2 * Math.PI * 440 * i) / 16000)));
    expect(err).toBeLessThan(2e-3);
    // 10 kHz is above 16 kHz's Nyquist (8 kHz): nearest-sample resampling would alias it to 6 kHz at full amplitude
    const removed = resample(tone(10000), rate, 16000);
    let rms = 0;
    for (let i = 200; i < removed.length - 200; i++) rms += removed[i]! ** 2;
    expect(Math.sqrt(rms / (removed.length - 400))).toBeLessThan(5e-3);
  });

  it('mel scales round-trip and the Slaney scale is linear below 1 kHz', () => {
    for (const scale of ['slaney', 'htk'] as const) for (const f of [0, 123, 1000, 4321, 8000]) expect(melToHz(hzToMel(f, scale), scale)).toBeCloseTo(f, 6);
    expect(hzToMel(500)).toBeCloseTo(7.5, 12);
    expect(hzToMel(1000, 'htk')).toBeCloseTo(999.99, 1);
  });

  it('a pure tone peaks in its own frequency bin; dB clipping keeps values within top_db of the peak', () => {
    const f = 1000, sr = 16000;
    const tone = Float32Array.from({ length: 4096 }, (_, i) => Math.sin((2 * Math.PI * f * i) / sr));
    const spec = spectrogram(tone, { nFft: 512, hopLength: 256 });
    const t = 5;
    let best = 0;
    for (let k = 0; k < spec.rows; k++) if (spec.data[k * spec.frames + t]! > spec.data[best * spec.frames + t]!) best = k;
    expect(best).toBe((f * 512) / sr);
    const db = powerToDb(spec, { ref: 'max', topDb: 60 });
    expect(Math.max(...db.data)).toBeCloseTo(0, 5);
    expect(Math.min(...db.data)).toBeCloseTo(-60, 5);
  });

  it('bad options are TensorloomErrors naming the function', () => {
    const x = new Float32Array(1024);
    expect(() => spectrogram(x, { nFft: 400 })).toThrow(/stft: nFft must be a power of two/);
    expect(() => spectrogram(new Float32Array(100), { nFft: 512 })).toThrow(/stft: reflect padding needs more than/);
    expect(() => spectrogram(x, { winLength: 1024, nFft: 512 })).toThrow(/stft: winLength/);
    expect(() => melFilterbank({ sampleRate: 16000, nFft: 512, fMax: 9000 })).toThrow(/melFilterbank: need 0 ≤ fMin < fMax ≤ sampleRate\/2/);
    expect(() => resample(x, 44100.5, 16000)).toThrow(/resample: fromRate must be a positive integer/);
    expect(() => mfcc({ data: new Float32Array(4), rows: 2, frames: 2 }, { nMfcc: 3 })).toThrow(/mfcc: nMfcc must be an integer in \[1, 2\]/);
  });
});
