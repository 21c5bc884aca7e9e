import { describe, expect, it } from 'vitest';
import { registerBackend, setBackend, tensor, softmax, grad, memory, tidy, matmul, softmaxCrossEntropy, conv2d, randn, manualSeed } from '@tensorloom/core';
import { createToyBackend } from './helpers/toy_backend.js';

describe('smoke', () => {
  it('runs', async () => {
    registerBackend('toy', () => createToyBackend());
    await setBackend('toy');
    const x = tensor([[1000, -1000, 0]]);
    expect(await softmax(x).array()).toEqual([[1, 0, 0]]);
    const d2 = grad(grad((t) => t.pow(3).sum()));
    expect(await d2(tensor(2)).item()).toBeCloseTo(12);
    const w = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const l = matmul(w, tensor([[1], [1]])).sum();
    l.backward();
    expect(await w.grad!.array()).toEqual([[1, 1], [1, 1]]);
    const logits = tensor([[1, 2, 3], [1, 1, 1]], { requiresGrad: true });
    const ce = softmaxCrossEntropy(logits, tensor([2, 0], { dtype: 'int32' }));
    ce.backward();
    console.log(await ce.item(), await logits.grad!.array());
    manualSeed(1);
    const img = randn([1, 2, 5, 5]);
    const k = randn([3, 2, 3, 3]);
    console.log((await conv2d(img, k, null, { padding: 1 }).array()));
    console.log(memory());
  });
});
