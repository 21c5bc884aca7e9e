/**
 * Every layer, loss and the Mixture-of-Softmaxes layer against PyTorch: the torch state
 * dict is loaded into the Tensorloom module, and the forward outputs, the parameter
 * gradients and the input gradients of Σ out·cotangent must match within 1e-5.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { memory, mul, tidy, type Tensor } from '@tensorloom/core';
import { useTestBackend } from './helpers/backend.js';
import { expectClose, fromFixture, loadFixture } from './helpers/fixtures.js';
import { buildCase, made, type LayerCase } from './helpers/cases.js';

const { cases } = loadFixture<{ cases: LayerCase[] }>('nn_layers.json');

beforeAll(useTestBackend);

describe('layers and losses match PyTorch', () => {
  it('has the fixture cases', () => { expect(cases.length).toBeGreaterThan(50); });

  it.each(cases.map((k) => [k.name, k] as const))('%s', (_name, k) => {
    const before = memory().numTensors;
    const { module, run } = buildCase(k);
    if (module) {
      const state = Object.fromEntries(Object.entries(k.state).map(([n, e]) => [n, fromFixture(e)]));
      module.loadStateDict(state);
      Object.values(state).forEach((t) => t.dispose());
      module.train(k.train);
    }
    const inputs: Record<string, Tensor> = {};
    for (const [n, e] of Object.entries(k.inputs)) {
      const t = fromFixture(e);
      if (k.grads[n]) t.requiresGrad_();
      inputs[n] = t;
    }
    const outs = run(module, inputs);
    expect(outs.length, 'number of outputs').toBe(k.outputs.length);
    outs.forEach((o, i) => expectClose(o, k.outputs[i], `${k.name} output ${i}`));
    const total = tidy(() => outs.map((o, i) => mul(o, fromFixture(k.cotangents[i])).sum()).reduce((a, b) => a.add(b)));
    total.backward();
    for (const [n, g] of Object.entries(k.grads)) {
      const actual = n in inputs ? inputs[n].grad : module!.getParameter(n).grad;
      expect(actual, `gradient of ${n}`).not.toBeNull();
      expectClose(actual!, g, `${k.name} d/d${n}`, 1e-5, 1e-5);
    }
    for (const [n, b] of Object.entries(k.buffersAfter ?? {})) expectClose(module!.getBuffer(n), b, `${k.name} buffer ${n}`);
    total.dispose();
    outs.forEach((o) => o.dispose());
    Object.values(inputs).forEach((t) => t.dispose());
    module?.dispose();
    made.splice(0).forEach((t) => t.dispose());
    expect(memory().numTensors, 'no tensors leak').toBe(before);
  });
});
