/**
 * What an op implementation sees of its node: inputs (tensors or host values), attributes,
 * the opset, and helpers that turn inputs into tensors or host integers with errors that name
 * the node.
 */
import { TensorloomError, type Tensor } from '@tensorloom/core';
import { HostTensor } from './host_tensor.js';
import type { Attributes } from './attributes.js';
import { checkedSize } from './limits.js';

/** A graph value while it runs: a tensor, or a value known on the host. */
export type Value = Tensor | HostTensor;

export class NodeContext {
  constructor(
    /** `OpType 'node name'`, for messages. */
    readonly where: string,
    readonly opType: string,
    readonly opset: number,
    readonly inputs: ReadonlyArray<Value | undefined>,
    readonly numOutputs: number,
    readonly attrs: Attributes,
    readonly maxElements: number,
  ) {}

  fail(message: string): never { throw new TensorloomError(this.where, message); }

  has(i: number): boolean { return this.inputs[i] !== undefined; }

  /** Input `i` as a tensor (host values are uploaded). */
  tensor(i: number): Tensor {
    const v = this.inputs[i];
    if (v === undefined) this.fail(`input ${i} is required but missing`);
    return v instanceof HostTensor ? v.toTensor(this.where) : v;
  }

  optTensor(i: number): Tensor | undefined { return this.has(i) ? this.tensor(i) : undefined; }

  /** Input `i` as host values (integer shapes, axes, sizes): tensors are read back synchronously. */
  host(i: number): HostTensor {
    const v = this.inputs[i];
    if (v === undefined) this.fail(`input ${i} is required but missing`);
    if (v instanceof HostTensor) return v;
    try {
      return HostTensor.fromTensor(v);
    } catch (e) {
      this.fail(`input ${i} must be known on the host (a constant or computed from shapes) on this backend: ${(e as Error).message}`);
    }
  }

  /** Input `i` as a list of numbers, or undefined when it is absent. */
  ints(i: number): number[] | undefined {
    return this.has(i) ? this.host(i).numbers() : undefined;
  }

  /** Checks a size the graph computed before anything of that size is made. */
  checkSize(what: string, dims: readonly number[]): number {
    return checkedSize(this.where, what, dims, this.maxElements);
  }

  /** The rank of input `i`. */
  rank(i: number): number {
    const v = this.inputs[i];
    if (v === undefined) this.fail(`input ${i} is required but missing`);
    return v.shape.length;
  }

  /** A normalized axis for rank `r`, checked. */
  axis(a: number, r: number, what = 'axis'): number {
    const ax = a < 0 ? a + r : a;
    if (!Number.isInteger(ax) || ax < 0 || ax >= Math.max(r, 1)) this.fail(`${what} ${a} is out of range for rank ${r}`);
    return ax;
  }
}

/** An op implementation: returns one value per node output (fewer when trailing ones are unused). */
export type OpImpl = (ctx: NodeContext) => Value | Array<Value | undefined>;
