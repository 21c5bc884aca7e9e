/**
 * exportOnnx: traces a Tensorloom function into an ONNX model. Weights passed by name (a
 * Module's stateDict()) become initializers with those names; other tensors the function reads
 * become constants. With dynamicBatch, the function is traced at two batch sizes and every
 * shape that differs becomes a computed shape, so the model runs at any batch size.
 */
import { concat, slice, tidy, TensorloomError, type DType, type Tensor } from '@tensorloom/core';
import { encodeModel, type ValueInfoProto } from '../proto.js';
import { onnxTypeOf } from '../tensor_proto.js';
import { emitOp } from './emit.js';
import { GraphBuilder, type BatchLinear } from './graph_builder.js';
import { traceFunction, type OpRecord, type Ref, type Trace, type TraceableFn } from './trace.js';

/** The opsets exportOnnx writes (the nodes it emits have one meaning across them). */
export const EXPORT_OPSETS = [13, 14, 15, 16, 17] as const;

export interface ExportOptions {
  /** Graph input names (default input_0, input_1, ...). */
  inputNames?: string[];
  /** Graph output names (default: the returned object's keys, else output_0, ...). */
  outputNames?: string[];
  /** Make dimension 0 of every input and output a symbolic batch size. */
  dynamicBatch?: boolean;
  /** Default-domain opset, 13 to 17 (default 17). */
  opset?: number;
  /** Named weights: initializers take these names (e.g. `model.stateDict()` from @tensorloom/nn). */
  weights?: Record<string, Tensor>;
}

const OP = 'exportOnnx';

function valueInfo(name: string, shape: readonly (number | string)[], dtype: DType): ValueInfoProto {
  return { name, type: { tensorType: { elemType: onnxTypeOf(dtype), shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } } };
}

/** Compares the two traces op by op and returns each op's batch-linear int attributes. */
function linearizer(t1: Trace, t2: Trace | null, batch: number): (i: number, name: string) => BatchLinear {
  if (t2) {
    if (t1.ops.length !== t2.ops.length || t1.ops.some((o, i) => o.op !== t2.ops[i].op)) {
      throw new TensorloomError(OP, 'the function runs different ops at different batch sizes; dynamicBatch needs the same ops for every batch size (export with dynamicBatch: false)');
    }
    t1.ops.forEach((o, i) => {
      for (const k of Object.keys(o.attrs)) {
        if (['shape', 'begin', 'size'].includes(k)) continue;
        if (JSON.stringify(o.attrs[k]) !== JSON.stringify(t2.ops[i].attrs[k])) {
          throw new TensorloomError(OP, `attribute '${k}' of op ${o.op} depends on the batch size; dynamicBatch cannot express it (export with dynamicBatch: false)`);
        }
      }
    });
  }
  return (i, name) => {
    const v1 = t1.ops[i].attrs[name] as number[];
    if (!t2) return { a: v1.map(() => 0), b: [...v1] };
    const v2 = t2.ops[i].attrs[name] as number[];
    const a = v1.map((x, k) => v2[k] - x);
    return { a, b: v1.map((x, k) => x - a[k] * batch) };
  };
}

/**
 * Exports `fn` (a function of tensors made of core ops) as ONNX model bytes.
 *
 * @example
 * const bytes = exportOnnx((x) => net.forward(x), [exampleX], {
 *   inputNames: ['input'], outputNames: ['logits'], dynamicBatch: true, opset: 17, weights: net.stateDict(),
 * });
 */
export function exportOnnx(fn: TraceableFn, exampleInputs: readonly Tensor[], options: ExportOptions = {}): Uint8Array {
  const opset = options.opset ?? 17;
  if (!(EXPORT_OPSETS as readonly number[]).includes(opset)) throw new TensorloomError(OP, `opset ${opset} is not supported; choose ${EXPORT_OPSETS[0]} to ${EXPORT_OPSETS[EXPORT_OPSETS.length - 1]}`);
  if (typeof fn !== 'function') throw new TensorloomError(OP, 'the first argument must be a function of tensors');
  if (!Array.isArray(exampleInputs) || exampleInputs.length === 0) throw new TensorloomError(OP, 'pass at least one example input tensor');
  const weights = options.weights ?? {};
  const inputNames = options.inputNames ?? exampleInputs.map((_, i) => `input_${i}`);
  if (inputNames.length !== exampleInputs.length) throw new TensorloomError(OP, `inputNames has ${inputNames.length} names for ${exampleInputs.length} inputs`);
  const dynamic = options.dynamicBatch ?? false;
  const batch = exampleInputs[0].shape[0];
  if (dynamic && exampleInputs.some((t) => t.shape.length === 0 || t.shape[0] !== batch || batch === 0)) {
    throw new TensorloomError(OP, 'dynamicBatch needs every example input to have the same non-empty dimension 0');
  }
  const t1 = traceFunction(fn, exampleInputs, weights);
  let t2: Trace | null = null;
  if (dynamic) {
    const bigger = exampleInputs.map((t) => tidy(() => concat([t, slice(t, t.shape.map(() => 0), [1, ...t.shape.slice(1)])], 0)));
    try { t2 = traceFunction(fn, bigger, weights); } finally { for (const t of bigger) t.dispose(); }
  }
  const linear = linearizer(t1, t2, batch);
  const outputNames = options.outputNames ?? t1.outputKeys ?? t1.outputs.map((_, i) => `output_${i}`);
  if (outputNames.length !== t1.outputs.length) throw new TensorloomError(OP, `outputNames has ${outputNames.length} names for ${t1.outputs.length} outputs`);

  const g = new GraphBuilder(dynamic ? inputNames[0] : null);
  const valueNames = new Map<number, string>();
  t1.outputs.forEach((o, k) => { if (o.ref.kind === 'value' && !valueNames.has(o.ref.id)) valueNames.set(o.ref.id, outputNames[k]); });
  const emitted = new Set<string>();
  const nameOf = (ref: Ref, opIndex: number, pos: number): string => {
    switch (ref.kind) {
      case 'input': return inputNames[ref.index];
      case 'value': return valueNames.get(ref.id) as string;
      case 'weight': {
        if (!emitted.has(ref.name)) {
          const w = weights[ref.name];
          g.initializer(ref.name, w.dtype, w.shape, w.dataSync());
          emitted.add(ref.name);
        }
        return ref.name;
      }
      case 'const': {
        const name = `const_${ref.id}`;
        if (emitted.has(name)) return name;
        emitted.add(name);
        const shape2 = t2?.ops[opIndex].inputShapes[pos];
        const varies = shape2 && shape2.some((d, i) => d !== ref.shape[i]);
        if (!varies) return g.constant(name, ref.dtype, ref.shape, ref.values);
        const first = ref.values[0];
        for (let i = 1; i < ref.values.length; i++) {
          if (ref.values[i] !== first) throw new TensorloomError(OP, `a constant of shape [${ref.shape.join(',')}] depends on the batch size and is not uniform; dynamicBatch cannot express it`);
        }
        const a = ref.shape.map((d, i) => (shape2 as number[])[i] - d);
        const shapeVec = g.shapeVector({ a, b: ref.shape.map((d, i) => d - a[i] * batch) });
        g.node('Expand', [g.scalar(first, ref.dtype), shapeVec], [], [name]);
        return name;
      }
    }
  };
  t1.ops.forEach((rec: OpRecord, i) => {
    const names = rec.inputs.map((r, pos) => nameOf(r, i, pos));
    const out = valueNames.get(rec.output.id) ?? `v${rec.output.id}`;
    valueNames.set(rec.output.id, out);
    emitOp(g, { rec, names, out, linear: (k) => linear(i, k) });
  });
  const outputs: ValueInfoProto[] = t1.outputs.map((o, k) => {
    const name = outputNames[k];
    const src = nameOf(o.ref, -1, 0);
    if (src !== name) g.node('Identity', [src], [], [name]);
    const shape2 = t2?.outputs[k].shape;
    const shape = o.shape.map((d, i): number | string => (i === 0 && shape2 && shape2[0] !== d ? 'batch' : d));
    return valueInfo(name, shape, o.dtype);
  });
  const inputs = exampleInputs.map((t, i) => valueInfo(inputNames[i], t.shape.map((d: number, k: number) => (dynamic && k === 0 ? 'batch' : d)), t.dtype));
  return encodeModel({
    irVersion: 8,
    producerName: 'tensorloom',
    opsetImport: [{ domain: '', version: opset }],
    graph: { name: 'tensorloom', node: g.nodes, initializer: g.initializers, input: inputs, output: outputs },
  });
}
