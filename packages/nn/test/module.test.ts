/**
 * Module, Parameter and state dicts: names, train/eval, apply, strict loading errors,
 * summary, containers, and clear TensorloomErrors for bad input.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TensorloomError, memory, ones, randn, tensor, zeros } from '@tensorloom/core';
import { useTestBackend } from './helpers/backend.js';
import * as nn from '../src/index.js';

beforeAll(useTestBackend);

const mlp = (): nn.Sequential => new nn.Sequential(new nn.Linear(4, 8), new nn.BatchNorm1d(8), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(8, 3));

describe('Module', () => {
  it('names parameters and buffers like PyTorch', () => {
    const m = mlp();
    expect(m.namedParameters().map(([n]) => n)).toEqual(['0.weight', '0.bias', '1.weight', '1.bias', '4.weight', '4.bias']);
    expect(Object.keys(m.stateDict())).toEqual(['0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var', '1.num_batches_tracked', '4.weight', '4.bias']);
    expect(m.numParameters()).toBe(4 * 8 + 8 + 16 + 8 * 3 + 3);
    const lstm = new nn.LSTM(3, 4, { numLayers: 2, bidirectional: true });
    expect(lstm.namedParameters().map(([n]) => n).slice(0, 8)).toEqual([
      'weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0', 'weight_ih_l0_reverse', 'weight_hh_l0_reverse', 'bias_ih_l0_reverse', 'bias_hh_l0_reverse',
    ]);
    expect(lstm.getParameter('weight_ih_l1').shape).toEqual([16, 8]);
    expect(Object.keys(new nn.MultiheadAttention(8, 2).stateDict())).toEqual(['in_proj_weight', 'in_proj_bias', 'out_proj.weight', 'out_proj.bias']);
    [m, lstm].forEach((x) => x.dispose());
  });

  it('switches train/eval everywhere and applies functions depth first', () => {
    const m = mlp();
    m.eval();
    expect(m.modules().every((x) => !x.training)).toBe(true);
    m.train();
    expect(m.modules().every((x) => x.training)).toBe(true);
    const seen: string[] = [];
    m.apply((x) => seen.push(x.typeName));
    expect(seen).toEqual(['Linear', 'BatchNorm1d', 'ReLU', 'Dropout', 'Linear', 'Sequential']);
    m.dispose();
  });

  it('eval-mode Dropout is the identity and train-mode Dropout scales kept values', () => {
    const d = new nn.Dropout(0.25);
    const x = ones([1000]);
    const y = d.forward(x);
    const v = Array.from(y.dataSync());
    expect(v.every((a) => a === 0 || Math.abs(a - 1 / 0.75) < 1e-6)).toBe(true);
    expect(v.filter((a) => a === 0).length / 1000).toBeGreaterThan(0.18);
    expect(v.filter((a) => a === 0).length / 1000).toBeLessThan(0.32);
    d.eval();
    expect(d.forward(x)).toBe(x);
    [x, y].forEach((t) => t.dispose());
  });

  it('round-trips a state dict into a fresh model', () => {
    const a = mlp();
    const b = mlp();
    const x = randn([5, 4]);
    a.eval(); b.eval();
    b.loadStateDict(a.stateDict());
    expect(Array.from(b.forward(x).dataSync())).toEqual(Array.from(a.forward(x).dataSync()));
    [a, b].forEach((m) => m.dispose());
    x.dispose();
  });

  it('rejects state dicts with missing, unexpected and mis-shaped keys, listing them', () => {
    const m = mlp();
    const sd = { ...m.stateDict() };
    delete (sd as Record<string, unknown>)['4.bias'];
    const extra = zeros([2]);
    const bad = zeros([9, 4]);
    const dict = { ...sd, 'extra.weight': extra, '0.weight': bad };
    let err: unknown;
    try { m.loadStateDict(dict); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(TensorloomError);
    const msg = (err as Error).message;
    expect(msg).toContain('missing keys: 4.bias');
    expect(msg).toContain('unexpected keys: extra.weight');
    expect(msg).toContain('0.weight: checkpoint [9,4] vs model [8,4]');
    const ok = { ...sd };
    const res = m.loadStateDict({ ...ok, 'extra.weight': extra }, { strict: false });
    expect(res).toEqual({ missingKeys: ['4.bias'], unexpectedKeys: ['extra.weight'] });
    [extra, bad].forEach((t) => t.dispose());
    m.dispose();
  });

  it('throws clear errors on wrong input shapes', () => {
    const cases: Array<[() => unknown, RegExp]> = [
      [() => new nn.Linear(4, 2).forward(zeros([3, 5])), /Linear: expected inFeatures = 4/],
      [() => new nn.Conv2d(3, 4, 3).forward(zeros([1, 2, 5, 5])), /Conv2d: expected inChannels = 3/],
      [() => new nn.Conv2d(3, 4, 3).forward(zeros([5, 5])), /Conv2d: expected input \[N, 3, H, W\]/],
      [() => new nn.BatchNorm2d(3).forward(zeros([2, 3, 4])), /BatchNorm2d: expected input/],
      [() => new nn.LayerNorm(6).forward(zeros([2, 5])), /LayerNorm: expected input \[\.\.\., 6\]/],
      [() => new nn.Embedding(5, 2).forward(zeros([3])), /Embedding: ids must be int32/],
      [() => new nn.LSTM(3, 4).forward(zeros([2, 5, 2])), /LSTM: expected 3 input features/],
      [() => new nn.MultiheadAttention(8, 2).forward(zeros([2, 3, 6])), /MultiheadAttention: query must have 8 features/],
      [() => new nn.MultiheadAttention(8, 3), /divisible by numHeads/],
      [() => new nn.SGD([], { lr: 0.1 }), /empty parameter list/],
      [() => new nn.SGD([{ params: [] }], { lr: 0.1 }), /non-empty params array/],
      [() => nn.mseLoss(zeros([2]), zeros([3])), /mseLoss: input \[2\] and target \[3\]/],
    ];
    for (const [fn, re] of cases) {
      expect(fn).toThrow(TensorloomError);
      expect(fn).toThrow(re);
    }
  });

  it('prints a Keras-style summary', () => {
    const m = new nn.Sequential(new nn.Conv2d(1, 4, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(4 * 4 * 4, 10));
    const before = memory().numTensors;
    const s = m.summary([2, 1, 8, 8]);
    expect(memory().numTensors).toBe(before);
    expect(s).toContain('Layer (type)');
    expect(s).toMatch(/0 \(Conv2d\)\s+\[2, 4, 8, 8\]\s+40/);
    expect(s).toMatch(/2 \(MaxPool2d\)\s+\[2, 4, 4, 4\]\s+0/);
    expect(s).toMatch(/4 \(Linear\)\s+\[2, 10\]\s+650/);
    expect(s).toContain('Total params: 690');
    m.dispose();
  });

  it('ModuleList and ModuleDict register their modules', () => {
    const list = new nn.ModuleList([new nn.Linear(2, 2), new nn.Linear(2, 2)]);
    const dict = new nn.ModuleDict({ a: new nn.Linear(2, 1), b: new nn.LayerNorm(2) });
    expect(list.namedParameters().map(([n]) => n)).toEqual(['0.weight', '0.bias', '1.weight', '1.bias']);
    expect(dict.namedParameters().map(([n]) => n)).toEqual(['a.weight', 'a.bias', 'b.weight', 'b.bias']);
    expect(list.length).toBe(2);
    expect(dict.get('a')).toBeInstanceOf(nn.Linear);
    [list, dict].forEach((m) => m.dispose());
  });

  it('Parameter.assign keeps holders shared by modules and optimizers', () => {
    const fc = new nn.Linear(2, 1);
    const opt = new nn.SGD(fc.parameters(), { lr: 1 });
    fc.setParameter('weight', tensor([[1, 2]]));
    expect(opt.paramGroups[0].params[0].value.arraySync()).toEqual([[1, 2]]);
    expect(() => fc.setParameter('weight', zeros([3]))).toThrow(/shape/);
    fc.getParameter('bias').requiresGrad_(false);
    const x = tensor([[1, 1]]);
    const y = fc.forward(x).sum();
    y.backward();
    opt.step();
    expect(fc.weight.value.arraySync()).toEqual([[0, 1]]);
    expect(fc.bias!.grad).toBeNull();
    [x, y].forEach((t) => t.dispose());
    fc.dispose();
  });
});
