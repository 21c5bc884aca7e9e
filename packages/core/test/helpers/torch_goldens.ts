/**
 * PyTorch golden fixtures (made by scripts/goldens/generate_core_goldens.py with Debian's
 * python3-torch) replayed on a backend: forward values and vector-Jacobian products of the
 * softmax family, cross-entropy, conv2d, pooling, matmul and activations.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import * as T from '@tensorloom/core';
import type { Backend, Tensor } from '@tensorloom/core';
import { mismatch } from '@tensorloom/core/testing';

type Num = number | 'NaN' | 'Infinity' | '-Infinity';
interface Fixture { shape: number[]; dtype?: 'float32' | 'int32'; data: Num[] }
interface GoldenCase {
  name: string; op: string; attrs: Record<string, unknown>;
  inputs: Fixture[]; output: Fixture; cotangent: Fixture; grads: Array<Fixture | null>;
}

const file = fileURLToPath(new URL('../fixtures/torch_core_goldens.json', import.meta.url));
const goldens = JSON.parse(readFileSync(file, 'utf8')) as { torch: string; cases: GoldenCase[] };

const num = (v: Num): number => (typeof v === 'number' ? v : Number(v));
const values = (f: Fixture): number[] => f.data.map(num);

/** Runs the Tensorloom op that a fixture names. */
function runOp(c: GoldenCase, xs: Tensor[]): Tensor {
  const a = c.attrs as Record<string, never>;
  switch (c.op) {
    case 'softmax': return T.softmax(xs[0], a.axis);
    case 'logSoftmax': return T.logSoftmax(xs[0], a.axis);
    case 'logsumexp': return T.logsumexp(xs[0], a.axes, a.keepDims);
    case 'softmaxCrossEntropy':
      return T.softmaxCrossEntropy(xs[0], xs[1], { axis: a.axis, reduction: a.reduction, labelSmoothing: a.labelSmoothing, ignoreIndex: a.ignoreIndex, weight: xs[2] });
    case 'conv2d': return T.conv2d(xs[0], xs[1], xs[2] ?? null, { stride: a.stride, padding: a.padding, dilation: a.dilation, groups: a.groups });
    case 'maxPool2d': return T.maxPool2d(xs[0], a.kernelSize, { stride: a.stride, padding: a.padding });
    case 'avgPool2d': return T.avgPool2d(xs[0], a.kernelSize, { stride: a.stride, padding: a.padding, countIncludePad: a.countIncludePad });
    case 'matmul': return T.matmul(xs[0], xs[1]);
    case 'relu': return T.relu(xs[0]);
    case 'leakyRelu': return T.leakyRelu(xs[0], a.negativeSlope);
    case 'elu': return T.elu(xs[0], a.alpha);
    case 'gelu': return T.gelu(xs[0], { approximate: a.approximate });
    case 'sigmoid': return T.sigmoid(xs[0]);
    case 'tanh': return T.tanh(xs[0]);
    case 'silu': return T.silu(xs[0]);
    case 'softplus': return T.softplus(xs[0], { beta: a.beta, threshold: a.threshold });
    default: throw new Error(`fixture op '${c.op}' has no mapping`);
  }
}

/** Tolerance: 1e-5 relative, plus a small absolute floor for values near 0. */
const RTOL = 1e-5;
const ATOL = 1e-6;

export function torchGoldenTests(name: string, createBackend: () => Backend): void {
  describe(`PyTorch ${goldens.torch} goldens on ${name}`, () => {
    beforeAll(async () => {
      T.registerBackend(name, createBackend, 100);
      await T.setBackend(name);
    });
    afterAll(() => T.removeBackend(name));

    it('has fixtures for every op family', () => {
      const ops = new Set(goldens.cases.map((c) => c.op));
      for (const op of ['softmax', 'logSoftmax', 'logsumexp', 'softmaxCrossEntropy', 'conv2d', 'maxPool2d', 'avgPool2d', 'matmul', 'gelu', 'softplus']) {
        expect(ops.has(op), op).toBe(true);
      }
    });

    for (const c of goldens.cases) {
      it(c.name, async () => {
        T.startScope();
        try {
          const xs = c.inputs.map((f, i) => {
            const t = T.tensor(values(f), { shape: f.shape, dtype: f.dtype ?? 'float32' });
            return c.grads[i] ? t.requiresGrad_() : t;
          });
          const y = runOp(c, xs);
          expect(y.shape).toEqual(c.output.shape);
          const bad = mismatch(await y.data(), values(c.output), RTOL, ATOL);
          expect(bad, `forward of ${c.name}`).toBeNull();
          if (c.grads.some((g) => g)) {
            y.backward(T.tensor(values(c.cotangent), { shape: c.cotangent.shape }));
            for (let i = 0; i < xs.length; i++) {
              const want = c.grads[i];
              if (!want) continue;
              const got = xs[i].grad;
              expect(got, `gradient of input ${i}`).not.toBeNull();
              const badGrad = mismatch(await got!.data(), values(want), RTOL, ATOL);
              expect(badGrad, `gradient of input ${i} of ${c.name}`).toBeNull();
            }
          }
        } finally {
          T.endScope();
        }
      });
    }
  });
}
