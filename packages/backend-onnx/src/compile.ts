/**
 * Emits the ONNX model of a graph plan (only on a cache miss, so it may look around): inputs
 * `f<i>`/`c<j>`, embedded literals as shared initializers, one emitter per node, common
 * subexpressions computed once (a VJP recomputing logSoftmax), reshapes folded into their
 * source's views, and nodes no output needs dropped.
 */
import { encodeModel, onnxTypeOf, writeTensorProto } from '@tensorloom/onnx';
import { TensorloomError, type TypedArray } from '@tensorloom/core';
import { EMITTERS } from './emit/index.js';
import type { EmitArgs, Masked, View } from './emit/context.js';
import { LoomGraphBuilder } from './graph_builder.js';
import type { LazyNode } from './lazy_node.js';
import type { GraphPlan } from './plan.js';

/** The ONNX opset of compiled graphs (ScatterElements' reduction needs 16). */
export const GRAPH_OPSET = 17;

function valueInfo(name: string, node: LazyNode): object {
  return { name, type: { tensorType: { elemType: onnxTypeOf(node.dtype), shape: { dim: node.shape.map((d) => ({ dimValue: d })) } } } };
}

/** The ONNX model bytes of a plan: its feeds as inputs, its outputs as `v<i>`. */
export function buildModel(plan: GraphPlan): Uint8Array {
  const g = new LoomGraphBuilder();
  const names = new Map<LazyNode, string>();
  const views = new Map<LazyNode, View>();
  const literals = new Map<LazyNode, TypedArray>();
  const masks = new Map<LazyNode, Masked>();
  plan.feeds.forEach((f, i) => names.set(f, plan.feedNames[i]));
  for (const c of plan.embedded) {
    const host = c.host as TypedArray;
    literals.set(c, host);
    names.set(c, g.literal(c.dtype, c.shape, host));
  }
  const seen = new Map<string, LazyNode>();
  const base = {
    g,
    literal: (n: LazyNode) => literals.get(n) ?? null,
    view: (n: LazyNode): View => views.get(n) ?? { name: names.get(n) as string, shape: n.shape },
    setView: (n: LazyNode, v: View) => { views.set(n, v); },
    masked: (n: LazyNode) => masks.get(n) ?? null,
    setMasked: (n: LazyNode, m: Masked) => { masks.set(n, m); },
  };
  plan.nodes.forEach((n, i) => {
    const out = `v${i}`;
    const ins = n.inputs.map((x) => names.get(x) as string);
    // The same op on the same values twice (a VJP recomputing its forward) is computed once.
    const cse = `${n.signature}(${ins.join(',')})`;
    const twin = seen.get(cse);
    if (twin) {
      names.set(n, names.get(twin) as string);
      const v = views.get(twin);
      if (v) views.set(n, v);
      return;
    }
    seen.set(cse, n);
    const emit = EMITTERS[n.op];
    if (!emit) throw new TensorloomError(n.op, `internal: the ONNX backend has no emitter for '${n.op}'`);
    if (n.size === 0) {
      // No values to compute: an empty tensor of the shape (onnxruntime trips on some empty operands).
      g.node('ConstantOfShape', [g.int64([...n.shape])], [{ name: 'value', type: 4, t: writeTensorProto('zero', n.dtype, [1], [0]) }], [out]);
      names.set(n, out);
      return;
    }
    const e: EmitArgs = { ...base, node: n, ins, out };
    names.set(n, emit(e) ?? out);
  });
  // An output whose value is another name (folded or shared) is copied out under its own.
  plan.outputs.forEach((n, k) => {
    const name = names.get(n) as string;
    if (name !== plan.outputNames[k]) g.node('Identity', [name], [], [plan.outputNames[k]]);
  });
  g.prune(plan.outputNames);
  return encodeModel({
    irVersion: 8,
    producerName: 'tensorloom-backend-onnx',
    opsetImport: [{ domain: '', version: GRAPH_OPSET }],
    graph: {
      name: 'tensorloom_lazy',
      node: g.nodes,
      initializer: g.initializers,
      input: plan.feeds.map((f, i) => valueInfo(plan.feedNames[i], f)),
      output: plan.outputs.map((n, k) => valueInfo(plan.outputNames[k], n)),
    },
  });
}
