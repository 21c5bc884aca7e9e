// The benchmark's workloads, shared by every peer: shapes, seeded inputs, the work each one
// does (FLOP, elements or steps), the output positions each peer reports, and float64
// references of those positions, so that `run.mjs` can check every peer's outputs.

import { busiestThreadMs, schedSnapshot } from './schedstat.mjs';

/** Mulberry32: seeded uniform values in [-1, 1). */
export function randArray(n, seed, scale = 1) {
  let a = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    out[i] = (((x ^ (x >>> 14)) >>> 0) / 4294967296 * 2 - 1) * scale;
  }
  return out;
}

export const MATMUL_SIZES = [128, 256, 512, 1024];
export const SOFTMAX_SHAPES = [[64, 1000], [512, 10000]];
/** [N, C, H(=W), O], 3x3 filters, padding 1. */
export const CONV_CASES = { conv_32x32x32x16: [16, 32, 32, 32], conv_28x28x1: [64, 1, 28, 32] };
export const MLP = { B: 128, D: 784, H: 256, C: 10, lr: 0.1 };
export const CNN = { B: 64, lr: 0.05 };

/** Every workload: id, label, unit and the work one run does in that unit. */
export const WORKLOADS = [
  ...MATMUL_SIZES.map((n) => ({ id: `matmul_${n}`, label: `matmul ${n}`, unit: 'GFLOP/s', work: 2 * n ** 3 / 1e9 })),
  ...SOFTMAX_SHAPES.map(([r, c]) => ({ id: `softmax_${r}x${c}`, label: `softmax [${r},${c}]`, unit: 'G elem/s', work: r * c / 1e9 })),
  ...Object.entries(CONV_CASES).map(([id, [n, c, hw, o]]) => ({
    id, label: id === 'conv_28x28x1' ? `conv 28×28×1 → ${o}, 3×3, B=${n}` : `conv 32×32×32×${n} → ${o}, 3×3`,
    unit: 'GFLOP/s', work: 2 * n * o * hw * hw * c * 9 / 1e9,
  })),
  { id: 'mlp_step', label: `MLP 784-256-10 step (B = ${MLP.B})`, unit: 'steps/s', work: 1 },
  { id: 'cnn_step', label: `CNN step (B = ${CNN.B})`, unit: 'steps/s', work: 1 },
];

/** Inputs of each workload (the same arrays for every peer). */
export function matmulInputs(n) { return [randArray(n * n, 1), randArray(n * n, 2)]; }
export function softmaxInput(r, c) { return randArray(r * c, 3, 4); }
export function convInputs([n, c, hw, o]) { return [randArray(n * c * hw * hw, 4), randArray(o * c * 9, 5, 1 / 3)]; }
export function mlpInputs() {
  const { B, D, H, C } = MLP;
  const labels = Int32Array.from({ length: B }, (_, i) => (i * 7) % C);
  return {
    x: randArray(B * D, 6), labels, w1: randArray(D * H, 7, Math.sqrt(6 / D)), b1: new Float32Array(H),
    w2: randArray(H * C, 8, Math.sqrt(6 / H)), b2: new Float32Array(C),
  };
}
/** CNN parameters in PyTorch layouts: w [O, I, 3, 3], dense [784, 10]. */
export function cnnInputs() {
  const { B } = CNN;
  return {
    x: randArray(B * 28 * 28, 9), labels: Int32Array.from({ length: B }, (_, i) => (i * 3) % 10),
    c1: randArray(8 * 1 * 9, 10, 1 / 3), c2: randArray(16 * 8 * 9, 11, 1 / Math.sqrt(72)),
    d: randArray(16 * 7 * 7 * 10, 12, 1 / Math.sqrt(784)), db: new Float32Array(10),
  };
}

/** Output positions each peer reports (flat indices into the row-major NCHW output). */
export function samplePositions(len, count = 16) {
  return Array.from({ length: count }, (_, i) => Math.floor(((i * 2654435761) % 4294967296) / 4294967296 * len));
}

/** float64 references at the sample positions. */
export function reference(id) {
  if (id.startsWith('matmul_')) {
    const n = Number(id.slice(7));
    const [a, b] = matmulInputs(n);
    return samplePositions(n * n).map((f) => {
      const i = Math.floor(f / n), j = f % n;
      let s = 0;
      for (let p = 0; p < n; p++) s += a[i * n + p] * b[p * n + j];
      return s;
    });
  }
  if (id.startsWith('softmax_')) {
    const [r, c] = id.slice(8).split('x').map(Number);
    const x = softmaxInput(r, c);
    return samplePositions(r * c).map((f) => {
      const q = Math.floor(f / c);
      let m = -Infinity, s = 0;
      for (let k = 0; k < c; k++) m = Math.max(m, x[q * c + k]);
      for (let k = 0; k < c; k++) s += Math.exp(x[q * c + k] - m);
      return Math.exp(x[f] - m) / s;
    });
  }
  if (id in CONV_CASES) {
    const [n, c, hw, o] = CONV_CASES[id];
    const [x, w] = convInputs(CONV_CASES[id]);
    return samplePositions(n * o * hw * hw).map((f) => {
      const b = Math.floor(f / (o * hw * hw)), oc = Math.floor(f / (hw * hw)) % o, y = Math.floor(f / hw) % hw, xw = f % hw;
      let s = 0;
      for (let ci = 0; ci < c; ci++) for (let ki = 0; ki < 3; ki++) for (let kj = 0; kj < 3; kj++) {
        const ih = y + ki - 1, iw = xw + kj - 1;
        if (ih >= 0 && ih < hw && iw >= 0 && iw < hw) s += x[((b * c + ci) * hw + ih) * hw + iw] * w[((oc * c + ci) * 3 + ki) * 3 + kj];
      }
      return s;
    });
  }
  return null; // training steps: peers are checked against each other (the first step's loss)
}

/**
 * Median wall time (ms) of `fn` after warm-up: at least `minReps` runs and ~`minMs` in all;
 * a run slower than 1.5 s (tfjs-backend-cpu on the big cases) is warmed up once and timed once.
 * `stats.busiestMs` gets the busiest thread's mean time on a CPU per timed run (schedstat.mjs).
 */
export async function measure(fn, { minMs = 600, minReps = 3, maxReps = 30, warmup = 2 } = {}, stats = {}) {
  const w0 = performance.now();
  await fn();
  if (performance.now() - w0 > 1500) {
    const s0 = schedSnapshot();
    const t0 = performance.now();
    await fn();
    stats.busiestMs = busiestThreadMs(s0, schedSnapshot());
    return performance.now() - t0;
  }
  for (let i = 1; i < warmup; i++) await fn();
  const times = [];
  const s0 = schedSnapshot();
  const start = performance.now();
  while (times.length < minReps || (performance.now() - start < minMs && times.length < maxReps)) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  stats.busiestMs = busiestThreadMs(s0, schedSnapshot()) / times.length;
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
