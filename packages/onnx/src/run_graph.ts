/**
 * Runs a prepared graph on the current backend: feeds and weights in, graph outputs out.
 * Values computed only from constants stay on the host (shape arithmetic); every
 * intermediate tensor is freed after its last use, and everything made is freed on error.
 */
import { TensorloomError, Tensor, tidy, clone } from '@tensorloom/core';
import { Attributes } from './attributes.js';
import { NodeContext, type Value } from './context.js';
import { HostTensor } from './host_tensor.js';
import type { PreparedGraph } from './graph.js';
import { OPS } from './ops/index.js';
import { HOST_OPS } from './host_ops.js';
import type { ExternalData } from './tensor_proto.js';

/** Host values larger than this are kept as tensors. */
const HOST_FOLD_LIMIT = 1 << 16;

export interface RunContext {
  graph: PreparedGraph;
  weights: Record<string, Tensor>;
  maxElements: number;
  external?: ExternalData;
}

function checkFeed(spec: { name: string; shape: Array<number | string>; dtype: string }, t: unknown): Tensor {
  if (!(t instanceof Tensor)) throw new TensorloomError('run', `input '${spec.name}' is missing or not a Tensor; pass run({ ${spec.name}: tensor(...) })`);
  t.assertAlive('run');
  const wantRank = spec.shape.length;
  const fixed = spec.shape.every((d) => typeof d === 'number');
  if (wantRank > 0 || fixed) {
    const bad = t.shape.length !== wantRank || spec.shape.some((d, i) => typeof d === 'number' && d !== t.shape[i]);
    if (bad) throw new TensorloomError('run', `input '${spec.name}' must have shape [${spec.shape.join(',')}], got [${t.shape.join(',')}]`);
  }
  if (t.dtype !== spec.dtype) throw new TensorloomError('run', `input '${spec.name}' must be ${spec.dtype}, got ${t.dtype}`);
  return t;
}

/** Runs the graph; returns one tensor per graph output (new tensors the caller owns). */
export function runGraph(rc: RunContext, feeds: Record<string, Tensor>): Record<string, Tensor> {
  const { graph } = rc;
  if (feeds === null || typeof feeds !== 'object') throw new TensorloomError('run', 'feeds must be an object of tensors by input name');
  for (const k of Object.keys(feeds)) {
    if (!graph.inputs.some((i) => i.name === k)) throw new TensorloomError('run', `unknown input '${k}'; the model's inputs are ${graph.inputs.map((i) => i.name).join(', ')}`);
  }
  const env = new Map<string, Value>();
  const owned = new Set<Value>(); // values this run made (may be freed early)
  for (const spec of graph.inputs) env.set(spec.name, checkFeed(spec, feeds[spec.name]));
  for (const [name, host] of graph.initializers) env.set(name, host);
  for (const [name, t] of Object.entries(rc.weights)) env.set(name, t);
  // Last use of each value, so intermediates can be freed early.
  const lastUse = new Map<string, number>();
  graph.nodes.forEach((n, i) => { for (const name of n.input ?? []) if (name) lastUse.set(name, i); });
  const outputNames = new Set(graph.outputs.map((o) => o.name));
  return tidy(() => {
    graph.nodes.forEach((node, index) => {
      const opType = node.opType as string;
      const where = `${opType} '${node.name || `#${index}`}'`;
      const inputs = (node.input ?? []).map((name) => (name ? env.get(name) : undefined));
      const outNames = node.output ?? [];
      const ctx = new NodeContext(where, opType, graph.opset, inputs, outNames.length, new Attributes(where, node, rc.external), rc.maxElements);
      let result: Value | Array<Value | undefined> | null = null;
      const allHost = inputs.length > 0 && inputs.every((v) => v === undefined || v instanceof HostTensor);
      try {
        const hostOp = allHost && outNames.length === 1 ? HOST_OPS[opType] : undefined;
        // Missing optional inputs stay undefined; host ops check what they read.
        if (hostOp) result = hostOp(ctx, inputs as HostTensor[]);
        result ??= OPS[opType](ctx);
      } catch (e) {
        if (e instanceof TensorloomError && e.op.startsWith(opType)) throw e;
        const msg = e instanceof Error ? e.message : String(e);
        throw new TensorloomError(where, msg);
      }
      const outs = Array.isArray(result) ? result : [result];
      const foldable = inputs.every((v) => v === undefined || v instanceof HostTensor);
      outNames.forEach((name, k) => {
        if (!name) return;
        let v = outs[k];
        if (v === undefined) throw new TensorloomError(where, `output ${k} ('${name}') is not produced by this implementation`);
        // An op may hand back one of its inputs (a no-op reshape); give it its own tensor.
        if (v instanceof Tensor && inputs.includes(v)) v = clone(v);
        if (foldable && v instanceof Tensor && v.size <= HOST_FOLD_LIMIT) {
          const host = HostTensor.fromTensor(v);
          v.dispose();
          v = host;
        }
        env.set(name, v);
        owned.add(v);
      });
      for (const name of node.input ?? []) {
        if (name && lastUse.get(name) === index && !outputNames.has(name)) {
          const v = env.get(name);
          if (v instanceof Tensor && owned.has(v)) v.dispose();
        }
      }
    });
    const result: Record<string, Tensor> = {};
    for (const o of graph.outputs) {
      const v = env.get(o.name) as Value;
      result[o.name] = v instanceof HostTensor ? v.toTensor('run') : owned.has(v) ? v : clone(v);
    }
    return result;
  });
}
