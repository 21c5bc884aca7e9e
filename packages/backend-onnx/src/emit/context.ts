/**
 * What every emitter gets: the graph builder, the node to emit, its inputs' value names and
 * the name its result must take.
 */
import type { GraphBuilder } from '@tensorloom/onnx';
import type { LazyNode } from '../lazy_node.js';

export interface EmitArgs {
  readonly g: GraphBuilder;
  readonly node: LazyNode;
  /** The value names of node.inputs, in order. */
  readonly ins: readonly string[];
  /** The name the node's value must have. */
  readonly out: string;
}

/** Appends the ONNX nodes computing one lazy node. */
export type Emitter = (e: EmitArgs) => void;

/** The attributes of `e.node`, typed. */
export function attrsOf<A>(e: EmitArgs): A { return e.node.attrs as A; }
