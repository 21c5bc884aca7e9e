/**
 * Audio augmentation: time shift, noise at a given SNR (measured back), SpecAugment masks
 * (widths within bounds, seeded, input untouched), and framing as the STFT frames.
 */
import { describe, expect, it } from 'vitest';
import { SeededRandom, addNoise, frameSignal, specAugment, spectrogram, timeShift } from '@tensorloom/data';

describe('audio augmentation', () => {
  it('timeShift moves samples either way and zero-fills', () => {
    const x = Float32Array.from([1, 2, 3, 4]);
    expect(Array.from(timeShift(x, 1))).toEqual([0, 1, 2, 3]);
    expect(Array.from(timeShift(x, -2))).toEqual([3, 4, 0, 0]);
    expect(Array.from(timeShift(x, 9))).toEqual([0, 0, 0, 0]);
    expect(() => timeShift(x, 0.5)).toThrow(/timeShift: shift must be an integer/);
  });

  it('addNoise mixes at the requested SNR, measured back from the result', () => {
    const n = 8000;
    const speech = Float32Array.from({ length: n }, (_, i) => Math.sin(i / 7));
    const rng = new SeededRandom(1);
    const noise = Float32Array.from({ length: 3000 }, () => rng.float() * 2 - 1); // repeated to the signal's length
    for (const snr of [0, 10, 20]) {
      const mixed = addNoise(speech, noise, snr);
      let ps = 0, pn = 0;
      for (let i = 0; i < n; i++) { ps += speech[i]! ** 2; pn += (mixed[i]! - speech[i]!) ** 2; }
      expect(10 * Math.log10(ps / pn)).toBeCloseTo(snr, 3);
    }
    expect(Array.from(addNoise(new Float32Array(4), noise, 10))).toEqual([0, 0, 0, 0]);
    expect(() => addNoise(speech, noise, NaN)).toThrow(/addNoise: snrDb must be a finite number/);
  });

  it('specAugment masks whole time columns and frequency rows within the bounds, seeded', () => {
    const spec = { data: Float32Array.from({ length: 20 * 30 }, (_, i) => 1 + (i % 7)), rows: 20, frames: 30 };
    const a = specAugment(spec, new SeededRandom(3), { timeMasks: 2, maxTimeWidth: 5, freqMasks: 1, maxFreqWidth: 4, value: -9 });
    const b = specAugment(spec, new SeededRandom(3), { timeMasks: 2, maxTimeWidth: 5, freqMasks: 1, maxFreqWidth: 4, value: -9 });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(spec.data.every((v) => v > 0)).toBe(true); // the input is untouched
    const maskedCols = Array.from({ length: 30 }, (_, t) => t).filter((t) => Array.from({ length: 20 }, (_, r) => a.data[r * 30 + t]).every((v) => v === -9));
    const maskedRows = Array.from({ length: 20 }, (_, r) => r).filter((r) => a.data.subarray(r * 30, (r + 1) * 30).every((v) => v === -9));
    expect(maskedCols.length).toBeLessThanOrEqual(10);
    expect(maskedRows.length).toBeLessThanOrEqual(4);
    // every masked cell lies in a masked column or a masked row
    a.data.forEach((v, i) => { if (v === -9) expect(maskedCols.includes(i % 30) || maskedRows.includes(Math.floor(i / 30))).toBe(true); });
    expect(a.data.some((v) => v === -9)).toBe(true);
    expect(() => specAugment(spec, new SeededRandom(0), { timeMasks: -1 })).toThrow(/specAugment: timeMasks must be a non-negative integer/);
  });

  it('frameSignal gives the STFT\'s frames', () => {
    const x = Float32Array.from({ length: 1000 }, (_, i) => Math.cos(i / 3));
    const frames = frameSignal(x, 256, 100, true, 'reflect');
    expect(frames.length).toBe(spectrogram(x, { nFft: 256, hopLength: 100 }).frames);
    expect(frames[0]![128]).toBeCloseTo(x[0]!, 7);
    expect(frames[0]![127]).toBeCloseTo(x[1]!, 7); // reflected, as torch.stft
    expect(frameSignal(x, 256, 100, false, 'reflect').length).toBe(1 + Math.floor((1000 - 256) / 100));
  });
});
