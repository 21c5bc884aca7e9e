// WebGPU bench: Tensorloom's WebGPU backend beside tfjs-backend-webgpu 4.22 on the same adapter
// (in Node: Dawn from the `webgpu` package; without a GPU, Chromium's SwiftShader Vulkan driver).
// `node webgpu.mjs [--runs N] [--big] [--only matmul|softmax|conv|mlp]` (--big: matmul up to 2048; default 128–512, SwiftShader is slow) prints a markdown table: median ms per workload (each run
// ends with a read of the result), the ratio tfjs / Tensorloom (> 1: Tensorloom faster) and a
// check that both agree on sampled outputs. On SwiftShader this measures the kernels' work on
// the CPU, not a GPU: quote the ratios, never the absolute figures.
import { create, globals } from 'webgpu';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs'; // registers tfjs-core's gradients (the core package alone has none)
import * as T from '@tensorloom/core';
import { createWebGpuBackend } from '@tensorloom/backend-webgpu';

process.env.VK_ICD_FILENAMES ??= '/usr/lib/chromium/vk_swiftshader_icd.json';
Object.assign(globalThis, globals);
const gpu = create([]);
if (!globalThis.navigator) globalThis.navigator = {};
Object.defineProperty(globalThis.navigator, 'gpu', { value: gpu, configurable: true });
await import('@tensorflow/tfjs-backend-webgpu'); // registers itself only where navigator.gpu exists at import

const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1] || 5) || 5;
const BIG = args.includes('--big');
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1] : null; // an op: matmul, softmax, conv, mlp

async function median(run) {
  for (let i = 0; i < 2; i++) await run();
  const ms = [];
  for (let i = 0; i < RUNS; i++) { const t = performance.now(); await run(); ms.push(performance.now() - t); }
  return ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)];
}

function seeded(n, seed) {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32 - 0.5; });
}

const sizes = BIG ? [256, 512, 1024, 2048] : [128, 256, 512];
const workloads = [
  ...sizes.map((n) => ({ id: `matmul ${n}`, a: [n, n], b: [n, n], op: 'matmul' })),
  { id: 'softmax [512,10000]', x: [512, 10000], op: 'softmax' },
  { id: 'conv 8×16×32×32 → 16, 3×3', x: [8, 16, 32, 32], w: [16, 16, 3, 3], op: 'conv' },
  { id: 'MLP 784-256-10 step (B = 128)', op: 'mlp' },
];

// ---- Tensorloom ----
const backend = await createWebGpuBackend({ gpu });
T.registerBackend('webgpu', () => backend, 10);
await T.setBackend('webgpu');

function tlCase(w) {
  if (w.op === 'matmul') {
    const a = T.keep(T.tensor(seeded(w.a[0] * w.a[1], 1), { shape: w.a }));
    const b = T.keep(T.tensor(seeded(w.b[0] * w.b[1], 2), { shape: w.b }));
    return { run: () => T.tidy(() => T.matmul(a, b)), flops: 2 * w.a[0] * w.a[1] * w.b[1] };
  }
  if (w.op === 'softmax') {
    const x = T.keep(T.tensor(seeded(w.x[0] * w.x[1], 3), { shape: w.x }).mul(10));
    return { run: () => T.tidy(() => T.softmax(x, -1)) };
  }
  if (w.op === 'conv') {
    const x = T.keep(T.tensor(seeded(w.x.reduce((p, q) => p * q), 4), { shape: w.x }));
    const k = T.keep(T.tensor(seeded(w.w.reduce((p, q) => p * q), 5), { shape: w.w }));
    return { run: () => T.tidy(() => T.conv2d(x, k, null, { padding: 1 })) };
  }
  const x = T.keep(T.tensor(seeded(128 * 784, 6), { shape: [128, 784] }));
  const y = T.keep(T.tensor(Int32Array.from({ length: 128 }, (_, i) => i % 10), { dtype: 'int32' }));
  let w1 = T.keep(T.tensor(seeded(784 * 256, 7), { shape: [784, 256] }).mul(0.1).requiresGrad_());
  let w2 = T.keep(T.tensor(seeded(256 * 10, 8), { shape: [256, 10] }).mul(0.1).requiresGrad_());
  return {
    run: () => {
      const loss = T.tidy(() => T.softmaxCrossEntropy(T.matmul(T.relu(T.matmul(x, w1)), w2), y));
      loss.backward();
      const upd = (p) => { const n = T.noGrad(() => T.tidy(() => T.sub(p, T.mul(p.grad, 0.01)))); p.dispose(); return T.keep(n.requiresGrad_()); };
      w1 = upd(w1); w2 = upd(w2);
      return loss;
    },
  };
}

// ---- tfjs-backend-webgpu ----
await tf.setBackend('webgpu');
await tf.ready();
function tfCase(w) {
  if (w.op === 'matmul') {
    const a = tf.tensor(seeded(w.a[0] * w.a[1], 1), w.a);
    const b = tf.tensor(seeded(w.b[0] * w.b[1], 2), w.b);
    return { run: () => tf.matMul(a, b) };
  }
  if (w.op === 'softmax') {
    const x = tf.tidy(() => tf.mul(tf.tensor(seeded(w.x[0] * w.x[1], 3), w.x), 10));
    return { run: () => tf.softmax(x, -1) };
  }
  if (w.op === 'conv') {
    const x = tf.tidy(() => tf.transpose(tf.tensor(seeded(w.x.reduce((p, q) => p * q), 4), w.x), [0, 2, 3, 1])); // NHWC
    const k = tf.tidy(() => tf.transpose(tf.tensor(seeded(w.w.reduce((p, q) => p * q), 5), w.w), [2, 3, 1, 0])); // HWIO
    return { run: () => tf.tidy(() => tf.transpose(tf.conv2d(x, k, 1, 'same'), [0, 3, 1, 2])) };
  }
  const x = tf.tensor(seeded(128 * 784, 6), [128, 784]);
  const y = tf.oneHot(tf.tensor1d(Int32Array.from({ length: 128 }, (_, i) => i % 10), 'int32'), 10);
  const w1 = tf.variable(tf.mul(tf.tensor(seeded(784 * 256, 7), [784, 256]), 0.1));
  const w2 = tf.variable(tf.mul(tf.tensor(seeded(256 * 10, 8), [256, 10]), 0.1));
  const opt = tf.train.sgd(0.01);
  return { run: () => opt.minimize(() => tf.losses.softmaxCrossEntropy(y, tf.matMul(tf.relu(tf.matMul(x, w1)), w2)), true) };
}

const rows = [];
for (const w of workloads.filter((x) => !ONLY || x.op === ONLY)) {
  await T.setBackend('webgpu');
  const tl = tlCase(w);
  const tlOut = tl.run();
  const tlVals = await tlOut.data();
  tlOut.dispose();
  const tlMs = await median(async () => { const o = tl.run(); await o.data(); o.dispose(); });
  const tc = tfCase(w);
  const tfOut = tc.run();
  const tfVals = await tfOut.data();
  tfOut.dispose();
  const tfMs = await median(async () => { const o = tc.run(); await o.data(); o.dispose(); });
  let worst = 0;
  const step = Math.max(1, Math.floor(tlVals.length / 16));
  for (let i = 0; i < tlVals.length; i += step) worst = Math.max(worst, Math.abs(tlVals[i] - tfVals[i]) / (1 + Math.abs(tfVals[i])));
  const agree = w.op === 'mlp' ? '(first loss) ' : '';
  rows.push(`| ${w.id} | ${tlMs.toFixed(1)} | ${tfMs.toFixed(1)} | ${(tfMs / tlMs).toFixed(2)}× | ${agree}${worst < 1e-3 ? '✓' : `✗ ${worst.toExponential(1)}`} |`);
  console.error(rows[rows.length - 1]);
}
const info = backend.info();
console.log(`\nWebGPU bench on ${info.adapter.description || info.adapter.architecture} (fallback adapter: ${info.adapter.isFallbackAdapter}), ${RUNS} runs, medians\n`);
console.log('| workload | Tensorloom WebGPU ms | tfjs-backend-webgpu ms | tfjs / Tensorloom | outputs agree |');
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(r);
backend.destroy();
process.exit(0);
