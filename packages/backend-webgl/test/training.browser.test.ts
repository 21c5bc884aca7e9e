/**
 * Training on WebGL: a small MLP follows the CPU backend's loss curve, and 1,000 steps keep
 * both Tensorloom's memory() and tfjs's own tensor count flat.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as T from '@tensorloom/core';
import { registerCpuBackend } from '@tensorloom/backend-cpu';
import { useWebgl } from './helpers/webgl.js';
import { trainMlp } from './helpers/mlp.js';

beforeAll(async () => {
  await useWebgl();
  registerCpuBackend(0);
});

describe('training on webgl', () => {
  it('a small MLP follows the CPU loss curve within 1e-3 over 50 steps', async () => {
    await T.setBackend('cpu');
    const cpu = await trainMlp(50);
    await T.setBackend('webgl');
    const gl = await trainMlp(50);
    expect(gl.losses).toHaveLength(50);
    gl.losses.forEach((l, i) => expect(Math.abs(l - cpu.losses[i]), `step ${i}: ${l} vs ${cpu.losses[i]}`).toBeLessThanOrEqual(1e-3));
    expect(gl.losses[49]).toBeLessThan(gl.losses[0] * 0.5);
  });

  it('1,000 steps keep memory() and tf.memory().numTensors flat', async () => {
    await T.setBackend('webgl');
    const seen: Array<{ tl: number; bytes: number; tf: number }> = [];
    await trainMlp(1000, (step) => {
      if (step % 100 === 9) seen.push({ tl: T.memory().numTensors, bytes: T.memory().numBytes, tf: tf.memory().numTensors });
    });
    expect(seen).toHaveLength(10);
    for (const s of seen) expect(s).toEqual(seen[0]);
    // Every Tensorloom buffer on this backend is exactly one tfjs tensor.
    expect(T.memory().backends.webgl?.numDataBuffers).toBe(tf.memory().numTensors);
  }, 300_000);
});
