/**
 * exportOnnx round trips in onnxruntime-web (its WebAssembly build, one thread) inside headless
 * Chromium: a seeded MLP and CNN on the CPU backend are exported (dynamicBatch, opset 17) and
 * onnxruntime-web's outputs match Tensorloom's forward within 1e-5 (absolute + relative) at the
 * traced batch size and at another one. The .wasm comes from the onnxruntime-web package itself
 * (a Vite `?url` import), so the test fails, rather than skips, if ORT cannot be loaded.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web/wasm';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import { registerCpuBackend } from '@tensorloom/backend-cpu';
import { manualSeed, memory, randn, setBackend, tidy, type Tensor } from '@tensorloom/core';
import { Sequential, Linear, ReLU, Conv2d, MaxPool2d, Flatten } from '@tensorloom/nn';
import { exportOnnx } from '../src/index.js';
import { expectClose } from './helpers/compare.js';

beforeAll(async () => {
  registerCpuBackend();
  await setBackend('cpu');
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.wasmPaths = { wasm: wasmUrl };
});

const cases: { name: string; build: () => { model: Sequential; input: (b: number) => Tensor } }[] = [
  { name: 'MLP (Linear, ReLU)', build: () => ({
    model: new Sequential(new Linear(6, 16), new ReLU(), new Linear(16, 8), new ReLU(), new Linear(8, 4)),
    input: (b) => randn([b, 6]),
  }) },
  { name: 'CNN (Conv2d, ReLU, MaxPool2d, Flatten, Linear)', build: () => ({
    model: new Sequential(new Conv2d(2, 4, 3, { padding: 1 }), new ReLU(), new MaxPool2d(2), new Conv2d(4, 6, 3), new ReLU(), new Flatten(), new Linear(6 * 2 * 2, 3)),
    input: (b) => randn([b, 2, 8, 8]),
  }) },
];

async function runOrt(bytes: Uint8Array, x: Tensor): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  try {
    const out = await session.run({ input: new ort.Tensor('float32', new Float32Array(x.dataSync()), [...x.shape]) });
    expect(out.out.dims, 'onnxruntime-web output shape').toEqual([x.shape[0], ...out.out.dims.slice(1)]);
    return out.out.data as Float32Array;
  } finally {
    await session.release();
  }
}

describe('exportOnnx round trips in onnxruntime-web (wasm) in headless Chromium', () => {
  it('runs in a browser with onnxruntime-web loaded from the package', () => {
    expect(typeof window).toBe('object');
    expect(typeof ort.InferenceSession.create).toBe('function');
  });

  for (const c of cases) {
    it(c.name, async () => {
      manualSeed(7);
      const start = memory().numTensors;
      const { model, input } = c.build();
      model.eval();
      const x3 = input(3);
      const x5 = input(5);
      const bytes = exportOnnx((x) => model.forward(x), [x3], { inputNames: ['input'], outputNames: ['out'], dynamicBatch: true, opset: 17, weights: model.stateDict() });
      expect(bytes.length).toBeGreaterThan(0);
      for (const x of [x3, x5]) {
        const want = tidy(() => model.forward(x).dataSync());
        const got = await runOrt(bytes, x);
        let maxAbs = 0;
        for (let i = 0; i < want.length; i++) maxAbs = Math.max(maxAbs, Math.abs(got[i] - want[i]));
        console.log(`${c.name} batch ${x.shape[0]}: ${want.length} values, max |ort − tensorloom| = ${maxAbs.toExponential(2)}`);
        expect(want.some((v) => v !== 0), 'non-trivial outputs').toBe(true);
        expectClose(got, want, 1e-5, 1e-5, `${c.name}: onnxruntime-web (Chromium) at batch ${x.shape[0]}`);
      }
      x3.dispose(); x5.dispose();
      model.dispose();
      expect(memory().numTensors).toBe(start);
    });
  }
});
