/**
 * Files are untrusted: truncated or corrupt models, sizes that the bytes do not back, external
 * data, unsupported ops (all listed in one error), opsets beyond the range, int64 beyond int32.
 * Every failure is a TensorloomError naming what is wrong, and nothing leaks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { registerCpuBackend } from '@tensorloom/backend-cpu';
import { memory, setBackend, tensor, TensorloomError } from '@tensorloom/core';
import { importOnnx, MAX_OPSET } from '../src/index.js';
import { floatInit, int64Init, makeModel, valueInfo } from './helpers/build_model.js';

beforeAll(() => { registerCpuBackend(); setBackend('cpu'); });

const addModel = (): Uint8Array => makeModel({
  nodes: [{ op: 'Add', inputs: ['x', 'w'], outputs: ['y'] }],
  inputs: [valueInfo('x', [2])], outputs: [valueInfo('y', [2])], initializers: [floatInit('w', [2], [10, 20])],
});

function int64Max(): Uint8Array {
  const raw = new Uint8Array(8);
  new DataView(raw.buffer).setBigInt64(0, 9223372036854775807n, true);
  return raw;
}

function expectError(f: () => unknown, pattern: RegExp): void {
  let err: unknown;
  try { f(); } catch (e) { err = e; }
  expect(err).toBeInstanceOf(TensorloomError);
  expect((err as Error).message).toMatch(pattern);
}

describe('untrusted input', () => {
  it('runs a valid model (the baseline the others break)', () => {
    const m = importOnnx(addModel());
    const { y } = m.run({ x: tensor([1, 2]) });
    expect(Array.from(y.dataSync())).toEqual([11, 22]);
    y.dispose(); m.dispose();
  });
  it('rejects non-bytes, garbage and every truncation of a real model with a TensorloomError', () => {
    expectError(() => importOnnx('x' as unknown as Uint8Array), /Uint8Array/);
    expectError(() => importOnnx(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f])), /not a valid ONNX protobuf|no graph/);
    const bytes = addModel();
    const before = memory().numTensors;
    for (let n = 0; n < bytes.length; n++) {
      try { importOnnx(bytes.subarray(0, n)).dispose(); } catch (e) { expect(e).toBeInstanceOf(TensorloomError); }
    }
    expect(memory().numTensors).toBe(before);
  });
  it('checks element counts against the bytes present before allocating', () => {
    const huge = { name: 'w', dataType: 1, dims: [1 << 30, 1 << 30], rawData: new Uint8Array(8) };
    const bytes = makeModel({ nodes: [{ op: 'Add', inputs: ['x', 'w'], outputs: ['y'] }], inputs: [valueInfo('x', [2])], outputs: [valueInfo('y', [2])], initializers: [huge] });
    expectError(() => importOnnx(bytes), /tensor 'w' of shape \[1073741824,1073741824\] needs .* bytes .* but holds 8/);
    const typed = { name: 'w', dataType: 1, dims: [1000000], floatData: [1, 2] };
    const b2 = makeModel({ nodes: [{ op: 'Add', inputs: ['x', 'w'], outputs: ['y'] }], inputs: [valueInfo('x', [2])], outputs: [valueInfo('y', [2])], initializers: [typed] });
    expectError(() => importOnnx(b2), /needs 1000000 values but holds 2/);
    const neg = { name: 'w', dataType: 1, dims: [-1], floatData: [] };
    const b3 = makeModel({ nodes: [{ op: 'Add', inputs: ['x', 'w'], outputs: ['y'] }], inputs: [valueInfo('x', [2])], outputs: [valueInfo('y', [2])], initializers: [neg] });
    expectError(() => importOnnx(b3), /invalid dimension -1/);
  });
  it('bounds the sizes a graph computes (ConstantOfShape of 10^12 elements)', () => {
    const bytes = makeModel({
      nodes: [{ op: 'ConstantOfShape', inputs: ['s'], outputs: ['y'] }],
      inputs: [], outputs: [valueInfo('y', [1000000, 1000000])], initializers: [int64Init('s', [2], [1000000, 1000000])],
    });
    const m = importOnnx(bytes);
    expectError(() => m.run({}), /ConstantOfShape 'n0'.*larger than allowed/);
  });
  it('needs external data passed in, and reads it when given', () => {
    const ext = { name: 'w', dataType: 1, dims: [2], dataLocation: 1, externalData: [{ key: 'location', value: 'weights.bin' }, { key: 'offset', value: '4' }, { key: 'length', value: '8' }] };
    const bytes = makeModel({ nodes: [{ op: 'Add', inputs: ['x', 'w'], outputs: ['y'] }], inputs: [valueInfo('x', [2])], outputs: [valueInfo('y', [2])], initializers: [ext] });
    expectError(() => importOnnx(bytes), /external file 'weights.bin'; pass its bytes as importOnnx\(bytes, \{ externalData/);
    const file = new Uint8Array(new Float32Array([99, 10, 20]).buffer);
    const m = importOnnx(bytes, { externalData: { 'weights.bin': file } });
    const { y } = m.run({ x: tensor([1, 2]) });
    expect(Array.from(y.dataSync())).toEqual([11, 22]);
    y.dispose(); m.dispose();
    expectError(() => importOnnx(bytes, { externalData: { 'weights.bin': file.subarray(0, 8) } }), /outside 'weights.bin'/);
  });
  it('lists every unsupported op type with its node names in one error', () => {
    const bytes = makeModel({
      nodes: [
        { op: 'Relu', inputs: ['x'], outputs: ['a'] },
        { op: 'FancyOp', inputs: ['a'], outputs: ['b'], name: 'fancy1' },
        { op: 'Einsum', inputs: ['b'], outputs: ['c'], name: 'ein' },
        { op: 'FancyOp', inputs: ['c'], outputs: ['d'], name: 'fancy2' },
        { op: 'Gelu', inputs: ['d'], outputs: ['y'], name: 'msgelu', domain: 'com.microsoft' },
      ],
      inputs: [valueInfo('x', [2])], outputs: [valueInfo('y', [2])],
    });
    expectError(() => importOnnx(bytes), /unsupported op types: FancyOp \(fancy1, fancy2\); Einsum \(ein\); com\.microsoft\.Gelu \(msgelu\)/);
  });
  it('rejects an opset above the supported range', () => {
    const bytes = makeModel({ nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }], inputs: [valueInfo('x', [2])], outputs: [valueInfo('y', [2])], opset: MAX_OPSET + 1 });
    expectError(() => importOnnx(bytes), new RegExp(`opset ${MAX_OPSET + 1}; supported are opsets 1 to ${MAX_OPSET}`));
  });
  it('accepts int64 as int32 and rejects values beyond int32 where they enter a tensor', () => {
    const ok = makeModel({ nodes: [{ op: 'Gather', inputs: ['x', 'i'], outputs: ['y'] }], inputs: [valueInfo('x', [3])], outputs: [valueInfo('y', [2])], initializers: [int64Init('i', [2], [2, -3])] });
    const m = importOnnx(ok);
    const { y } = m.run({ x: tensor([5, 6, 7]) });
    expect(Array.from(y.dataSync())).toEqual([7, 5]);
    y.dispose(); m.dispose();
    const big = makeModel({ nodes: [{ op: 'Add', inputs: ['x', 'c'], outputs: ['y'] }], inputs: [valueInfo('x', [1], 7)], outputs: [valueInfo('y', [1], 7)], initializers: [int64Init('c', [1], [2 ** 40])] });
    const m2 = importOnnx(big);
    const x = tensor([1], { dtype: 'int32' });
    const before = memory().numTensors;
    expectError(() => m2.run({ x }), /int64 value 1099511627776 does not fit in int32/);
    expect(memory().numTensors).toBe(before);
    x.dispose(); m2.dispose();
    // Slice ends of INT64_MAX (what PyTorch writes) are clamped, not an error.
    const slice = makeModel({
      nodes: [{ op: 'Slice', inputs: ['x', 's', 'e'], outputs: ['y'] }], inputs: [valueInfo('x', [4])], outputs: [valueInfo('y', [3])],
      initializers: [int64Init('s', [1], [1]), { name: 'e', dataType: 7, dims: [1], rawData: int64Max() }],
    });
    const m3 = importOnnx(slice);
    const r = m3.run({ x: tensor([1, 2, 3, 4]) });
    expect(Array.from(r.y.dataSync())).toEqual([2, 3, 4]);
    r.y.dispose(); m3.dispose();
  });
  it('checks feeds and replacement weights', () => {
    const m = importOnnx(addModel());
    expectError(() => m.run({}), /input 'x' is missing/);
    expectError(() => m.run({ x: tensor([1, 2, 3]) }), /input 'x' must have shape \[2\], got \[3\]/);
    expectError(() => m.run({ x: tensor([1, 2]) }, { weights: { w: tensor([1]) } }), /weight 'w' must have shape \[2\]/);
    expectError(() => m.run({ x: tensor([1, 2]) }, { weights: { nope: tensor([1]) } }), /not a float initializer/);
    m.dispose();
  });
});
