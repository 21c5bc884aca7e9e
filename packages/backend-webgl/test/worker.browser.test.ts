/** A training step inside a Web Worker on the WebGL backend (tfjs uses an OffscreenCanvas there). */
import { describe, expect, it } from 'vitest';

interface Reply { ok: boolean; error?: string; losses: number[]; info: Record<string, unknown>; leaked: number; offscreen: boolean; inWorker: boolean }

describe('webgl in a Web Worker', () => {
  it('trains the MLP for 5 steps through OffscreenCanvas', async () => {
    const worker = new Worker(new URL('./fixtures/train_worker.ts', import.meta.url), { type: 'module' });
    try {
      const reply = await new Promise<Reply>((resolve, reject) => {
        worker.onmessage = (e: MessageEvent<Reply>) => resolve(e.data);
        worker.onerror = (e) => reject(new Error(`worker failed: ${e.message}`));
        worker.postMessage({ steps: 5 });
      });
      expect(reply.error).toBeUndefined();
      expect(reply.ok).toBe(true);
      expect(reply.inWorker).toBe(true);
      expect(reply.offscreen).toBe(true);
      expect(reply.info.backend).toBe('webgl');
      expect(reply.info.webglVersion).toBe(2);
      expect(reply.losses).toHaveLength(5);
      expect(reply.losses.every(Number.isFinite)).toBe(true);
      expect(reply.losses[4]).toBeLessThan(reply.losses[0]);
      expect(reply.leaked).toBe(0);
    } finally {
      worker.terminate();
    }
  });
});
