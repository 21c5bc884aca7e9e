// onnxruntime as a bench peer: ORT_KIND = web (WebAssembly, ORT_THREADS threads) or node
// (native, ORT_THREADS intra-op threads). Graphs come from make_onnx_models.py (bench/models);
// the MLP step is the hand-derived training graph run as inference. No CNN training.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONV_CASES, MLP, convInputs, matmulInputs, mlpInputs, samplePositions, softmaxInput } from '../workloads.mjs';

const kind = process.env.ORT_KIND ?? 'web';
const threads = Number(process.env.ORT_THREADS ?? 2);
const models = fileURLToPath(new URL('../models/', import.meta.url));
let ort;

export async function init() {
  ort = kind === 'node' ? await import('onnxruntime-node') : await import('onnxruntime-web');
  if (kind === 'web') {
    ort.env.wasm.numThreads = threads;
    ort.env.wasm.simd = true;
  }
  return { kind, threads };
}

async function session(name) {
  const path = `${models}${name}.onnx`;
  if (!existsSync(path)) return null;
  const opts = kind === 'node' ? { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential' } : { executionProviders: ['wasm'] };
  return ort.InferenceSession.create(path, opts);
}

const sample = (d) => samplePositions(d.length).map((i) => d[i]);

export async function workload(id) {
  const T = (v, shape) => new ort.Tensor('float32', v, shape);
  if (id.startsWith('matmul_')) {
    const n = Number(id.slice(7));
    const s = await session(id);
    const [a, b] = matmulInputs(n);
    const feeds = { a: T(a, [n, n]), b: T(b, [n, n]) };
    return { check: async () => sample((await s.run(feeds)).c.data), run: () => s.run(feeds) };
  }
  if (id.startsWith('softmax_')) {
    const [r, c] = id.slice(8).split('x').map(Number);
    const s = await session(id);
    const feeds = { x: T(softmaxInput(r, c), [r, c]) };
    return { check: async () => sample((await s.run(feeds)).y.data), run: () => s.run(feeds) };
  }
  if (id in CONV_CASES) {
    const [n, c, hw, o] = CONV_CASES[id];
    const s = await session(id);
    const [x, w] = convInputs(CONV_CASES[id]);
    const feeds = { x: T(x, [n, c, hw, hw]), w: T(w, [o, c, 3, 3]) };
    return { check: async () => sample((await s.run(feeds)).y.data), run: () => s.run(feeds) };
  }
  if (id === 'mlp_step') {
    const { B, D, H, C } = MLP;
    const s = await session('mlp_train_step');
    const v = mlpInputs();
    const y = new Float32Array(B * C);
    v.labels.forEach((t, i) => { y[i * C + t] = 1; });
    const feeds = { x: T(v.x, [B, D]), y: T(y, [B, C]), w1: T(v.w1, [D, H]), b1: T(v.b1, [H]), w2: T(v.w2, [H, C]), b2: T(v.b2, [C]) };
    const step = async () => {
      const r = await s.run(feeds);
      feeds.w1 = r.w1_new; feeds.b1 = r.b1_new; feeds.w2 = r.w2_new; feeds.b2 = r.b2_new;
      return r.loss.data[0];
    };
    return { check: async () => [await step()], run: step };
  }
  return null;
}
