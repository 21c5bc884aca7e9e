/**
 * Tensor.to and Tensor.toAsync between a synchronous backend and one without readSync (the
 * toy backend behind an asynchronous-only read), and onto a backend whose factory is async.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TensorloomError, memory, registerBackend, removeBackend, setBackend, tensor, add, findBackend } from '@tensorloom/core';
import { createToyBackend } from './helpers/toy_backend.js';
import { AsyncTestBackend } from './helpers/async_backend.js';

describe('Tensor.to / toAsync across sync and async backends', () => {
  beforeAll(async () => {
    registerBackend('sync-toy', () => createToyBackend('sync-toy'), 50);
    registerBackend('async-toy', () => new AsyncTestBackend('async-toy', createToyBackend('async-toy-inner')), 40);
    await setBackend('sync-toy');
  });
  afterAll(() => { removeBackend('sync-toy'); removeBackend('async-toy'); removeBackend('late-toy'); });

  it('toAsync moves values from an async backend to a sync one, and back', async () => {
    const before = memory().numTensors;
    const a = tensor([[1.5, -2], [3, 4]], { backend: 'async-toy' });
    expect(a.backend.readSync).toBeUndefined();
    const s = await a.toAsync('sync-toy');
    expect(s.backend.name).toBe('sync-toy');
    expect(s.shape).toEqual([2, 2]);
    expect(s.arraySync()).toEqual([[1.5, -2], [3, 4]]);
    const back = await s.toAsync('async-toy');
    expect(back.backend.name).toBe('async-toy');
    expect(Array.from(await back.data())).toEqual([1.5, -2, 3, 4]);
    const i = await tensor([7, -8], { dtype: 'int32', backend: 'async-toy' }).toAsync('sync-toy');
    expect(i.dtype).toBe('int32');
    expect(Array.from(i.dataSync())).toEqual([7, -8]);
    for (const t of [a, s, back, i]) t.dispose();
    expect(memory().numTensors).toBe(before + 1); // the int32 source, made inline, is still alive
  });

  it('to() from an async backend says to use toAsync; to() into one works', async () => {
    const a = tensor([1, 2], { backend: 'async-toy' });
    expect(() => a.to('sync-toy')).toThrow(TensorloomError);
    expect(() => a.to('sync-toy')).toThrow(/reads asynchronously.*await x\.toAsync\('sync-toy'\)/);
    expect(() => a.dataSync()).toThrow(/backend 'async-toy' reads asynchronously; use await x\.data\(\)/);
    expect(() => a.arraySync()).toThrow(TensorloomError);
    expect(String(a)).toBe('Tensor([2], float32)'); // toString shows no values rather than reading
    const s = tensor([3, 4]);
    const moved = s.to('async-toy');
    expect(Array.from(await add(moved, tensor([1, 1], { backend: 'async-toy' })).data())).toEqual([4, 5]);
  });

  it('toAsync waits for a backend whose factory is async; to() cannot', async () => {
    registerBackend('late-toy', async () => { await new Promise((r) => setTimeout(r, 5)); return createToyBackend('late-toy'); }, 1);
    const s = tensor([5, 6]);
    expect(() => s.to('late-toy')).toThrow(/initialises asynchronously/);
    const moved = await s.toAsync('late-toy');
    expect(moved.backend).toBe(findBackend('late-toy'));
    expect(moved.arraySync()).toEqual([5, 6]);
  });

  it('toAsync onto the same backend is a clone, and the copy does not require grad', async () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const same = await w.toAsync('sync-toy');
    expect(same).not.toBe(w);
    expect(same.arraySync()).toEqual([1, 2]);
    const other = await w.toAsync('async-toy');
    expect(other.requiresGrad).toBe(false);
    const gone = tensor([1]);
    gone.dispose();
    await expect(gone.toAsync('async-toy')).rejects.toThrow(/already disposed/);
  });
});
