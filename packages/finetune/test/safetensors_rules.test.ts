/**
 * The safetensors reader's rules (those of huggingface/safetensors's `Metadata::validate`,
 * with duplicate keys refused): zero-length tensors, `__proto__` keys, duplicates,
 * `__metadata__`'s type, gaps and trailing bytes; float64 overflow; and pathological headers
 * that must fail in the bounded pre-scan, before `JSON.parse` ever sees them.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TensorloomError } from '@tensorloom/core';
import { readSafetensors, writeSafetensors } from '../src/index.js';

/** A file from a header text and a data section of `dataBytes` bytes (filled by `fill`). */
function file(header: string | Uint8Array, dataBytes = 0, fill?: (d: DataView) => void): Uint8Array {
  const hb = typeof header === 'string' ? new TextEncoder().encode(header) : header;
  const out = new Uint8Array(8 + hb.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(hb.length), true);
  out.set(hb, 8);
  fill?.(new DataView(out.buffer, 8 + hb.length));
  return out;
}

const err = (fn: () => unknown): string => {
  try { fn(); } catch (e) { expect(e).toBeInstanceOf(TensorloomError); return (e as Error).message; }
  throw new Error('expected a TensorloomError');
};

const F32 = (begin: number, end: number, shape = [(end - begin) / 4]): object => ({ dtype: 'F32', shape, data_offsets: [begin, end] });

describe('safetensors rules', () => {
  it('zero-length tensors round-trip whatever the key order (the writer\'s own output)', () => {
    const bytes = writeSafetensors({
      '10': { dtype: 'float32', shape: [0], data: new Float32Array(0) },
      '2': { dtype: 'float32', shape: [2], data: new Float32Array([1, 2]) },
      'a': { dtype: 'int32', shape: [3, 0], data: new Int32Array(0) },
    });
    const { tensors } = readSafetensors(bytes);
    expect(Array.from(tensors.get('2')!.data)).toEqual([1, 2]);
    expect([tensors.get('10')!.shape, tensors.get('10')!.data.length, tensors.get('a')!.shape]).toEqual([[0], 0, [3, 0]]);
    // Hand-made: zero-length entries at the start, the middle and the end of the data.
    const { tensors: t } = readSafetensors(file(JSON.stringify({ z: F32(8, 8), b: F32(0, 8), y: F32(0, 0), x: F32(8, 8), c: F32(8, 12) }), 12));
    expect([...t.keys()].sort()).toEqual(['b', 'c', 'x', 'y', 'z']);
  });

  it('keeps a __proto__ key as an ordinary key, in __metadata__ and as a tensor name', () => {
    const { metadata } = readSafetensors(file('{"__metadata__":{"__proto__":"x","format":"pt"}}'));
    expect(Object.hasOwn(metadata, '__proto__')).toBe(true);
    expect([metadata.__proto__ as unknown, metadata.format]).toEqual(['x', 'pt']);
    const tensors = Object.defineProperty({}, '__proto__', { value: { dtype: 'float32', shape: [1], data: new Float32Array([5]) }, enumerable: true });
    const back = readSafetensors(writeSafetensors(tensors, Object.defineProperty({}, '__proto__', { value: 'm', enumerable: true })));
    expect(back.tensors.get('__proto__')!.data[0]).toBe(5);
    expect(Object.hasOwn(back.metadata, '__proto__')).toBe(true);
  });

  it('refuses duplicate keys anywhere in the header (the reference keeps the last tensor silently)', () => {
    expect(err(() => readSafetensors(file('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', 4)))).toMatch(/the key "a" twice/);
    expect(err(() => readSafetensors(file('{"__metadata__":{"k":"1","k":"2"}}')))).toMatch(/the key "k" twice in one object/);
    expect(err(() => readSafetensors(file('{"__metadata__":{},"__metadata__":{}}')))).toMatch(/"__metadata__" twice/);
    expect(err(() => readSafetensors(file('{"a":{"dtype":"F32","dtype":"F32","shape":[1],"data_offsets":[0,4]}}', 4)))).toMatch(/"dtype" twice/);
    // The same key spelled with an escape is the same key.
    expect(err(() => readSafetensors(file('{"__metadata__":{"k":"1","\\u006b":"2"}}')))).toMatch(/"k" twice/);
  });

  it('__metadata__ is absent, null or an object of strings', () => {
    expect(err(() => readSafetensors(file('{"__metadata__":["a"]}')))).toMatch(/__metadata__ must be an object of strings, got an array/);
    expect(err(() => readSafetensors(file('{"__metadata__":{"n":1}}')))).toMatch(/__metadata__\.n must be a string/);
    expect(err(() => readSafetensors(file('{"__metadata__":"x"}')))).toMatch(/got string/);
    expect(Object.keys(readSafetensors(file('{"__metadata__":null}')).metadata)).toEqual([]);
  });

  it('the tensors tile the data exactly: gaps, overlaps and trailing bytes are refused', () => {
    expect(err(() => readSafetensors(file(JSON.stringify({ a: F32(0, 4), b: F32(8, 12) }), 12)))).toMatch(/starts at byte 8 but the tensors before it end at 4: a gap of 4 bytes/);
    expect(err(() => readSafetensors(file(JSON.stringify({ a: F32(4, 8) }), 8)))).toMatch(/a gap of 4 bytes/);
    expect(err(() => readSafetensors(file(JSON.stringify({ a: F32(0, 8), b: F32(4, 8, [1]) }), 8)))).toMatch(/overlaps the tensor before it/);
    expect(err(() => readSafetensors(file(JSON.stringify({ a: F32(0, 4) }), 5)))).toMatch(/1 trailing bytes/);
    expect(err(() => readSafetensors(file('{}', 3)))).toMatch(/3 trailing bytes/);
  });

  it('ignores unknown fields of an entry and accepts header padding, as the reference does', () => {
    const { tensors } = readSafetensors(file('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"note":{"x":[1,2]}}}   ', 4, (d) => d.setFloat32(0, 2.5, true)));
    expect(tensors.get('a')!.data[0]).toBe(2.5);
  });

  it('F64 values beyond float32 are refused (or stored as ±Infinity when asked), never silently', () => {
    const f64 = (values: number[]): Uint8Array => file(JSON.stringify({ x: { dtype: 'F64', shape: [values.length], data_offsets: [0, 8 * values.length] } }), 8 * values.length,
      (d) => values.forEach((v, i) => d.setFloat64(8 * i, v, true)));
    expect(err(() => readSafetensors(f64([1, 1e300])))).toMatch(/tensor 'x' holds the float64 value 1e\+300 \(element 1\), beyond float32's range/);
    expect(err(() => readSafetensors(f64([-3.5e38])))).toMatch(/-3\.5e\+38/);
    expect(Array.from(readSafetensors(f64([1e300, -1e300, 2]), { float64Overflow: 'infinity' }).tensors.get('x')!.data)).toEqual([Infinity, -Infinity, 2]);
    // In range, and values that already are non-finite, load as they are.
    expect(Array.from(readSafetensors(f64([3e38, Infinity, 0.1])).tensors.get('x')!.data)).toEqual([Math.fround(3e38), Infinity, Math.fround(0.1)]);
    expect(Number.isNaN(readSafetensors(f64([NaN])).tensors.get('x')!.data[0])).toBe(true);
  });
});

describe('pathological headers fail in the bounded scan, before JSON.parse', () => {
  afterEach(() => { vi.restoreAllMocks(); });

  /** Runs the reader on `bytes` and returns its error, checking JSON.parse never ran. */
  const rejectBeforeParse = (bytes: Uint8Array, options = {}): string => {
    const parse = vi.spyOn(JSON, 'parse');
    const message = err(() => readSafetensors(bytes, options));
    const calls = [...parse.mock.calls];
    parse.mockRestore();
    expect(calls.filter(([text]) => String(text).length > 1000)).toEqual([]);
    return message;
  };
  const repeat = (prefix: string, unit: (i: number) => string, n: number, suffix: string): Uint8Array => {
    const parts = new Array<string>(n);
    for (let i = 0; i < n; i++) parts[i] = unit(i);
    return new TextEncoder().encode(prefix + parts.join(',') + suffix);
  };

  it('20 MB of nested brackets', () => {
    expect(rejectBeforeParse(file(new Uint8Array(20_000_000).fill(0x5b)))).toMatch(/must be a JSON object/);
    const nested = new Uint8Array(20_000_000).fill(0x5b);
    nested.set(new TextEncoder().encode('{"a":'));
    expect(rejectBeforeParse(file(nested))).toMatch(/nested deeper than 8 levels; raise \{ maxDepth \}/);
  });

  it('a flat 98 MB header (one array of 49 million numbers)', () => {
    const prefix = new TextEncoder().encode('{"a":{"dtype":"F32","data_offsets":[0,0],"shape":[');
    const flat = new Uint8Array(98_000_000).fill(0x30);
    for (let i = prefix.length + 1; i < flat.length - 3; i += 2) flat[i] = 0x2c;
    flat.set(prefix);
    flat.set(new TextEncoder().encode(']}}'), flat.length - 3);
    expect(rejectBeforeParse(file(flat))).toMatch(/an array of more than 64 elements .*raise \{ maxRank \}/);
  });

  it('a million zero-size tensors', () => {
    const header = repeat('{', (i) => `"t${i}":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}`, 1_000_000, '}');
    expect(rejectBeforeParse(file(header))).toMatch(/more than 100000 tensors; raise \{ maxTensors \}/);
  });

  it('3 million metadata keys', () => {
    const header = repeat('{"__metadata__":{', (i) => `"k${i}":""`, 3_000_000, '}}');
    expect(rejectBeforeParse(file(header))).toMatch(/__metadata__ has more than 10000 keys; raise \{ maxMetadataKeys \}/);
  });

  it('the limits are options: a genuine file beyond a default loads when it is raised', () => {
    const many = repeat('{', (i) => `"t${i}":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}`, 300, '}');
    expect(rejectBeforeParse(file(many), { maxTensors: 299 })).toMatch(/more than 299 tensors/);
    expect(readSafetensors(file(many), { maxTensors: 300 }).tensors.size).toBe(300);
    const rank = JSON.stringify({ a: { dtype: 'F32', shape: new Array(70).fill(1), data_offsets: [0, 4] } });
    expect(rejectBeforeParse(file(rank, 4))).toMatch(/more than 64 elements/);
    expect(readSafetensors(file(rank, 4), { maxRank: 70 }).tensors.get('a')!.shape.length).toBe(70);
    const deep = '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"x":[[[[[[[1]]]]]]]}}';
    expect(rejectBeforeParse(file(deep, 4))).toMatch(/deeper than 8/);
    expect(readSafetensors(file(deep, 4), { maxDepth: 9 }).tensors.size).toBe(1);
    expect(err(() => readSafetensors(file('{}'), { maxTensors: 0 }))).toMatch(/maxTensors must be a positive integer/);
  });
});
