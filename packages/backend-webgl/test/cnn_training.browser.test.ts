/**
 * A small MNIST-sized CNN (the image-classifier app's shape: conv 5x5 → pool → conv 5x5 →
 * pool → linear) trains on WebGL: batch 64 of 28x28 images, the loss follows the CPU
 * backend's, and memory stays flat. This exercises conv2d's gradients and max pooling's
 * backward (scatterAdd over im2col tables) at a realistic size.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as T from '@tensorloom/core';
import { CpuBackend } from '@tensorloom/backend-cpu';
import { useWebgl } from './helpers/webgl.js';

function steps(backend: string, count: number): number[] {
  const on = { backend };
  T.manualSeed(0);
  let w1 = T.keep(T.randn([8, 1, 5, 5], { ...on, std: 0.2 }).requiresGrad_());
  let w2 = T.keep(T.randn([16, 8, 5, 5], { ...on, std: 0.07 }).requiresGrad_());
  let w3 = T.keep(T.randn([16 * 7 * 7, 10], { ...on, std: 0.03 }).requiresGrad_());
  const x = T.keep(T.rand([64, 1, 28, 28], on));
  const y = T.keep(T.randint(0, 10, [64], on));
  const losses: number[] = [];
  for (let s = 0; s < count; s++) {
    const loss = T.tidy(() => {
      let h = T.maxPool2d(T.relu(T.conv2d(x, w1, null, { padding: 2 })), 2);
      h = T.maxPool2d(T.relu(T.conv2d(h, w2, null, { padding: 2 })), 2);
      return T.softmaxCrossEntropy(T.matmul(T.flatten(h, 1), w3), y);
    });
    loss.backward();
    losses.push(loss.dataSync()[0]);
    loss.dispose();
    const step = (w: T.Tensor): T.Tensor => {
      const next = T.noGrad(() => T.tidy(() => T.sub(w, T.mul(w.grad!, 0.1))));
      w.dispose();
      return T.keep(next.requiresGrad_());
    };
    [w1, w2, w3] = [step(w1), step(w2), step(w3)];
  }
  [w1, w2, w3, x, y].forEach((t) => t.dispose());
  return losses;
}

describe('a CNN on WebGL', () => {
  beforeAll(async () => {
    T.registerBackend('cpu-ref', () => new CpuBackend());
    await useWebgl();
  });
  afterAll(() => T.removeBackend('cpu-ref'));

  it('trains batch 64 of 28x28 images like the CPU backend, with flat memory', () => {
    const webglName = T.getBackend().name;
    const cpu = steps('cpu-ref', 4);
    const before = T.memory().numTensors;
    const gpu = steps(webglName, 4);
    expect(T.memory().numTensors).toBe(before);
    gpu.forEach((l, i) => expect(Math.abs(l - cpu[i])).toBeLessThan(1e-3));
    expect(gpu[3]).toBeLessThan(gpu[0]);
  }, 180_000);
});
