/**
 * What every emitter gets: the graph builder, the node to emit, its inputs' value names, the
 * name its result should take, the values of inputs embedded as literals, views (the same
 * values in another shape, e.g. a matmul operand before core's reshape to [1, m, k]) and masked
 * values (made as where(mask, value, 0), so that a masking where after them needs no second Where).
 */
import type { TypedArray } from '@tensorloom/core';
import type { LoomGraphBuilder } from '../graph_builder.js';
import type { LazyNode } from '../lazy_node.js';

/** A value name holding a node's values (row-major) in `shape`. */
export interface View {
  readonly name: string;
  readonly shape: readonly number[];
}

export interface EmitArgs {
  readonly g: LoomGraphBuilder;
  readonly node: LazyNode;
  /** The value names of node.inputs, in order. */
  readonly ins: readonly string[];
  /** The name the node's value should have. */
  readonly out: string;
  /** The values of `n` when the graph embeds them (a small written value), else null. */
  literal(n: LazyNode): TypedArray | null;
  /** The cheapest name holding `n`'s values: its own, or an earlier view in another shape. */
  view(n: LazyNode): View;
  /** Records that `view` holds `n`'s values. */
  setView(n: LazyNode, view: View): void;
  /** How `n` was made as where(mask, value, +0), when its emitter said so, else null. */
  masked(n: LazyNode): Masked | null;
  /** Records that `n`'s value is where(mask, value, +0). */
  setMasked(n: LazyNode, m: Masked): void;
}

/** A value made as where(mask, value, +0): a later where(c, +0, it) can use one Where for both. */
export interface Masked {
  readonly mask: string;
  readonly value: string;
}

/**
 * Appends the ONNX nodes computing one lazy node, into `e.out`, or returns the name of an
 * existing value of the node's shape that already holds the result (no node emitted).
 */
export type Emitter = (e: EmitArgs) => string | void;

/** The attributes of `e.node`, typed. */
export function attrsOf<A>(e: EmitArgs): A { return e.node.attrs as A; }

/** True when the two shapes are equal. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
