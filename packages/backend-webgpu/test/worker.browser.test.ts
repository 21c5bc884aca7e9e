/**
 * Training inside a Web Worker on WebGPU (headless Chromium): the worker's MLP losses follow
 * the CPU backend's, run on the page, within 1e-3, and nothing leaks.
 */
import { describe, expect, it } from 'vitest';
import { registerBackend, setBackend } from '@tensorloom/core';
import { CpuBackend } from '@tensorloom/backend-cpu';
import { trainMlp } from './helpers/models.js';

interface Reply { ok: boolean; error?: string; losses: number[]; info: Record<string, unknown>; leaked: number; inWorker: boolean }

describe('webgpu in a Web Worker', () => {
  it('trains the MLP for 20 steps and follows the CPU losses', async () => {
    registerBackend('cpu-page', () => new CpuBackend({ threads: 1 }), 0);
    await setBackend('cpu-page');
    const want = await trainMlp(20);
    const worker = new Worker(new URL('./fixtures/train_worker.ts', import.meta.url), { type: 'module' });
    try {
      const reply = await new Promise<Reply>((resolve, reject) => {
        worker.onmessage = (e: MessageEvent<Reply>) => resolve(e.data);
        worker.onerror = (e) => reject(new Error(`worker failed: ${e.message}`));
        worker.postMessage({ steps: 20 });
      });
      expect(reply.error).toBeUndefined();
      expect(reply.ok).toBe(true);
      expect(reply.inWorker).toBe(true);
      expect(reply.info.kind).toBe('webgpu');
      expect(reply.leaked).toBe(0);
      expect(reply.losses).toHaveLength(20);
      for (let i = 0; i < 20; i++) expect(Math.abs(reply.losses[i] - want[i]), `step ${i}`).toBeLessThanOrEqual(1e-3);
    } finally {
      worker.terminate();
    }
  });
});
