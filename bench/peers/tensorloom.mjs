// Tensorloom's CPU backend as a bench peer (TENSORLOOM_WASM=0 runs the JavaScript kernels,
// TENSORLOOM_THREADS=n sets the worker count).
import * as tl from '@tensorloom/core';
import { registerCpuBackend } from '@tensorloom/backend-cpu';
import { CNN, CONV_CASES, MLP, cnnInputs, convInputs, matmulInputs, mlpInputs, samplePositions, softmaxInput } from '../workloads.mjs';

export async function init() {
  const threads = process.env.TENSORLOOM_THREADS ? Number(process.env.TENSORLOOM_THREADS) : undefined;
  registerCpuBackend({ wasm: process.env.TENSORLOOM_WASM !== '0', threads });
  await tl.setBackend('cpu');
  return tl.getBackend().info?.() ?? {};
}

const samples = (t) => { const d = t.dataSync(); return samplePositions(d.length).map((i) => d[i]); };

/** A training step over `params` (replaced in place) with SGD; returns the loss tensor. */
function sgdStep(params, lossOf, lr) {
  const [loss, grads] = tl.valueAndGrad(lossOf)(...params);
  const next = tl.tidy(() => params.map((p, i) => tl.sub(p, tl.mul(grads[i], lr))));
  for (const g of grads) g.dispose();
  for (const p of params) p.dispose();
  params.splice(0, params.length, ...next);
  return loss;
}

export async function workload(id) {
  if (id.startsWith('matmul_')) {
    const n = Number(id.slice(7));
    const [a, b] = matmulInputs(n).map((v) => tl.tensor(v, { shape: [n, n] }));
    return { check: () => samples(tl.matmul(a, b)), run: () => tl.matmul(a, b).dispose() };
  }
  if (id.startsWith('softmax_')) {
    const [r, c] = id.slice(8).split('x').map(Number);
    const x = tl.tensor(softmaxInput(r, c), { shape: [r, c] });
    return { check: () => samples(tl.softmax(x, -1)), run: () => tl.softmax(x, -1).dispose() };
  }
  if (id in CONV_CASES) {
    const [n, c, hw, o] = CONV_CASES[id];
    const [xv, wv] = convInputs(CONV_CASES[id]);
    const x = tl.tensor(xv, { shape: [n, c, hw, hw] }), w = tl.tensor(wv, { shape: [o, c, 3, 3] });
    return { check: () => samples(tl.conv2d(x, w, null, { padding: 1 })), run: () => tl.conv2d(x, w, null, { padding: 1 }).dispose() };
  }
  if (id === 'mlp_step') {
    const { B, D, H, C, lr } = MLP;
    const v = mlpInputs();
    const x = tl.tensor(v.x, { shape: [B, D] }), y = tl.tensor(v.labels, { dtype: 'int32' });
    const params = [tl.tensor(v.w1, { shape: [D, H] }), tl.tensor(v.b1), tl.tensor(v.w2, { shape: [H, C] }), tl.tensor(v.b2)];
    const lossOf = (w1, b1, w2, b2) => tl.softmaxCrossEntropy(tl.add(tl.matmul(tl.relu(tl.add(tl.matmul(x, w1), b1)), w2), b2), y);
    const step = () => sgdStep(params, lossOf, lr);
    return { check: () => [step().dataSync()[0]], run: () => step().dataSync() };
  }
  if (id === 'cnn_step') {
    const { B, lr } = CNN;
    const v = cnnInputs();
    const x = tl.tensor(v.x, { shape: [B, 1, 28, 28] }), y = tl.tensor(v.labels, { dtype: 'int32' });
    const params = [tl.tensor(v.c1, { shape: [8, 1, 3, 3] }), tl.tensor(v.c2, { shape: [16, 8, 3, 3] }), tl.tensor(v.d, { shape: [784, 10] }), tl.tensor(v.db)];
    const lossOf = (c1, c2, d, db) => {
      const h1 = tl.maxPool2d(tl.relu(tl.conv2d(x, c1, null, { padding: 1 })), 2);
      const h2 = tl.maxPool2d(tl.relu(tl.conv2d(h1, c2, null, { padding: 1 })), 2);
      return tl.softmaxCrossEntropy(tl.add(tl.matmul(tl.reshape(h2, [B, 784]), d), db), y);
    };
    const step = () => sgdStep(params, lossOf, lr);
    return { check: () => [step().dataSync()[0]], run: () => step().dataSync() };
  }
  return null;
}
