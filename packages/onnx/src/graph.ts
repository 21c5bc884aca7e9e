/**
 * A checked, prepared ONNX graph: opset, inputs/outputs with their shapes, initializers split
 * into float weights and host constants, and nodes with their implementations. Every node's
 * op type is checked up front so that all unsupported ones are reported in one error.
 */
import { TensorloomError, type DType } from '@tensorloom/core';
import type { GraphProto, ModelProto, NodeProto, ValueInfoProto } from './proto.js';
import { OPS } from './ops/index.js';
import { readTensorProto, dtypeOf, dataTypeName, type ExternalData } from './tensor_proto.js';
import type { HostTensor } from './host_tensor.js';
import { longToNumber } from './limits.js';

/** The opset range of the default domain that importOnnx accepts. */
export const MIN_OPSET = 1;
export const MAX_OPSET = 17;

/** A graph input or output: its name, shape (symbolic dims as strings) and Tensorloom dtype. */
export interface ValueSpec { name: string; shape: Array<number | string>; dtype: DType }

export interface PreparedGraph {
  opset: number;
  inputs: ValueSpec[];
  outputs: ValueSpec[];
  initializers: Map<string, HostTensor>;
  nodes: NodeProto[];
}

const OP = 'importOnnx';

function specOf(v: ValueInfoProto, fallbackName: string): ValueSpec {
  const tt = v.type?.tensorType;
  const name = v.name ?? fallbackName;
  if (!tt) throw new TensorloomError(OP, `graph value '${name}' is not a tensor (sequences, maps and optionals are not supported)`);
  const dtype = dtypeOf(tt.elemType ?? 0);
  if (!dtype) throw new TensorloomError(OP, `graph value '${name}' has element type ${dataTypeName(tt.elemType ?? 0)}, which Tensorloom cannot hold`);
  const shape = (tt.shape?.dim ?? []).map((d, i) => (d.dimParam ? d.dimParam : d.dimValue !== undefined && d.dimValue !== null ? longToNumber(d.dimValue as number) : `d${i}`));
  return { name, shape, dtype };
}

function opsetOf(model: ModelProto): number {
  const imports = model.opsetImport ?? [];
  const main = imports.find((o) => !o.domain || o.domain === 'ai.onnx');
  const version = main ? longToNumber(main.version as number) : MAX_OPSET;
  if (version > MAX_OPSET) throw new TensorloomError(OP, `the model uses opset ${version}; supported are opsets ${MIN_OPSET} to ${MAX_OPSET}: re-export it with opset ${MAX_OPSET} (torch.onnx.export(..., opset_version=${MAX_OPSET}))`);
  if (version < MIN_OPSET) throw new TensorloomError(OP, `the model declares opset ${version}; supported are opsets ${MIN_OPSET} to ${MAX_OPSET}`);
  return version;
}

/** Lists every node whose op type (or domain) is not supported, in one error. */
function checkOps(nodes: readonly NodeProto[]): void {
  const bad = new Map<string, string[]>();
  nodes.forEach((n, i) => {
    const domain = n.domain && n.domain !== 'ai.onnx' ? `${n.domain}.` : '';
    const type = `${domain}${n.opType ?? ''}`;
    if (domain || !(n.opType && Object.prototype.hasOwnProperty.call(OPS, n.opType))) {
      const list = bad.get(type) ?? [];
      list.push(n.name || `#${i}`);
      bad.set(type, list);
    }
  });
  if (bad.size) {
    const parts = [...bad].map(([t, names]) => `${t} (${names.slice(0, 5).join(', ')}${names.length > 5 ? `, … ${names.length - 5} more` : ''})`);
    throw new TensorloomError(OP, `unsupported op types: ${parts.join('; ')}. Supported ops are listed in SUPPORTED_OPS`);
  }
}

/** Checks node order: every input must be produced before it is used. */
function checkOrder(graph: GraphProto, known: Set<string>): void {
  for (const [i, n] of (graph.node ?? []).entries()) {
    for (const name of n.input ?? []) {
      if (name && !known.has(name)) throw new TensorloomError(OP, `node ${n.name || `#${i}`} (${n.opType}) reads '${name}', which no earlier node, input or initializer defines`);
    }
    for (const name of n.output ?? []) if (name) known.add(name);
  }
  for (const o of graph.output ?? []) {
    if (!known.has(o.name ?? '')) throw new TensorloomError(OP, `graph output '${o.name}' is never computed`);
  }
}

/** Prepares a decoded model for running. */
export function prepareGraph(model: ModelProto, external?: ExternalData): PreparedGraph {
  const graph = model.graph;
  if (!graph) throw new TensorloomError(OP, 'the model has no graph');
  const opset = opsetOf(model);
  const nodes = graph.node ?? [];
  checkOps(nodes);
  const initializers = new Map<string, HostTensor>();
  for (const t of graph.initializer ?? []) initializers.set(t.name ?? '', readTensorProto(OP, t, external));
  if ((graph.sparseInitializer ?? []).length) throw new TensorloomError(OP, 'sparse initializers are not supported');
  const inputs = (graph.input ?? []).filter((v) => !initializers.has(v.name ?? '')).map((v, i) => specOf(v, `input${i}`));
  const outputs = (graph.output ?? []).map((v, i) => specOf(v, `output${i}`));
  checkOrder(graph, new Set([...inputs.map((v) => v.name), ...initializers.keys()]));
  return { opset, inputs, outputs, initializers, nodes };
}
