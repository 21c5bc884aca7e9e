/**
 * Semantics beyond the ONNX test data: the opset < 13 softmax coercion to 2-D (against a
 * float64 reference), shape arithmetic evaluated on the host (no backend op runs for it),
 * and gradients with respect to inputs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { registerCpuBackend } from '@tensorloom/backend-cpu';
import { grad, setBackend, sum, tensor, tidy, traceOps, mul, type TracedOp } from '@tensorloom/core';
import { importOnnx } from '../src/index.js';
import { int64Init, makeModel, valueInfo } from './helpers/build_model.js';
import { expectClose } from './helpers/compare.js';

beforeAll(() => { registerCpuBackend(); setBackend('cpu'); });

const values = Array.from({ length: 24 }, (_, i) => Math.sin(i * 1.7) * 3);

function softmaxRef(v: number[], rows: number): number[] {
  const n = v.length / rows;
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row = v.slice(r * n, (r + 1) * n);
    const m = Math.max(...row);
    const e = row.map((x) => Math.exp(x - m));
    const s = e.reduce((a, b) => a + b, 0);
    out.push(...e.map((x) => x / s));
  }
  return out;
}

describe('ONNX semantics', () => {
  it('Softmax before opset 13 coerces to 2-D at axis; from 13 it is one axis', () => {
    const model = (opset: number, axis: number) => importOnnx(makeModel({
      nodes: [{ op: 'Softmax', inputs: ['x'], outputs: ['y'], attrs: [{ name: 'axis', type: 2, i: axis }] }],
      inputs: [valueInfo('x', [2, 3, 4])], outputs: [valueInfo('y', [2, 3, 4])], opset,
    }));
    const x = tensor(values, { shape: [2, 3, 4] });
    for (const [opset, axis, rows] of [[11, 1, 2], [11, 0, 1], [11, 2, 6], [9, 1, 2]] as const) {
      const m = model(opset, axis);
      expectClose(tidy(() => m.run({ x }).y.dataSync()), softmaxRef(values, rows), 1e-7, 1e-6, `opset ${opset} axis ${axis}`);
      m.dispose();
    }
    // opset 13, axis 1: softmax over the 3 entries of each [i, :, k] column.
    const m13 = model(13, 1);
    const got = tidy(() => m13.run({ x }).y.dataSync());
    for (let i = 0; i < 2; i++) for (let k = 0; k < 4; k++) {
      const col = [0, 1, 2].map((j) => values[i * 12 + j * 4 + k]);
      const want = softmaxRef(col, 1);
      [0, 1, 2].forEach((j) => expect(Math.abs(got[i * 12 + j * 4 + k] - want[j])).toBeLessThan(1e-6));
    }
    m13.dispose(); x.dispose();
  });

  it('evaluates Shape → Gather → Concat → Reshape on the host', () => {
    // y = reshape(x, [shape(x)[0], -1]) the way PyTorch writes flatten.
    const bytes = makeModel({
      nodes: [
        { op: 'Shape', inputs: ['x'], outputs: ['s'] },
        { op: 'Gather', inputs: ['s', 'zero'], outputs: ['n'], attrs: [{ name: 'axis', type: 2, i: 0 }] },
        { op: 'Unsqueeze', inputs: ['n', 'axes'], outputs: ['n1'] },
        { op: 'Concat', inputs: ['n1', 'minus1'], outputs: ['shape'], attrs: [{ name: 'axis', type: 2, i: 0 }] },
        { op: 'Reshape', inputs: ['x', 'shape'], outputs: ['y'] },
      ],
      inputs: [valueInfo('x', ['N', 3, 4])], outputs: [valueInfo('y', ['N', 12])],
      initializers: [int64Init('zero', [], [0]), int64Init('axes', [1], [0]), int64Init('minus1', [1], [-1])],
    });
    const m = importOnnx(bytes);
    const x = tensor(values, { shape: [2, 3, 4] });
    const ops: TracedOp['op'][] = [];
    const y = traceOps(() => m.run({ x }).y, (t) => ops.push(t.op));
    expect(y.shape).toEqual([2, 12]);
    expect(Array.from(y.dataSync())).toEqual(Array.from(x.dataSync()));
    expect(ops).toEqual(['reshape']); // nothing but the data reshape ran on the backend
    y.dispose(); x.dispose(); m.dispose();
  });

  it('is differentiable with respect to its inputs', () => {
    const m = importOnnx(makeModel({
      nodes: [{ op: 'Mul', inputs: ['x', 'x'], outputs: ['sq'] }, { op: 'Tanh', inputs: ['sq'], outputs: ['y'] }],
      inputs: [valueInfo('x', [3])], outputs: [valueInfo('y', [3])],
    }));
    const x = tensor([0.3, -0.5, 1.2]);
    const g = grad((t) => sum(mul(m.run({ x: t }).y, 1)))(x);
    const want = [0.3, -0.5, 1.2].map((v) => 2 * v * (1 - Math.tanh(v * v) ** 2));
    expectClose(g.dataSync(), want, 1e-7, 1e-5, 'd tanh(x²)/dx');
    g.dispose(); x.dispose(); m.dispose();
  });
});
