/**
 * Long-loop memory test: 10,000 forward/backward/SGD steps of a small MLP on the CPU backend
 * keep memory().numTensors and numBytes flat, and the WebAssembly heap too.
 */
import { describe, expect, it } from 'vitest';
import { memory, registerBackend, removeBackend, setBackend } from '@tensorloom/core';
import { trainTinyMlp } from '@tensorloom/core/testing';
import { CpuBackend } from '../src/index.js';

describe('memory over a long training loop', () => {
  it('10,000 steps of a small MLP keep memory() flat', async () => {
    const backend = new CpuBackend();
    registerBackend('cpu-soak', () => backend, 100);
    await setBackend('cpu-soak');
    const before = memory().numTensors;
    const counts: number[] = [];
    const heaps: number[] = [];
    const losses = await trainTinyMlp(10_000, (step) => {
      if (step % 1000 === 999) {
        counts.push(memory().numTensors, memory().numBytes);
        heaps.push(backend.info().wasmHeapBytes as number);
      }
    });
    expect(backend.wasm).not.toBeNull();
    expect(heaps.length).toBe(10);
    expect(new Set(heaps).size).toBe(1);
    expect(new Set(counts.filter((_, i) => i % 2 === 0)).size).toBe(1);
    expect(new Set(counts.filter((_, i) => i % 2 === 1)).size).toBe(1);
    expect(memory().numTensors).toBe(before);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] * 0.5);
    removeBackend('cpu-soak');
  }, 300_000);
});
