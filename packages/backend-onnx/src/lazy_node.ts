/**
 * The ONNX backend's storage: a lazy graph node. A kernel makes a `pending` node (op, inputs,
 * attributes, shape, dtype); `write` makes a `ready` node holding its host values (and, once a
 * graph is fed it, an onnxruntime tensor over them). A flush turns the pending nodes that are
 * still alive into graph outputs: they become `scheduled` (their graph is queued) and then
 * `ready` (or `failed`). Disposed pending nodes that a live node depends on stay internal to the
 * graph; consumers hold their inputs by reference, so a disposed node lives exactly as long as a
 * pending consumer needs it.
 */
import type { DType, TypedArray } from '@tensorloom/core';
import type { OrtTensorLike } from './ort_types.js';

/** Where a node is in its life. */
export type NodeState = 'pending' | 'scheduled' | 'ready' | 'failed' | 'dropped';

let nextId = 0;

/**
 * One tensor's storage on the ONNX backend: a recorded op, or a value (the backend makes these;
 * they appear as `tensor.info.data`).
 *
 * @example
 * const node = x.info.data as LazyNode; // node.state: 'pending' until a read or flush
 */
export class LazyNode {
  /** A unique id. */
  readonly id = nextId++;
  /** Inputs (pending and scheduled nodes only need them; cleared once the value is known). */
  inputs: LazyNode[];
  /** Where the node is in its life. */
  state: NodeState;
  /** False once core disposed the storage. */
  alive = true;
  /** The value as an onnxruntime tensor, once ready (made on first use for written values). */
  value: OrtTensorLike | null = null;
  /** The values of a written tensor, on the host (scalars may be embedded in a graph). */
  readonly host: TypedArray | null;
  /** A written int32 range 0, 1, …, n−1 (oneHot's classes, takeAlongAxis' rows): a literal like a scalar. */
  range = false;
  /** Why the graph that was to compute this node failed. */
  error: unknown = null;
  private sig: string | null = null;

  constructor(
    /** The op (a primitive's or fused op's name; `input` for written values). */
    readonly op: string,
    inputs: LazyNode[],
    /** The op's attributes. */
    readonly attrs: Record<string, unknown>,
    /** The value's shape. */
    readonly shape: readonly number[],
    /** The value's dtype. */
    readonly dtype: DType,
    value: OrtTensorLike | null = null,
    host: TypedArray | null = null,
  ) {
    this.inputs = inputs;
    this.value = value;
    this.host = host;
    this.state = value || host ? 'ready' : 'pending';
  }

  /** The op's structural signature (op, attributes, shape, dtype), part of the graph key. */
  get signature(): string {
    if (this.sig === null) this.sig = `${this.op}${JSON.stringify(this.attrs)}[${this.shape.join(',')}]${this.dtype}`;
    return this.sig;
  }

  /** The number of elements. */
  get size(): number {
    let n = 1;
    for (const d of this.shape) n *= d;
    return n;
  }
}
