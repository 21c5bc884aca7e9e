/**
 * Devices that can only render to float16 textures, simulated with tfjs's
 * WEBGL_FORCE_F16_TEXTURES (this file runs in its own page, so the flag is its own):
 * info() reports the precision, and softmax / cross-entropy stay finite.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as T from '@tensorloom/core';
import { useWebgl } from './helpers/webgl.js';

beforeAll(async () => { await useWebgl({ forceFloat16: true }); });

describe('webgl on float16 render targets', () => {
  it('reports 16-bit precision', () => {
    const info = T.getBackend().info!();
    expect(info.floatPrecision).toBe(16);
    expect(info.maxExactInteger).toBe(2048);
  });

  it('computed values really are float16 (2049 rounds to 2048)', async () => {
    const v = await T.add(T.full([256], 2049), T.ones([256])).data(); // 256 elements: computed on the GPU, not tfjs's CPU forward
    expect(v[0]).toBe(2048);
  });

  it('softmax of masked and large logits is finite and sums to 1', async () => {
    const p = T.softmax(T.tensor([[1e4, 0, -1e4, -Infinity], [3, -1e9, 2, 1], [-60000, -60001, -Infinity, -Infinity]]), -1);
    const v = Array.from(await p.data());
    expect(v.every(Number.isFinite)).toBe(true);
    expect(v.slice(0, 4)).toEqual([1, 0, 0, 0]);
    for (let r = 0; r < 3; r++) expect(Math.abs(v.slice(r * 4, r * 4 + 4).reduce((a, b) => a + b) - 1)).toBeLessThan(2e-3);
    expect(v[5]).toBe(0);
  });

  it('cross-entropy and its gradient stay finite with logits of ±1e4 and masks', async () => {
    const z = T.tensor([[1e4, -1e4, -Infinity], [0, 1, -1e9], [2, 1, 0]], { requiresGrad: true });
    const loss = T.softmaxCrossEntropy(z, T.tensor([1, 1, 0], { dtype: 'int32' }));
    const l = (await loss.data())[0];
    expect(Number.isFinite(l)).toBe(true);
    expect(Math.abs(l - (2e4 + 0.3132617 + 0.4076059) / 3)).toBeLessThan(10); // float16 keeps ~3 digits of 2e4
    loss.backward();
    expect(Array.from(await z.grad!.data()).every(Number.isFinite)).toBe(true);
  });
});
