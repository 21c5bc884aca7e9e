/**
 * ONNX's own backend tests (Debian's libonnx-testdata, ONNX 1.12): every case whose op types
 * are all supported runs on the CPU backend against ONNX's expected outputs (rtol 1e-3,
 * atol 1e-7, as ONNX's runner), except the listed out-of-scope cases. Prints pass counts by op.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCpuBackend } from '@tensorloom/backend-cpu';
import { memory, setBackend, tidy } from '@tensorloom/core';
import { importOnnx, SUPPORTED_OPS } from '../src/index.js';
import { DATA_DIR, dataSets, listCases, mismatch } from './helpers/onnx_data.js';
import { OUT_OF_SCOPE } from './node_out_of_scope.js';

const SUITES = ['node', 'pytorch-converted', 'pytorch-operator', 'simple'];
const passedByOp = new Map<string, number>();
const outOfScope: string[] = [];
let ran = 0;

beforeAll(() => { registerCpuBackend(); setBackend('cpu'); });

it('finds the ONNX test data (apt-get install libonnx-testdata)', () => {
  expect(existsSync(`${DATA_DIR}/node`), `${DATA_DIR}/node is missing: install Debian's libonnx-testdata`).toBe(true);
});

for (const suite of existsSync(`${DATA_DIR}/${SUITES[0]}`) ? SUITES : []) {
  describe(suite, () => {
    for (const c of listCases(suite)) {
      const key = `${suite}/${c.name}`;
      const unsupported = c.opTypes.filter((o) => !SUPPORTED_OPS.includes(o));
      if (unsupported.length) { outOfScope.push(`${key}: uses ${unsupported.join(', ')} (not supported)`); continue; }
      if (OUT_OF_SCOPE[key]) { outOfScope.push(`${key}: ${OUT_OF_SCOPE[key]}`); continue; }
      it(c.name, () => {
        const before = memory().numTensors;
        const model = importOnnx(c.model);
        const sets = dataSets(c);
        expect(sets.length).toBeGreaterThan(0);
        for (const ds of sets) {
          tidy(() => {
            const feeds = Object.fromEntries(model.inputs.map((spec, i) => [spec.name, ds.inputs[i].toTensor('test')]));
            const out = model.run(feeds);
            model.outputs.forEach((o, i) => {
              const t = out[o.name];
              expect(mismatch(t.dataSync(), t.shape, ds.outputs[i], 1e-3, 1e-7), `${key} output ${o.name}`).toBeNull();
            });
          });
        }
        model.dispose();
        expect(memory().numTensors).toBe(before);
        ran++;
        for (const op of c.opTypes) passedByOp.set(op, (passedByOp.get(op) ?? 0) + 1);
      });
    }
  });
}

afterAll(() => {
  const ops = [...passedByOp].sort((a, b) => a[0].localeCompare(b[0])).map(([op, n]) => `${op} ${n}`);
  console.log(`ONNX backend tests passed: ${ran} cases. Cases passed per op type:\n${ops.join(', ')}`);
  console.log(`Out of scope: ${outOfScope.length} cases\n${outOfScope.join('\n')}`);
});
