/**
 * Transforms: normalize (exact values), shift (pixels move by the right amount), rotation
 * (0° identity, 90° = transpose + flip, a linear ramp turns exactly), seeded randomness,
 * compose, and no leaks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { arange, flip, memory, tensor, transpose, type Tensor } from '@tensorloom/core';
import { compose, normalize, randomRotation, randomShift, rotate, shift } from '@tensorloom/data';
import { useCpu, values } from './helpers.js';

beforeAll(useCpu);

const f = Math.fround;

/** Images [N,C,H,W] with distinct values 1..N*C*H*W. */
function images(n: number, c: number, h: number, w: number): Tensor {
  return arange(1, n * c * h * w + 1).cast('float32').reshape([n, c, h, w]);
}

/** Host reference of a shift: out[n,c,y,x] = in[n,c,y-dy,x-dx] or fill. */
function shifted(src: number[], [n, c, h, w]: number[], dy: number, dx: number, fill = 0): number[] {
  const out: number[] = [];
  for (let i = 0; i < n * c; i++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const sy = y - dy, sx = x - dx;
        out.push(sy >= 0 && sy < h && sx >= 0 && sx < w ? src[i * h * w + sy * w + sx] : fill);
      }
    }
  }
  return out;
}

describe('normalize', () => {
  it('per channel on [C,H,W] and [N,C,H,W], exact in float32', () => {
    const raw = [0.1, 0.7, 0.3, 0.9, 1, 0, 0.25, 0.5];
    const mean = [0.2, 0.6], std = [0.3, 0.15];
    const expected = raw.map((v, i) => { const c = Math.floor(i / 4); return f(f(f(v) - f(mean[c])) / f(std[c])); });
    const chw = normalize(mean, std)(tensor(raw, { shape: [2, 2, 2] }));
    expect(chw.shape).toEqual([2, 2, 2]);
    expect(values(chw)).toEqual(expected);
    const nchw = normalize(mean, std)(tensor([...raw, ...raw], { shape: [2, 2, 2, 2] }));
    expect(values(nchw)).toEqual([...expected, ...expected]);
  });

  it('with scalars on any shape; int input is cast to float32', () => {
    const y = normalize(0.5, 0.25)(tensor([0, 0.5, 1]));
    expect(values(y)).toEqual([-2, 0, 2]);
    const z = normalize(1, 2)(tensor([1, 3, 5], { dtype: 'int32' }));
    expect([z.dtype, values(z)]).toEqual(['float32', [0, 1, 2]]);
  });

  it('rejects bad parameters and mismatched channels', () => {
    expect(() => normalize([0.5], [0])).toThrow(/std must be positive/);
    expect(() => normalize([0.1, 0.2], [1, 1, 1])).toThrow(/mean has 2 values and std 3/);
    expect(() => normalize([0.1, 0.2], [1, 1])(images(1, 3, 2, 2))).toThrow(/input has 3 channels .* but mean\/std give 2/);
    expect(() => normalize([0.1, 0.2], [1, 1])(tensor([1, 2]))).toThrow(/need \[C,H,W\] or \[N,C,H,W\]/);
  });
});

describe('shift', () => {
  it('moves every pixel by (dy, dx) and fills the uncovered edge', () => {
    const x = images(2, 2, 4, 5);
    const src = values(x);
    for (const [dy, dx] of [[1, 2], [-1, 0], [0, -3], [3, 4], [-4, 5], [0, 0]]) {
      const y = shift(x, dy, dx);
      expect(y.shape).toEqual([2, 2, 4, 5]);
      expect(values(y)).toEqual(shifted(src, [2, 2, 4, 5], dy, dx));
    }
    expect(values(shift(x, 1, 1, { fill: -1 }))).toEqual(shifted(src, [2, 2, 4, 5], 1, 1, -1));
  });

  it('works on a single [C,H,W] image and keeps int32', () => {
    const x = arange(6).reshape([1, 2, 3]);
    const y = shift(x, 0, 1);
    expect([y.shape, y.dtype, values(y)]).toEqual([[1, 2, 3], 'int32', [0, 0, 1, 0, 3, 4]]);
    expect(() => shift(x, 0.5, 0)).toThrow(/whole number of pixels/);
    expect(() => shift(tensor([[1, 2]]), 0, 1)).toThrow(/\[C,H,W\] or \[N,C,H,W\]/);
  });

  it('randomShift: each image shifted within range, its own offset, reproducible by seed', () => {
    const x = images(16, 1, 6, 6);
    const src = values(x);
    const run = (seed: number): number[] => values(randomShift({ maxShift: 2, seed })(x));
    const out = run(11);
    expect(run(11)).toEqual(out);
    expect(run(12)).not.toEqual(out);
    const offsets = new Set<string>();
    for (let n = 0; n < 16; n++) {
      const img = src.slice(n * 36, (n + 1) * 36);
      const got = out.slice(n * 36, (n + 1) * 36);
      const match: string[] = [];
      for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) {
        if (JSON.stringify(shifted(img, [1, 1, 6, 6], dy, dx)) === JSON.stringify(got)) match.push(`${dy},${dx}`);
      }
      expect(match.length).toBe(1);
      offsets.add(match[0]);
    }
    expect(offsets.size).toBeGreaterThan(4);
    const t = randomShift({ maxShift: [0, 1], seed: 1 });
    const a = values(t(x)), b = values(t(x));
    expect(a).not.toEqual(b); // a new draw per call
    expect(() => randomShift({ maxShift: -1 })).toThrow(/non-negative whole pixels/);
  });
});

describe('rotation', () => {
  it('by 0° (and 360°) is the identity', () => {
    const x = images(2, 3, 5, 4);
    expect(values(rotate(x, 0))).toEqual(values(x));
    expect(values(rotate(x, 360))).toEqual(values(x));
    expect(values(rotate(x, 0, { interpolation: 'nearest' }))).toEqual(values(x));
  });

  it('by 90° on a square image equals transpose then flip of H (torch.rot90)', () => {
    const x = images(2, 2, 5, 5);
    const rot90 = flip(transpose(x, -2, -1), -2);
    expect(values(rotate(x, 90))).toEqual(values(rot90));
    expect(values(rotate(x, 90, { interpolation: 'nearest' }))).toEqual(values(rot90));
    expect(values(rotate(x, -270))).toEqual(values(rot90));
    expect(values(rotate(x, 180))).toEqual(values(flip(x, [-2, -1])));
    expect(values(rotate(rotate(x, 90), -90))).toEqual(values(x));
    // even size: the centre falls between pixels, still exact
    const e = images(1, 1, 4, 4);
    expect(values(rotate(e, 90))).toEqual(values(flip(transpose(e, -2, -1), -2)));
    // top-right corner goes to top-left (counter-clockwise)
    expect(values(rotate(e, 90))[0]).toBe(4);
  });

  it('turns a linear ramp exactly where bilinear samples stay inside the image', () => {
    const n = 9, c = 4; // centre (4, 4)
    const ramp = tensor(Array.from({ length: n * n }, (_, i) => i % n), { shape: [1, n, n] });
    const deg = 30, r = (deg * Math.PI) / 180;
    const out = values(rotate(ramp, deg));
    for (let y = 2; y <= 6; y++) {
      for (let x = 2; x <= 6; x++) {
        const sx = c + Math.cos(r) * (x - c) - Math.sin(r) * (y - c);
        expect(out[y * n + x]).toBeCloseTo(sx, 4);
      }
    }
    expect(out[0]).toBe(0); // a corner of a 30° turn comes from outside: fill
  });

  it('randomRotation: seeded, a new angle per image, within the range', () => {
    const x = images(6, 1, 7, 7);
    const a = values(randomRotation({ degrees: 20, seed: 5 })(x));
    expect(values(randomRotation({ degrees: 20, seed: 5 })(x))).toEqual(a);
    expect(values(randomRotation({ degrees: 20, seed: 6 })(x))).not.toEqual(a);
    expect(values(randomRotation({ degrees: [90, 90], seed: 1 })(x))).toEqual(values(flip(transpose(x, -2, -1), -2)));
    expect(values(randomRotation({ degrees: 0, seed: 1 })(x))).toEqual(values(x));
    // each image of a batch of copies gets its own angle
    const same = tensor(Array.from({ length: 4 }, () => Array.from({ length: 49 }, (_, i) => i)).flat(), { shape: [4, 1, 7, 7] });
    const outs = values(randomRotation({ degrees: 45, seed: 2 })(same));
    const per = [0, 1, 2, 3].map((k) => JSON.stringify(outs.slice(k * 49, (k + 1) * 49)));
    expect(new Set(per).size).toBe(4);
    expect(() => randomRotation({ degrees: [10, -10] })).toThrow(/min <= max/);
    expect(() => rotate(arange(4).reshape([1, 2, 2]), 30)).toThrow(/bilinear interpolation needs float32/);
  });
});

describe('compose', () => {
  it('applies transforms in order and frees intermediates', () => {
    const x = images(2, 1, 5, 5);
    const before = memory().numTensors;
    const t = compose((v) => shift(v, 1, 0), (v) => rotate(v, 90), normalize(1, 2));
    const y = t(x);
    expect(memory().numTensors).toBe(before + 1);
    const manual = normalize(1, 2)(rotate(shift(x, 1, 0), 90));
    expect(values(y)).toEqual(values(manual));
    expect(values(compose()(x))).toEqual(values(x));
  });

  it('random transforms over a batch leak nothing', () => {
    const x = images(8, 1, 28, 28);
    const augment = compose(randomRotation({ degrees: 15, seed: 1 }), randomShift({ maxShift: 2, seed: 2 }), normalize(0.1307, 0.3081));
    const before = memory();
    for (let i = 0; i < 5; i++) augment(x).dispose();
    expect(memory().numTensors).toBe(before.numTensors);
    expect(memory().numBytes).toBe(before.numBytes);
  });
});
