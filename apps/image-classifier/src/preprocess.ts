/**
 * Turns a drawing into an MNIST-like input, as MNIST itself was made: crop to the ink,
 * scale the longer side to 20 pixels (keeping the aspect ratio), and place it in a 28×28
 * image so that its centre of mass lies at the centre. Pure function on grey values, so the
 * CLI, the worker and tests can all use it.
 */

/**
 * @param ink  grey values in [0, 1] (1 = ink), row-major, `width × height`
 * @returns 784 values in [0, 1], or null when nothing was drawn
 *
 * @example
 * const pixels = toMnistPixels(alphaOfCanvas, 280, 280); // Float32Array(784) | null
 */
export function toMnistPixels(ink: Float32Array, width: number, height: number): Float32Array | null {
  let x0 = width, y0 = height, x1 = -1, y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] > 0.05) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
    }
  }
  if (x1 < 0) return null;
  const bw = x1 - x0 + 1, bh = y1 - y0 + 1;
  const scale = 20 / Math.max(bw, bh);
  const sw = Math.max(1, Math.round(bw * scale)), sh = Math.max(1, Math.round(bh * scale));
  // Box-filter the crop down to sw × sh.
  const small = new Float32Array(sw * sh);
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < sw; x++) {
      const sx0 = x0 + Math.floor(x / scale), sx1 = Math.max(sx0 + 1, x0 + Math.floor((x + 1) / scale));
      const sy0 = y0 + Math.floor(y / scale), sy1 = Math.max(sy0 + 1, y0 + Math.floor((y + 1) / scale));
      let sum = 0, n = 0;
      for (let yy = sy0; yy < Math.min(sy1, y1 + 1); yy++) for (let xx = sx0; xx < Math.min(sx1, x1 + 1); xx++) { sum += ink[yy * width + xx]; n++; }
      small[y * sw + x] = n ? sum / n : 0;
    }
  }
  // Centre of mass of the small image, then paste it so that it lands on (14, 14).
  let mass = 0, cx = 0, cy = 0;
  for (let y = 0; y < sh; y++) for (let x = 0; x < sw; x++) { const v = small[y * sw + x]; mass += v; cx += v * x; cy += v * y; }
  const ox = Math.round(14 - (mass ? cx / mass : sw / 2)), oy = Math.round(14 - (mass ? cy / mass : sh / 2));
  const out = new Float32Array(28 * 28);
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < sw; x++) {
      const tx = x + ox, ty = y + oy;
      if (tx >= 0 && tx < 28 && ty >= 0 && ty < 28) out[ty * 28 + tx] = Math.min(1, small[y * sw + x]);
    }
  }
  return out;
}
