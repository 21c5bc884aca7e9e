/**
 * Builds an ONNX GraphProto: nodes with fresh names, int64 and float constants as
 * initializers, and the batch-dependent shape vectors that dynamicBatch needs.
 */
import type { onnx } from 'onnx-proto';
import { writeTensorProto } from '../tensor_proto.js';
import type { DType } from '@tensorloom/core';

type Attr = onnx.IAttributeProto;

/**
 * ONNX node attributes by type.
 *
 * @example
 * g.node('Transpose', [x], [attr.ints('perm', [1, 0])]);
 */
export const attr = {
  int: (name: string, i: number): Attr => ({ name, type: 2, i }),
  ints: (name: string, ints: number[]): Attr => ({ name, type: 7, ints }),
  float: (name: string, f: number): Attr => ({ name, type: 1, f }),
  string: (name: string, s: string): Attr => ({ name, type: 3, s: new TextEncoder().encode(s) }),
};

/** An int vector whose entry i is a[i]·N + b[i], N the batch size (a all 0: a constant). */
export interface BatchLinear { a: number[]; b: number[] }

/**
 * Collects the nodes and initializers of an ONNX graph, naming each value freshly.
 *
 * @example
 * const g = new GraphBuilder(null);
 * const y = g.node('Add', ['x', g.scalar(1, 'float32')]);
 * encodeModel({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], graph: { node: g.nodes, initializer: g.initializers, input: [], output: [] } });
 */
export class GraphBuilder {
  readonly nodes: onnx.INodeProto[] = [];
  readonly initializers: onnx.ITensorProto[] = [];
  private counter = 0;
  private batchVector: string | null = null;

  constructor(private readonly batchSource: string | null) {}

  fresh(prefix: string): string { return `${prefix}_${this.counter++}`; }

  node(opType: string, inputs: string[], attrs: Attr[] = [], outputs?: string[]): string {
    const outs = outputs ?? [this.fresh(opType.toLowerCase())];
    this.nodes.push({ opType, input: inputs, output: outs, name: this.fresh(`${opType}`), attribute: attrs });
    return outs[0];
  }

  initializer(name: string, dtype: DType | 'int64', shape: readonly number[], values: ArrayLike<number>): string {
    this.initializers.push(writeTensorProto(name, dtype, shape, values));
    return name;
  }

  /** A Constant node (not an initializer, so importers do not take it for a weight). */
  constant(name: string, dtype: DType | 'int64', shape: readonly number[], values: ArrayLike<number>): string {
    const t = writeTensorProto(name, dtype, shape, values);
    this.nodes.push({ opType: 'Constant', input: [], output: [name], name: this.fresh('Constant'), attribute: [{ name: 'value', type: 4, t }] });
    return name;
  }

  int64(values: readonly number[], shape: readonly number[] = [values.length]): string {
    return this.initializer(this.fresh('const_i64'), 'int64', shape, values);
  }

  scalar(value: number, dtype: DType): string {
    return this.constant(this.fresh('const'), dtype, [], [value]);
  }

  /** The batch size as an int64 [1] vector, from the first graph input. */
  private batch(): string {
    if (!this.batchSource) throw new Error('internal: no batch source');
    if (!this.batchVector) {
      const shape = this.node('Shape', [this.batchSource]);
      this.batchVector = this.node('Slice', [shape, this.int64([0]), this.int64([1])]);
    }
    return this.batchVector;
  }

  /** An int64 vector of a·N + b (a constant when every a is 0). */
  shapeVector(v: BatchLinear): string {
    if (v.a.every((x) => x === 0)) return this.int64(v.b);
    const scaled = this.node('Mul', [this.batch(), this.int64(v.a)]);
    return this.node('Add', [scaled, this.int64(v.b)]);
  }
}
