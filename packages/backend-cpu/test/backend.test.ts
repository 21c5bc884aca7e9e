/**
 * The CpuBackend object: storage copies on write/read, dtype conversion on write, complete
 * kernel tables, and registration only on request (importing the package registers nothing).
 */
import { describe, expect, it } from 'vitest';
import { COMPOSED_OP_NAMES, PRIMITIVE_NAMES, TensorloomError, listBackends, removeBackend } from '@tensorloom/core';
import { CpuBackend, registerCpuBackend } from '../src/index.js';

describe('CpuBackend storage', () => {
  it('write copies the caller values and read/readSync return copies', async () => {
    const b = new CpuBackend();
    const values = new Float32Array([1, 2, 3, 4]);
    const data = b.write(values, [2, 2], 'float32');
    values[0] = 99;
    expect(Array.from(data)).toEqual([1, 2, 3, 4]);
    const info = { data, shape: [2, 2], dtype: 'float32' as const };
    const r = await b.read(info);
    r[1] = -1;
    const s = b.readSync(info);
    s[2] = -1;
    expect(Array.from(data)).toEqual([1, 2, 3, 4]);
    expect(r).toBeInstanceOf(Float32Array);
    expect(Array.from(s)).toEqual([1, 2, -1, 4]);
    b.disposeData(data);
  });

  it('write stores each dtype in its typed array (bools as 0/1) and checks the length', () => {
    const b = new CpuBackend();
    const i = b.write(new Int32Array([5, -6]), [2], 'int32');
    expect(i).toBeInstanceOf(Int32Array);
    const bools = b.write(new Uint8Array([0, 2, 1]), [3], 'bool');
    expect(bools).toBeInstanceOf(Uint8Array);
    expect(Array.from(bools)).toEqual([0, 1, 1]);
    const scalar = b.write(new Float32Array([7]), [], 'float32');
    expect(Array.from(scalar)).toEqual([7]);
    expect(b.write(new Float32Array(0), [0, 4], 'float32').length).toBe(0);
    expect(() => b.write(new Float32Array(3), [2, 2], 'float32')).toThrow(TensorloomError);
  });

  it('has a kernel for every primitive and a fused kernel for every composed op', () => {
    const b = new CpuBackend();
    for (const p of PRIMITIVE_NAMES) expect(typeof b.kernels[p]).toBe('function');
    for (const c of COMPOSED_OP_NAMES) expect(typeof b.fused[c]).toBe('function');
    expect(b.name).toBe('cpu');
    expect(b.info()).toMatchObject({ floatPrecision: 32 });
  });
});

describe('registration', () => {
  it('importing registers nothing; registerCpuBackend registers "cpu"', () => {
    expect(listBackends()).not.toContain('cpu');
    registerCpuBackend(5);
    expect(listBackends()).toContain('cpu');
    removeBackend('cpu');
    expect(listBackends()).not.toContain('cpu');
  });
});
