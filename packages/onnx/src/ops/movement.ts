/**
 * Shape and movement ONNX ops: Reshape, Transpose, Flatten, Squeeze, Unsqueeze, Concat, Split,
 * Slice (any steps), Gather, GatherElements, Expand, Tile, Pad (constant, reflect, edge),
 * Shape, Size, Constant, ConstantOfShape, Range, Dropout (inference). Shapes, axes and sizes
 * are read as host integers (opset ≥ 13 inputs, or older attributes).
 */
import {
  add, broadcastShapes, clone, concat, expand, full, gather, less, pad, reshape, slice, split, takeAlongAxis,
  tensor, transpose, where, type Tensor,
} from '@tensorloom/core';
import type { NodeContext, OpImpl, Value } from '../context.js';
import { HostTensor } from '../host_tensor.js';

/** Index tensor of host integers. */
function indexTensor(values: number[]): Tensor { return tensor(Int32Array.from(values), { dtype: 'int32' }); }

/** Takes positions `idx` along `axis` (a strided or reflected view). */
function take(x: Tensor, axis: number, idx: number[]): Tensor {
  return gather(x, indexTensor(idx), axis);
}

/** Negative indices count from the end, as ONNX Gather allows. */
function wrapIndices(idx: Tensor, dim: number): Tensor {
  return where(less(idx, 0), add(idx, dim), idx);
}

function reshapeOp(ctx: NodeContext): Tensor {
  const x = ctx.tensor(0);
  const spec = ctx.opset < 5 ? ctx.attrs.ints('shape') ?? [] : ctx.ints(1) ?? ctx.fail('needs a shape input');
  const allowZero = ctx.attrs.int('allowzero', 0) === 1;
  const shape = spec.map((d, i) => (d === 0 && !allowZero ? x.shape[i] ?? ctx.fail(`shape entry ${i} is 0 but the input has rank ${x.shape.length}`) : d));
  const known = shape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const minus = shape.filter((d) => d === -1).length;
  if (minus > 1) ctx.fail(`shape [${spec.join(',')}] has more than one -1`);
  if (minus === 1) {
    if (known === 0 || x.size % known !== 0) ctx.fail(`cannot reshape [${x.shape.join(',')}] to [${spec.join(',')}]`);
    shape[shape.indexOf(-1)] = x.size / known;
  }
  return reshape(x, shape);
}

function axesOf(ctx: NodeContext, inputIndex: number): number[] | undefined {
  return ctx.opset >= 13 ? ctx.ints(inputIndex) : ctx.attrs.ints('axes');
}

function squeezeOp(ctx: NodeContext): Value {
  const v = ctx.inputs[0] ?? ctx.fail('input 0 is missing');
  const r = v.shape.length;
  const axes = (axesOf(ctx, 1) ?? v.shape.flatMap((d, i) => (d === 1 ? [i] : []))).map((a) => ctx.axis(a, r));
  for (const a of axes) if (v.shape[a] !== 1) ctx.fail(`cannot squeeze axis ${a} of size ${v.shape[a]}`);
  const shape = v.shape.filter((_, i) => !axes.includes(i));
  return v instanceof HostTensor ? new HostTensor(v.dtype, shape, v.values) : reshape(v, shape);
}

function unsqueezeOp(ctx: NodeContext): Value {
  const v = ctx.inputs[0] ?? ctx.fail('input 0 is missing');
  const outRank = v.shape.length + (axesOf(ctx, 1) ?? ctx.fail('needs axes')).length;
  const axes = (axesOf(ctx, 1) ?? []).map((a) => ctx.axis(a, outRank)).sort((a, b) => a - b);
  if (new Set(axes).size !== axes.length) ctx.fail('axes repeat');
  const shape = [...v.shape];
  for (const a of axes) shape.splice(a, 0, 1);
  return v instanceof HostTensor ? new HostTensor(v.dtype, shape, v.values) : reshape(v, shape);
}

function flattenOp(ctx: NodeContext): Tensor {
  const x = ctx.tensor(0);
  const r = x.shape.length;
  let axis = ctx.attrs.int('axis', 1);
  if (axis < 0) axis += r;
  if (axis < 0 || axis > r) ctx.fail(`axis ${ctx.attrs.int('axis', 1)} is out of range for rank ${r}`);
  const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  return reshape(x, [outer, outer === 0 ? 0 : x.size / outer]);
}

function concatOp(ctx: NodeContext): Tensor {
  const parts = ctx.inputs.map((_, i) => ctx.tensor(i));
  const axis = ctx.axis(ctx.attrs.int('axis', 0), parts[0].shape.length);
  return concat(parts, axis);
}

function splitOp(ctx: NodeContext): Tensor[] {
  const x = ctx.tensor(0);
  const axis = ctx.axis(ctx.attrs.int('axis', 0), x.shape.length);
  let sizes = ctx.opset >= 13 ? ctx.ints(1) : ctx.attrs.ints('split');
  const n = x.shape[axis];
  if (!sizes || sizes.length === 0) {
    const k = ctx.numOutputs;
    if (n % k !== 0) ctx.fail(`cannot split dimension ${n} into ${k} equal parts`);
    sizes = Array<number>(k).fill(n / k);
  }
  return split(x, sizes, axis);
}

/** ONNX Slice with clamping and any nonzero steps. */
function sliceOp(ctx: NodeContext): Tensor {
  const x = ctx.tensor(0);
  const r = x.shape.length;
  const old = ctx.opset < 10;
  const starts = (old ? ctx.attrs.ints('starts') : ctx.ints(1)) ?? ctx.fail('needs starts');
  const ends = (old ? ctx.attrs.ints('ends') : ctx.ints(2)) ?? ctx.fail('needs ends');
  const axes = (old ? ctx.attrs.ints('axes') : ctx.ints(3)) ?? starts.map((_, i) => i);
  const steps = (old ? undefined : ctx.ints(4)) ?? starts.map(() => 1);
  if (ends.length !== starts.length || axes.length !== starts.length || steps.length !== starts.length) ctx.fail('starts, ends, axes and steps differ in length');
  const begin = Array<number>(r).fill(0);
  const size = [...x.shape];
  const strided: Array<[number, number[]]> = [];
  axes.forEach((a0, i) => {
    const a = ctx.axis(a0, r);
    const dim = x.shape[a];
    const step = steps[i];
    if (step === 0 || !Number.isFinite(step)) ctx.fail('steps must be nonzero');
    let s = starts[i] < 0 ? starts[i] + dim : starts[i];
    let e = ends[i] < 0 ? ends[i] + dim : ends[i];
    if (step > 0) { s = Math.min(Math.max(s, 0), dim); e = Math.min(Math.max(e, 0), dim); }
    else { s = Math.min(Math.max(s, 0), dim - 1); e = Math.min(Math.max(e, -1), dim - 1); }
    if (step === 1) { begin[a] = s; size[a] = Math.max(e - s, 0); return; }
    const idx: number[] = [];
    for (let j = s; step > 0 ? j < e : j > e; j += step) idx.push(j);
    strided.push([a, idx]);
  });
  let y = slice(x, begin, size);
  for (const [a, idx] of strided) y = idx.length === 0 ? slice(y, y.shape.map(() => 0), y.shape.map((d, k) => (k === a ? 0 : d))) : take(y, a, idx);
  return y;
}

function gatherOp(ctx: NodeContext): Tensor {
  const x = ctx.tensor(0);
  const axis = ctx.axis(ctx.attrs.int('axis', 0), x.shape.length);
  const dim = x.shape[axis];
  const iv = ctx.inputs[1];
  if (iv instanceof HostTensor) {
    const vals = iv.numbers().map((v) => (v < 0 ? v + dim : v));
    for (const v of vals) if (!(v >= 0 && v < dim)) ctx.fail(`index ${v} is out of range for dimension ${dim}`);
    return gather(x, tensor(Int32Array.from(vals), { shape: iv.shape, dtype: 'int32' }), axis);
  }
  return gather(x, wrapIndices(ctx.tensor(1), dim), axis);
}

function gatherElementsOp(ctx: NodeContext): Tensor {
  const x = ctx.tensor(0);
  const axis = ctx.axis(ctx.attrs.int('axis', 0), x.shape.length);
  return takeAlongAxis(x, wrapIndices(ctx.tensor(1), x.shape[axis]), axis);
}

function expandOp(ctx: NodeContext): Tensor {
  const x = ctx.tensor(0);
  const shape = broadcastShapes('Expand', x.shape, ctx.ints(1) ?? ctx.fail('needs a shape'));
  ctx.checkSize('the expanded tensor', shape);
  return expand(x, shape);
}

function tileOp(ctx: NodeContext): Tensor {
  const x = ctx.tensor(0);
  const reps = ctx.ints(1) ?? ctx.fail('needs repeats');
  if (reps.length !== x.shape.length || reps.some((k) => !Number.isInteger(k) || k < 0)) ctx.fail(`repeats [${reps.join(',')}] must be ${x.shape.length} integers >= 0`);
  const out = x.shape.map((d, i) => d * reps[i]);
  ctx.checkSize('the tiled tensor', out);
  const inter = x.shape.flatMap((d) => [1, d]);
  const big = x.shape.flatMap((d, i) => [reps[i], d]);
  return reshape(expand(reshape(x, inter), big), out);
}

/** Indices along one axis for reflect / edge padding. */
function padIndices(ctx: NodeContext, dim: number, before: number, after: number, mode: string): number[] {
  const idx: number[] = [];
  for (let j = -before; j < dim + after; j++) {
    let k = j;
    if (mode === 'edge') k = Math.min(Math.max(j, 0), dim - 1);
    else {
      if (dim === 1) k = 0;
      else {
        const period = 2 * (dim - 1);
        k = ((j % period) + period) % period;
        if (k >= dim) k = period - k;
      }
    }
    idx.push(k);
  }
  if (dim === 0 && idx.length > 0) ctx.fail(`cannot ${mode}-pad an empty dimension`);
  return idx;
}

function padOp(ctx: NodeContext): Tensor {
  let x = ctx.tensor(0);
  const r = x.shape.length;
  const mode = ctx.attrs.string('mode', 'constant');
  const pads = (ctx.opset < 11 ? ctx.attrs.ints('pads') ?? ctx.attrs.ints('paddings') : ctx.ints(1)) ?? ctx.fail('needs pads');
  const value = ctx.opset < 11 ? ctx.attrs.float('value', 0) : ctx.has(2) ? ctx.host(2).values[0] ?? 0 : 0;
  let axes = [...Array(r).keys()];
  if (ctx.opset >= 18 && ctx.has(3)) axes = (ctx.ints(3) ?? []).map((a) => ctx.axis(a, r));
  if (pads.length !== 2 * axes.length) ctx.fail(`pads has ${pads.length} entries, expected ${2 * axes.length}`);
  if (!['constant', 'reflect', 'edge'].includes(mode)) ctx.fail(`mode '${mode}' is not supported (constant, reflect, edge)`);
  const before = Array<number>(r).fill(0);
  const after = Array<number>(r).fill(0);
  axes.forEach((a, i) => { before[a] = pads[i]; after[a] = pads[i + axes.length]; });
  // Negative pads crop first.
  if (before.some((p) => p < 0) || after.some((p) => p < 0)) {
    const b = before.map((p) => Math.max(-p, 0));
    const size = x.shape.map((d, i) => d - b[i] - Math.max(-after[i], 0));
    if (size.some((d) => d < 0)) ctx.fail(`pads [${pads.join(',')}] crop more than the input [${x.shape.join(',')}] holds`);
    x = slice(x, b, size);
  }
  const pb = before.map((p) => Math.max(p, 0));
  const pa = after.map((p) => Math.max(p, 0));
  ctx.checkSize('the padded tensor', x.shape.map((d, i) => d + pb[i] + pa[i]));
  if (mode === 'constant') return pad(x, pb.map((p, i) => [p, pa[i]] as [number, number]), value);
  let y = x;
  for (let a = 0; a < r; a++) if (pb[a] || pa[a]) y = take(y, a, padIndices(ctx, y.shape[a], pb[a], pa[a], mode));
  return y === x ? clone(x) : y;
}

function shapeOp(ctx: NodeContext): HostTensor {
  const v = ctx.inputs[0] ?? ctx.fail('input 0 is missing');
  const r = v.shape.length;
  const clampAxis = (a: number): number => Math.min(Math.max(a < 0 ? a + r : a, 0), r);
  const start = clampAxis(ctx.attrs.int('start', 0));
  const end = clampAxis(ctx.attrs.int('end', r));
  const dims = v.shape.slice(start, Math.max(end, start));
  return new HostTensor('int32', [dims.length], Float64Array.from(dims));
}

function constantOp(ctx: NodeContext): HostTensor {
  const t = ctx.attrs.tensor('value');
  if (t) return t;
  const f = ctx.attrs.float('value_float');
  if (f !== undefined) return new HostTensor('float32', [], Float32Array.of(f));
  const fs = ctx.attrs.floats('value_floats');
  if (fs) return new HostTensor('float32', [fs.length], Float32Array.from(fs));
  const i = ctx.attrs.int('value_int');
  if (i !== undefined) return new HostTensor('int32', [], Float64Array.of(i));
  const is = ctx.attrs.ints('value_ints');
  if (is) return new HostTensor('int32', [is.length], Float64Array.from(is));
  return ctx.fail(`needs a value attribute (value, value_float(s) or value_int(s)); sparse and string values are not supported (has: ${ctx.attrs.names().join(', ')})`);
}

function constantOfShapeOp(ctx: NodeContext): Tensor {
  const shape = ctx.ints(0) ?? ctx.fail('needs a shape');
  ctx.checkSize('the constant', shape);
  const v = ctx.attrs.tensor('value');
  const dtype = v?.dtype ?? 'float32';
  const value = v && v.size > 0 ? v.values[0] : 0;
  return full(shape, dtype === 'bool' ? value !== 0 : value, { dtype });
}

function rangeOp(ctx: NodeContext): HostTensor {
  const [start, limit, delta] = [0, 1, 2].map((i) => ctx.host(i).values[0]);
  const dtype = ctx.host(0).dtype;
  if (delta === 0) ctx.fail('delta must be nonzero');
  const n = Math.max(Math.ceil((limit - start) / delta), 0);
  ctx.checkSize('the range', [n]);
  const values = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = start + i * delta;
  return new HostTensor(dtype, [n], values);
}

function dropoutOp(ctx: NodeContext): Array<Value | undefined> {
  const x = ctx.tensor(0);
  const training = ctx.opset >= 12 && ctx.has(2) ? ctx.host(2).values[0] !== 0 : false;
  const ratio = ctx.opset >= 12 ? (ctx.has(1) ? ctx.host(1).values[0] : 0.5) : ctx.attrs.float('ratio', 0.5);
  if (training && ratio !== 0) ctx.fail('training-mode dropout is not supported (inference only; random masks); export the model in eval mode');
  const mask = ctx.numOutputs > 1 ? full(x.shape, true, { dtype: 'bool' }) : undefined;
  return [clone(x), mask];
}

export const movementOps: Record<string, OpImpl> = {
  Reshape: reshapeOp,
  Transpose: (ctx) => {
    const x = ctx.tensor(0);
    const perm = ctx.attrs.ints('perm') ?? x.shape.map((_, i) => x.shape.length - 1 - i);
    return transpose(x, perm);
  },
  Flatten: flattenOp, Squeeze: squeezeOp, Unsqueeze: unsqueezeOp, Concat: concatOp, Split: splitOp, Slice: sliceOp,
  Gather: gatherOp, GatherElements: gatherElementsOp, Expand: expandOp, Tile: tileOp, Pad: padOp,
  Shape: shapeOp,
  Size: (ctx) => new HostTensor('int32', [], Float64Array.of((ctx.inputs[0] ?? ctx.fail('input 0 is missing')).shape.reduce((a, b) => a * b, 1))),
  Constant: constantOp, ConstantOfShape: constantOfShapeOp, Range: rangeOp, Dropout: dropoutOp,
};
