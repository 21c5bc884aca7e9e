/**
 * safetensors: round trips, a file built by hand from the format's definition, and untrusted
 * input (every truncation and byte corruption is a TensorloomError or a valid read, never a
 * crash or an oversized allocation); atomic writes keep the previous good file.
 */
import { mkdtemp, readFile, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerBackend, setBackend, tensor, TensorloomError } from '@tensorloom/core';
import { CpuBackend } from '@tensorloom/backend-cpu';
import { readSafetensors, tensorsToSafetensors, writeSafetensors } from '../src/index.js';
import { loadSafetensorsFile, writeFileAtomic } from '../src/node.js';

beforeAll(async () => {
  registerBackend('cpu', () => new CpuBackend());
  await setBackend('cpu');
});

/** A file assembled byte by byte from the specification (not by our writer). */
function handMade(): Uint8Array {
  const header = JSON.stringify({
    __metadata__: { format: 'pt' },
    b: { dtype: 'I64', shape: [2], data_offsets: [8, 24] },
    a: { dtype: 'F16', shape: [2, 2], data_offsets: [0, 8] },
    c: { dtype: 'BF16', shape: [1], data_offsets: [24, 26] },
  });
  const hb = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + hb.length + 26);
  const v = new DataView(out.buffer);
  v.setBigUint64(0, BigInt(hb.length), true);
  out.set(hb, 8);
  const d = 8 + hb.length;
  [0x3c00, 0xc000, 0x3800, 0x7c00].forEach((h, i) => v.setUint16(d + 2 * i, h, true)); // 1, -2, 0.5, inf
  v.setBigInt64(d + 8, 7n, true);
  v.setBigInt64(d + 16, -3n, true);
  v.setUint16(d + 24, 0x4049, true); // bf16 3.140625
  return out;
}

describe('safetensors', () => {
  it('round-trips float32, int32 and bool tensors with metadata', async () => {
    const bytes = await tensorsToSafetensors({
      'fc.weight': tensor([[1.5, -2], [3.25, 1e-8]]),
      'steps': tensor([3], { dtype: 'int32' }),
      'mask': tensor([true, false, true]),
    }, { epoch: '2' });
    expect((new DataView(bytes.buffer).getUint32(0, true) + 8) % 8).toBe(0);
    const { tensors, metadata } = readSafetensors(bytes);
    expect(metadata).toEqual({ epoch: '2' });
    expect([...tensors.keys()].sort()).toEqual(['fc.weight', 'mask', 'steps']);
    expect(Array.from(tensors.get('fc.weight')!.data)).toEqual(Array.from(new Float32Array([1.5, -2, 3.25, 1e-8])));
    expect(tensors.get('fc.weight')!.shape).toEqual([2, 2]);
    expect(tensors.get('steps')!.dtype).toBe('int32');
    expect(Array.from(tensors.get('mask')!.data)).toEqual([1, 0, 1]);
  });
  it('reads a file built from the specification (F16, I64, BF16)', () => {
    const { tensors, metadata } = readSafetensors(handMade());
    expect(metadata).toEqual({ format: 'pt' });
    expect(Array.from(tensors.get('a')!.data)).toEqual([1, -2, 0.5, Infinity]);
    expect(Array.from(tensors.get('b')!.data)).toEqual([7, -3]);
    expect(tensors.get('b')!.dtype).toBe('int32');
    expect(tensors.get('c')!.data[0]).toBe(3.140625);
  });
  it('rejects every truncation with a TensorloomError', () => {
    const bytes = writeSafetensors({ w: { dtype: 'float32', shape: [3, 3], data: new Float32Array(9).fill(2) } });
    for (let n = 0; n < bytes.length; n++) {
      expect(() => readSafetensors(bytes.subarray(0, n)), `truncated to ${n}`).toThrow(TensorloomError);
    }
  });
  it('survives random corruption: a TensorloomError or a valid read, never another error', () => {
    const good = handMade();
    let seed = 12345;
    const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    let rejected = 0;
    for (let trial = 0; trial < 2000; trial++) {
      const bad = good.slice();
      const flips = 1 + Math.floor(rnd() * 3);
      for (let f = 0; f < flips; f++) bad[Math.floor(rnd() * bad.length)] = Math.floor(rnd() * 256);
      try { readSafetensors(bad); } catch (e) { expect(e).toBeInstanceOf(TensorloomError); rejected++; }
    }
    expect(rejected).toBeGreaterThan(100);
  });
  it('rejects a header length larger than the file, overlapping ranges and bad shapes', () => {
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setBigUint64(0, 2n ** 60n, true);
    expect(() => readSafetensors(huge)).toThrow(/header claims/);
    const make = (header: object, dataBytes: number): Uint8Array => {
      const hb = new TextEncoder().encode(JSON.stringify(header));
      const out = new Uint8Array(8 + hb.length + dataBytes);
      new DataView(out.buffer).setBigUint64(0, BigInt(hb.length), true);
      out.set(hb, 8);
      return out;
    };
    expect(() => readSafetensors(make({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, 8))).toThrow(/overlap/);
    expect(() => readSafetensors(make({ a: { dtype: 'F32', shape: [1e9, 1e9], data_offsets: [0, 8] } }, 8))).toThrow(/needs .* bytes/);
    expect(() => readSafetensors(make({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, 4))).toThrow(/non-negative/);
    expect(() => readSafetensors(make({ a: { dtype: 'Q4', shape: [1], data_offsets: [0, 4] } }, 4))).toThrow(/supported/);
    expect(() => readSafetensors(make({ a: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, 0))).toThrow(/outside/);
  });
  it('atomic writes keep the previous file when a write fails, and leave no temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tl-st-'));
    const path = join(dir, 'model.safetensors');
    const first = writeSafetensors({ w: { dtype: 'float32', shape: [1], data: new Float32Array([1]) } });
    await writeFileAtomic(path, first);
    const { tensors } = await loadSafetensorsFile(path);
    expect(tensors.get('w')!.data[0]).toBe(1);
    const failing = { byteLength: 10 } as unknown as Uint8Array; // not writable: the write throws
    await expect(writeFileAtomic(path, failing)).rejects.toThrow();
    expect(new Uint8Array(await readFile(path))).toEqual(first);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await writeFile(path, first.subarray(0, 20));
    await expect(loadSafetensorsFile(path)).rejects.toThrow(TensorloomError);
    await expect(loadSafetensorsFile(join(dir, 'missing.safetensors'))).rejects.toThrow(/cannot read/);
  });
});
