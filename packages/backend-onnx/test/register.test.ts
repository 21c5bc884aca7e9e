/**
 * registerOnnxBackend: registers `onnx` (or a given name) whose factory loads onnxruntime-node,
 * passes the threads on, and rejects bad options with TensorloomErrors that say what to fix.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as T from '@tensorloom/core';
import { OnnxBackend, registerOnnxBackend } from '../src/index.js';
import { ortNode } from './helpers.js';

describe('registerOnnxBackend', () => {
  afterAll(() => { T.removeBackend('onnx'); T.removeBackend('onnx-two'); });

  it('registers onnx on onnxruntime-node, low priority, loaded on first use', async () => {
    registerOnnxBackend({ runtime: 'node', threads: 1 });
    expect(T.listBackends()).toContain('onnx');
    await T.setBackend('onnx');
    const b = T.getBackend() as OnnxBackend;
    expect(b).toBeInstanceOf(OnnxBackend);
    expect(b.info()).toMatchObject({ runtime: 'onnxruntime', threads: 1, opset: 17 });
    const y = T.tensor([[1, 2], [3, 4]]).matmul(T.tensor([[1], [1]]));
    expect(Array.from(await y.data())).toEqual([3, 7]);
    expect(() => y.dataSync()).toThrow(/reads asynchronously; use await x.data\(\)/);
    y.dispose();
  });

  it('takes a name, and the default runtime in Node is node', async () => {
    registerOnnxBackend({ name: 'onnx-two', priority: -1 });
    await T.setBackend('onnx-two');
    expect(T.getBackend().name).toBe('onnx-two');
    expect(await T.tensor([2]).mul(3).item()).toBe(6);
  });

  it("passes the threads and spinning (off unless asked) to onnxruntime's sessions", async () => {
    const seen: unknown[] = [];
    const capturing = { Tensor: ortNode.Tensor, InferenceSession: { create: (m: Uint8Array, o?: unknown) => { seen.push(o); return ortNode.InferenceSession.create(m, o as never); } } };
    for (const spinning of [undefined, true]) {
      const b = new OnnxBackend({ ort: capturing, threads: 1, ...(spinning === undefined ? {} : { spinning }), name: 'onnx-spin' });
      T.registerBackend('onnx-spin', () => b, -1);
      await T.setBackend('onnx-spin');
      expect(await T.tensor([2]).mul(T.tensor([3])).item()).toBe(6);
      expect(b.info()).toMatchObject({ threads: 1, spinning: spinning ?? false });
      T.removeBackend('onnx-spin');
      b.destroy();
    }
    expect(seen).toMatchObject([
      { intraOpNumThreads: 1, extra: { session: { intra_op: { allow_spinning: '0' } } } },
      { intraOpNumThreads: 1, extra: { session: { intra_op: { allow_spinning: '1' } } } },
    ]);
  });

  it('rejects bad options', () => {
    expect(() => registerOnnxBackend({ runtime: 'python' as 'node' })).toThrow(/runtime must be 'node' or 'web'/);
    expect(() => new OnnxBackend({ ort: {} as never })).toThrow(/pass the onnxruntime module/);
    expect(() => new OnnxBackend({ ort: ortNode, threads: 0 })).toThrow(/threads must be an integer from 1 to 256/);
    expect(() => new OnnxBackend({ ort: ortNode, cacheSize: 0 })).toThrow(/cacheSize must be a positive integer/);
    expect(() => new OnnxBackend({ ort: ortNode, maxPendingNodes: 1.5 })).toThrow(/maxPendingNodes must be a positive integer/);
    expect(() => new OnnxBackend({ ort: ortNode, spinning: 'no' as unknown as boolean })).toThrow(/spinning must be true or false, got no/);
  });
});
