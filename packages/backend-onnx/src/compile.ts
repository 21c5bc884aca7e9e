/**
 * Turns a flushed batch of pending nodes into a graph plan: its outputs (every pending node
 * still alive), the nodes they need (disposed ones stay internal), the values it is fed
 * (nodes computed earlier or written from JS) and a structural key (ops, attributes, shapes,
 * dtypes, topology, fed inputs) under which its compiled session is cached. `buildModel`
 * emits the ONNX model for a plan.
 */
import { GraphBuilder, encodeModel, onnxTypeOf, writeTensorProto } from '@tensorloom/onnx';
import { TensorloomError } from '@tensorloom/core';
import { EMITTERS } from './emit/index.js';
import type { LazyNode } from './lazy_node.js';

/** The ONNX opset of compiled graphs (ScatterElements' reduction needs 16). */
export const GRAPH_OPSET = 17;

export interface GraphPlan {
  readonly key: string;
  /** Nodes whose values are fed, in input order (`f0`, `f1`, …). */
  readonly feeds: LazyNode[];
  /** Nodes to compute, in topological order (`v0`, `v1`, …). */
  readonly nodes: LazyNode[];
  /** The graph outputs: alive nodes among `nodes`. */
  readonly outputs: LazyNode[];
}

/** The plan for `batch` (pending nodes in creation order, hence topological). */
export function planGraph(batch: readonly LazyNode[]): GraphPlan {
  const needed = new Set<LazyNode>();
  const stack: LazyNode[] = [];
  for (const n of batch) if (n.alive && n.state === 'pending') { needed.add(n); stack.push(n); }
  while (stack.length) {
    const n = stack.pop() as LazyNode;
    for (const i of n.inputs) {
      if (i.state === 'pending' && !needed.has(i)) { needed.add(i); stack.push(i); }
    }
  }
  const nodes = batch.filter((n) => needed.has(n));
  const local = new Map<LazyNode, string>();
  const feeds: LazyNode[] = [];
  const parts: string[] = [];
  nodes.forEach((n, i) => {
    const refs = n.inputs.map((input) => {
      let ref = local.get(input);
      if (ref === undefined) {
        // Not computed here: fed (computed by an earlier graph, or written from JS).
        ref = `f${feeds.length}`;
        feeds.push(input);
        local.set(input, ref);
        parts.push(`${ref}:[${input.shape.join(',')}]${input.dtype}`);
      }
      return ref;
    });
    local.set(n, `v${i}`);
    parts.push(`v${i}=${n.signature}(${refs.join(',')})${n.alive ? '!' : ''}`);
  });
  const outputs = nodes.filter((n) => n.alive);
  return { key: parts.join(';'), feeds, nodes, outputs };
}

function valueInfo(name: string, node: LazyNode): object {
  return { name, type: { tensorType: { elemType: onnxTypeOf(node.dtype), shape: { dim: node.shape.map((d) => ({ dimValue: d })) } } } };
}

/** The ONNX model bytes of a plan: inputs `f<i>`, outputs `v<i>` of the alive nodes. */
export function buildModel(plan: GraphPlan): Uint8Array {
  const g = new GraphBuilder(null);
  const names = new Map<LazyNode, string>();
  plan.feeds.forEach((f, i) => names.set(f, `f${i}`));
  plan.nodes.forEach((n, i) => {
    const out = `v${i}`;
    const emit = EMITTERS[n.op];
    if (!emit) throw new TensorloomError(n.op, `internal: the ONNX backend has no emitter for '${n.op}'`);
    if (n.size === 0) {
      // No values to compute: an empty tensor of the shape (onnxruntime trips on some empty operands).
      g.node('ConstantOfShape', [g.int64([...n.shape])], [{ name: 'value', type: 4, t: writeTensorProto('zero', n.dtype, [1], [0]) }], [out]);
    } else {
      emit({ g, node: n, ins: n.inputs.map((x) => names.get(x) as string), out });
    }
    names.set(n, out);
  });
  return encodeModel({
    irVersion: 8,
    producerName: 'tensorloom-backend-onnx',
    opsetImport: [{ domain: '', version: GRAPH_OPSET }],
    graph: {
      name: 'tensorloom_lazy',
      node: g.nodes,
      initializer: g.initializers,
      input: plan.feeds.map((f, i) => valueInfo(`f${i}`, f)),
      output: plan.outputs.map((n) => valueInfo(names.get(n) as string, n)),
    },
  });
}
