// WebGPU bench: Tensorloom's WebGPU backend beside tfjs-backend-webgpu 4.22 on the same adapter
// (in Node: Dawn from the `webgpu` package; without a GPU, Chromium's SwiftShader Vulkan driver).
//   node webgpu.mjs [--runs N] [--only matmul,softmax,conv,convgrad,mlp,cnn] [--sizes 256,512,1024,2048]
// Workloads: matmul 256–2048, softmax [512,10000], three conv2d forwards, a conv2d backward
// (both gradients), the MLP 784-256-10 and the CNN training steps of workloads.mjs (SGD). Each
// run ends with a read of its result; the two libraries alternate run by run (so load drifts
// hit both alike) and the table gives their medians, the ratio tfjs / Tensorloom (> 1:
// Tensorloom faster) and a check that both agree (16 sampled outputs; for the training steps
// the losses of the first three steps, which checks the gradients and the update too). Runs
// slower than 3 s are repeated only 3 times, slower than 20 s once (matmul 2048 on SwiftShader).
// On SwiftShader this measures the kernels' work on the CPU, not a GPU: quote the ratios,
// never the absolute figures.
import { loadavg } from 'node:os';
import { create, globals } from 'webgpu';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs'; // registers tfjs-core's gradients (the core package alone has none)
import * as T from '@tensorloom/core';
import { createWebGpuBackend } from '@tensorloom/backend-webgpu';
import { CNN, MLP, cnnInputs, matmulInputs, mlpInputs, randArray, samplePositions, softmaxInput } from './workloads.mjs';
import { cnnTrainingStep, mlpTrainingStep } from './tensorloom_steps.mjs';

process.env.VK_ICD_FILENAMES ??= '/usr/lib/chromium/vk_swiftshader_icd.json';
Object.assign(globalThis, globals);
const gpu = create([]);
if (!globalThis.navigator) globalThis.navigator = {};
Object.defineProperty(globalThis.navigator, 'gpu', { value: gpu, configurable: true });
await import('@tensorflow/tfjs-backend-webgpu'); // registers itself only where navigator.gpu exists at import

const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : null);
const RUNS = Number(opt('--runs')) || 5;
const ONLY = opt('--only')?.split(',') ?? null;
const SIZES = (opt('--sizes') ?? '256,512,1024,2048').split(',').map(Number);

/** [N, C, H(=W), O], 3×3 filters, padding 1. */
const CONVS = [[8, 16, 32, 16], [16, 32, 32, 32], [64, 1, 28, 32]];
const convLabel = ([n, c, hw, o]) => `${n}×${c}×${hw}×${hw} → ${o}, 3×3`;
const workloads = [
  ...SIZES.map((n) => ({ id: `matmul ${n}`, op: 'matmul', n })),
  { id: 'softmax [512,10000]', op: 'softmax', r: 512, c: 10000 },
  ...CONVS.map((g) => ({ id: `conv ${convLabel(g)}`, op: 'conv', g })),
  { id: `conv backward (dx, dw) ${convLabel(CONVS[1])}`, op: 'convgrad', g: CONVS[1] },
  { id: `MLP 784-256-10 step (B = ${MLP.B})`, op: 'mlp' },
  { id: `CNN step (B = ${CNN.B})`, op: 'cnn' },
].filter((w) => !ONLY || ONLY.includes(w.op));

const convInputs = ([n, c, hw, o]) => [randArray(n * c * hw * hw, 4), randArray(o * c * 9, 5, 1 / 3), randArray(n * o * hw * hw, 13)];
const sample = (vals) => samplePositions(vals.length).map((i) => vals[i]);

// ---- Tensorloom: each case is { run: () => Promise<void>, check: () => Promise<number[]> } ----
const backend = await createWebGpuBackend({ gpu });
T.registerBackend('webgpu', () => backend, 10);
await T.setBackend('webgpu');

async function read(t) { const v = await t.data(); t.dispose(); return v; }

function tlCase(w) {
  if (w.op === 'matmul' || w.op === 'softmax' || w.op === 'conv') {
    let f;
    if (w.op === 'matmul') {
      const [a, b] = matmulInputs(w.n).map((v) => T.keep(T.tensor(v, { shape: [w.n, w.n] })));
      f = () => T.matmul(a, b);
    } else if (w.op === 'softmax') {
      const x = T.keep(T.tensor(softmaxInput(w.r, w.c), { shape: [w.r, w.c] }));
      f = () => T.softmax(x, -1);
    } else {
      const [n, c, hw, o] = w.g;
      const [xv, kv] = convInputs(w.g);
      const x = T.keep(T.tensor(xv, { shape: [n, c, hw, hw] })), k = T.keep(T.tensor(kv, { shape: [o, c, 3, 3] }));
      f = () => T.conv2d(x, k, null, { padding: 1 });
    }
    return { run: async () => { const o = f(); await o.data(); o.dispose(); }, check: async () => sample(await read(f())) };
  }
  if (w.op === 'convgrad') {
    const [n, c, hw, o] = w.g;
    const [xv, kv, gv] = convInputs(w.g);
    const x = T.keep(T.tensor(xv, { shape: [n, c, hw, hw] })), k = T.keep(T.tensor(kv, { shape: [o, c, 3, 3] }));
    const g = T.keep(T.tensor(gv, { shape: [n, o, hw, hw] }));
    const vg = T.valueAndGrad((xx, kk) => T.sum(T.mul(T.conv2d(xx, kk, null, { padding: 1 }), g)));
    const f = () => { const [v, gs] = vg(x, k); v.dispose(); return gs; };
    return {
      run: async () => { const [dx, dk] = f(); await dx.data(); await dk.data(); dx.dispose(); dk.dispose(); },
      check: async () => { const [dx, dk] = f(); return [...sample(await read(dx)), ...sample(await read(dk))]; },
    };
  }
  const { step } = w.op === 'mlp' ? mlpTrainingStep() : cnnTrainingStep();
  const one = async () => { const l = step(); const v = (await l.data())[0]; l.dispose(); return v; };
  return { run: one, check: async () => [await one(), await one(), await one()] };
}

// ---- tfjs-backend-webgpu (NHWC activations, HWIO filters; transposed outside the timing) ----
await tf.setBackend('webgpu');
await tf.ready();
let varId = 0;
const variable = (t) => tf.variable(t, true, `v${varId++}`);
const toNhwc = (v, shape) => tf.tidy(() => tf.transpose(tf.tensor(v, shape), [0, 2, 3, 1]));
const toHwio = (v, shape) => tf.tidy(() => tf.transpose(tf.tensor(v, shape), [2, 3, 1, 0]));

async function tfRead(t, perm) {
  const p = perm ? tf.transpose(t, perm) : t;
  const v = await p.data();
  if (p !== t) p.dispose();
  t.dispose();
  return v;
}

function tfStep(vars, lossOf, lr) {
  return async () => {
    const { value, grads } = tf.variableGrads(lossOf, vars);
    tf.tidy(() => vars.forEach((v) => v.assign(tf.sub(v, tf.mul(grads[v.name], lr)))));
    tf.dispose(grads);
    return (await tfRead(value))[0];
  };
}

function tfCase(w) {
  if (w.op === 'matmul' || w.op === 'softmax' || w.op === 'conv') {
    let f, perm = null;
    if (w.op === 'matmul') {
      const [a, b] = matmulInputs(w.n).map((v) => tf.tensor(v, [w.n, w.n]));
      f = () => tf.matMul(a, b);
    } else if (w.op === 'softmax') {
      const x = tf.tensor(softmaxInput(w.r, w.c), [w.r, w.c]);
      f = () => tf.softmax(x, -1);
    } else {
      const [n, c, hw, o] = w.g;
      const [xv, kv] = convInputs(w.g);
      const x = toNhwc(xv, [n, c, hw, hw]), k = toHwio(kv, [o, c, 3, 3]);
      f = () => tf.conv2d(x, k, 1, 'same');
      perm = [0, 3, 1, 2];
    }
    return { run: async () => { await tfRead(f()); }, check: async () => sample(await tfRead(f(), perm)) };
  }
  if (w.op === 'convgrad') {
    const [n, c, hw, o] = w.g;
    const [xv, kv, gv] = convInputs(w.g);
    const x = toNhwc(xv, [n, c, hw, hw]), k = toHwio(kv, [o, c, 3, 3]), g = toNhwc(gv, [n, o, hw, hw]);
    const grads = tf.grads((xx, kk) => tf.sum(tf.mul(tf.conv2d(xx, kk, 1, 'same'), g)));
    return {
      run: async () => { const [dx, dk] = grads([x, k]); await tfRead(dx); await tfRead(dk); },
      check: async () => { const [dx, dk] = grads([x, k]); return [...sample(await tfRead(dx, [0, 3, 1, 2])), ...sample(await tfRead(dk, [3, 2, 0, 1]))]; },
    };
  }
  let one;
  if (w.op === 'mlp') {
    const { B, D, H, C, lr } = MLP;
    const v = mlpInputs();
    const x = tf.tensor(v.x, [B, D]), y = tf.oneHot(tf.tensor1d(v.labels, 'int32'), C);
    const vars = [variable(tf.tensor(v.w1, [D, H])), variable(tf.tensor(v.b1, [H])), variable(tf.tensor(v.w2, [H, C])), variable(tf.tensor(v.b2, [C]))];
    one = tfStep(vars, () => tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, vars[0]), vars[1])), vars[2]), vars[3])), lr);
  } else {
    const { B, lr } = CNN;
    const v = cnnInputs();
    const x = toNhwc(v.x, [B, 1, 28, 28]), y = tf.oneHot(tf.tensor1d(v.labels, 'int32'), 10);
    // dense weights: ours flatten NCHW (c, h, w); tfjs flattens NHWC (h, w, c): permute the rows.
    const d = tf.tidy(() => tf.reshape(tf.transpose(tf.reshape(tf.tensor(v.d, [784, 10]), [16, 7, 7, 10]), [1, 2, 0, 3]), [784, 10]));
    const vars = [variable(toHwio(v.c1, [8, 1, 3, 3])), variable(toHwio(v.c2, [16, 8, 3, 3])), variable(d), variable(tf.tensor(v.db, [10]))];
    one = tfStep(vars, () => {
      const h1 = tf.maxPool(tf.relu(tf.conv2d(x, vars[0], 1, 'same')), 2, 2, 'valid');
      const h2 = tf.maxPool(tf.relu(tf.conv2d(h1, vars[1], 1, 'same')), 2, 2, 'valid');
      return tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(tf.reshape(h2, [B, 784]), vars[2]), vars[3]));
    }, lr);
  }
  return { run: one, check: async () => [await one(), await one(), await one()] };
}

// ---- timing: the two alternate run by run ----
async function timed(fn) { const t = performance.now(); await fn(); return performance.now() - t; }
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Medians of alternating runs. The check runs (which compiled every pipeline) are the warm-up;
 * the first timed pair decides the repetitions: over 20 s one pair, over 3 s three, else RUNS.
 */
async function measurePair(tl, tc) {
  const a = [await timed(tl.run)], b = [await timed(tc.run)];
  const first = Math.max(a[0], b[0]);
  const reps = first > 20_000 ? 1 : first > 3000 ? Math.min(RUNS, 3) : RUNS;
  if (reps === RUNS) { a.pop(); b.pop(); } // fast cases: that pair was one more warm-up
  for (let i = a.length; i < reps; i++) {
    if (i % 2 === 0) { a.push(await timed(tl.run)); b.push(await timed(tc.run)); } else { b.push(await timed(tc.run)); a.push(await timed(tl.run)); }
  }
  return [median(a), median(b), reps];
}

const rows = [];
const loads = [loadavg()[0]];
for (const w of workloads) {
  await T.setBackend('webgpu');
  const tl = tlCase(w);
  const tlVals = await tl.check();
  const tc = tfCase(w);
  const tfVals = await tc.check();
  const [tlMs, tfMs, reps] = await measurePair(tl, tc);
  let worst = 0;
  for (let i = 0; i < tlVals.length; i++) worst = Math.max(worst, Math.abs(tlVals[i] - tfVals[i]) / (1 + Math.abs(tfVals[i])));
  const what = w.op === 'mlp' || w.op === 'cnn' ? '(3 losses) ' : '';
  loads.push(loadavg()[0]);
  rows.push(`| ${w.id} | ${tlMs.toFixed(1)} | ${tfMs.toFixed(1)} | ${(tfMs / tlMs).toFixed(2)}× | ${reps} | ${what}${worst < 1e-3 ? '✓' : '✗'} ${worst.toExponential(1)} |`);
  console.error(rows[rows.length - 1]);
}
const info = backend.info();
console.log(`\nWebGPU bench on ${info.adapter.description || info.adapter.architecture} (fallback adapter: ${info.adapter.isFallbackAdapter}), medians of alternating runs, load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}\n`);
console.log('| workload | Tensorloom WebGPU ms | tfjs-backend-webgpu ms | tfjs / Tensorloom | runs | outputs agree (worst rel. diff) |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
backend.destroy();
process.exit(0);
