/**
 * The kernel tables: every primitive and fused op records a pending node. Index tensors whose
 * values are on the host (written from JS, or computed by an earlier graph) are checked here,
 * synchronously, as the contract asks; indices still pending are clamped in the graph instead.
 */
import { PRIMITIVE_NAMES, TensorloomError } from '@tensorloom/core';
import type { ComposedOpAttrs, FusedKernels, OutputSpec, PrimitiveKernels, TensorInfo } from '@tensorloom/core';
import { LazyNode } from './lazy_node.js';

/** What the kernels need from their backend. */
export interface NodeSink {
  /** The storage of `info` as a node of exactly `info.shape`. */
  arg(info: TensorInfo<LazyNode>): LazyNode;
  /** Takes a new pending node (and flushes past the node limit). */
  add(node: LazyNode): LazyNode;
}

/** The fused composed ops (softmaxCrossEntropy's VJP is core's composition, recorded into the same graph). */
export const FUSED_OPS = [
  'softmax', 'logSoftmax', 'logsumexp', 'softmaxCrossEntropy', 'conv2d', 'conv2dInputGrad', 'conv2dFilterGrad', 'maxPool2d', 'maxPool2dGrad',
  'avgPool2d', 'sigmoid', 'softplus',
] as const;

/** Throws a TensorloomError naming `op` when a host-known index is outside [0, size). */
function checkIndices(op: string, indices: LazyNode, axis: number, size: number): boolean {
  const values = indices.state === 'ready' ? (indices.host ?? indices.value?.data) as Int32Array | undefined : undefined;
  if (!values) return false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= 0 && v < size)) {
      throw new TensorloomError(op, `index ${v} is out of range for axis ${axis} of size ${size}; indices must be in [0, ${size})`);
    }
  }
  return true;
}

function record(sink: NodeSink, op: string, inputs: TensorInfo<LazyNode>[], attrs: object, out: OutputSpec): LazyNode {
  return sink.add(new LazyNode(op, inputs.map((i) => sink.arg(i)), attrs as Record<string, unknown>, out.shape, out.dtype));
}

/** The primitive kernels of a backend that records into `sink`. */
export function makeKernels(sink: NodeSink): PrimitiveKernels<LazyNode> {
  const table: Record<string, unknown> = {};
  for (const op of PRIMITIVE_NAMES) {
    table[op] = (inputs: TensorInfo<LazyNode>[], attrs: object, out: OutputSpec) => record(sink, op, inputs, attrs, out);
  }
  table.gather = (inputs: TensorInfo<LazyNode>[], attrs: { axis: number }, out: OutputSpec) => {
    const checked = checkIndices('gather', sink.arg(inputs[1]), attrs.axis, inputs[0].shape[attrs.axis]);
    return record(sink, 'gather', inputs, { ...attrs, checked }, out);
  };
  table.scatterAdd = (inputs: TensorInfo<LazyNode>[], attrs: { axis: number }, out: OutputSpec) => {
    const checked = checkIndices('scatterAdd', sink.arg(inputs[1]), attrs.axis, inputs[0].shape[attrs.axis]);
    return record(sink, 'scatterAdd', inputs, { ...attrs, checked }, out);
  };
  return table as unknown as PrimitiveKernels<LazyNode>;
}

/** The fused kernels of a backend that records into `sink`. */
export function makeFused(sink: NodeSink): FusedKernels<LazyNode> {
  const table: Record<string, unknown> = {};
  for (const op of FUSED_OPS) {
    table[op] = (inputs: TensorInfo<LazyNode>[], attrs: object, out: OutputSpec) => record(sink, op, inputs, attrs, out);
  }
  // Class targets known on the host are checked as core's composition checks them (its gather).
  table.softmaxCrossEntropy = (inputs: TensorInfo<LazyNode>[], attrs: ComposedOpAttrs['softmaxCrossEntropy'], out: OutputSpec) => {
    const target = sink.arg(inputs[1]);
    const values = target.dtype === 'int32' && target.state === 'ready' ? (target.host ?? target.value?.data) as Int32Array | undefined : undefined;
    if (values) {
      const classes = inputs[0].shape[attrs.axis];
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (!(v >= 0 && v < classes) && v !== attrs.ignoreIndex) {
          throw new TensorloomError('softmaxCrossEntropy', `a class target is out of range: targets must be in [0, ${classes}) or equal ignoreIndex (got ${v})`);
        }
      }
    }
    return record(sink, 'softmaxCrossEntropy', inputs, { ...attrs, checked: values !== undefined }, out);
  };
  return table as FusedKernels<LazyNode>;
}
