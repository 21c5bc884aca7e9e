// Tensorloom's CPU backend as a bench peer (TENSORLOOM_WASM=0 runs the JavaScript kernels,
// TENSORLOOM_THREADS=n sets the worker count).
import * as tl from '@tensorloom/core';
import { registerCpuBackend } from '@tensorloom/backend-cpu';
import { CONV_CASES, convInputs, matmulInputs, samplePositions, softmaxInput } from '../workloads.mjs';
import { cnnTrainingStep, mlpTrainingStep } from '../tensorloom_steps.mjs';

export async function init() {
  const threads = process.env.TENSORLOOM_THREADS ? Number(process.env.TENSORLOOM_THREADS) : undefined;
  registerCpuBackend({ wasm: process.env.TENSORLOOM_WASM !== '0', threads });
  await tl.setBackend('cpu');
  return tl.getBackend().info?.() ?? {};
}

const samples = (t) => { const d = t.dataSync(); return samplePositions(d.length).map((i) => d[i]); };

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
  if (id === 'mlp_step' || id === 'cnn_step') {
    const { step } = id === 'mlp_step' ? mlpTrainingStep() : cnnTrainingStep();
    return { check: () => [step().dataSync()[0]], run: () => step().dataSync() };
  }
  return null;
}
