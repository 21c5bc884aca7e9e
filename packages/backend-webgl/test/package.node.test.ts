/** Node-side checks: importing registers nothing, and creating the backend without WebGL fails clearly. */
import { describe, expect, it } from 'vitest';
import { listBackends } from '@tensorloom/core';

describe('@tensorloom/backend-webgl in Node', () => {
  it('importing the package registers nothing', async () => {
    const before = listBackends();
    const mod = await import('@tensorloom/backend-webgl');
    expect(typeof mod.registerWebglBackend).toBe('function');
    expect(listBackends()).toEqual(before);
  });

  it('without WebGL, createWebglBackend rejects with a TensorloomError', async () => {
    const { createWebglBackend } = await import('@tensorloom/backend-webgl');
    await expect(createWebglBackend()).rejects.toThrow(/webgl: .*use another backend/);
  });

  it('the kernel table covers every primitive', async () => {
    const { webglKernels } = await import('@tensorloom/backend-webgl');
    const { PRIMITIVE_NAMES } = await import('@tensorloom/core');
    for (const p of PRIMITIVE_NAMES) expect(typeof webglKernels[p], p).toBe('function');
  });
});
