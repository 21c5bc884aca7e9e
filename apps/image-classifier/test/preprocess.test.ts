import { describe, expect, test } from 'vitest';
import { toMnistPixels } from '../src/preprocess.js';

/** A width × height image with ink in the rectangle [x0, x1) × [y0, y1). */
function rect(width: number, height: number, x0: number, y0: number, x1: number, y1: number): Float32Array {
  const img = new Float32Array(width * height);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) img[y * width + x] = 1;
  return img;
}

describe('toMnistPixels', () => {
  test('an empty drawing is null', () => {
    expect(toMnistPixels(new Float32Array(100 * 100), 100, 100)).toBeNull();
  });

  test('scales the ink to 20 pixels on its longer side and centres its mass at (14, 14)', () => {
    // A vertical bar in the top-left corner of a 280 × 280 canvas: 20 × 200 pixels.
    const out = toMnistPixels(rect(280, 280, 10, 5, 30, 205), 280, 280)!;
    expect(out).toHaveLength(784);
    let mass = 0, cx = 0, cy = 0, rows = new Set<number>(), cols = new Set<number>();
    out.forEach((v, i) => {
      if (v <= 0) return;
      const x = i % 28, y = Math.floor(i / 28);
      mass += v; cx += v * x; cy += v * y; rows.add(y); cols.add(x);
    });
    expect(rows.size).toBe(20);
    expect(cols.size).toBe(2);
    expect(Math.abs(cx / mass - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(cy / mass - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.max(...out)).toBe(1);
  });
});
