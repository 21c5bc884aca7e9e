/**
 * The backend's graph builder: @tensorloom/onnx's GraphBuilder with constants shared by value
 * (so onnxruntime's common-subexpression pass sees equal inputs as equal), embedded literals as
 * initializers, and a final sweep that drops nodes no graph output needs (emitters may make a
 * value in two shapes and leave one unused).
 */
import { GraphBuilder } from '@tensorloom/onnx';
import type { DType } from '@tensorloom/core';

export class LoomGraphBuilder extends GraphBuilder {
  private readonly shared = new Map<string, string>();

  constructor() { super(null); }

  override int64(values: readonly number[], shape: readonly number[] = [values.length]): string {
    return this.share(`i64[${shape.join(',')}]${values.join(',')}`, () => super.int64(values, shape));
  }

  override scalar(value: number, dtype: DType): string {
    return this.share(`${dtype}[]${Object.is(value, -0) ? '-0' : String(value)}`, () => super.scalar(value, dtype));
  }

  /** An initializer holding `values` (one per distinct value, shape and dtype). */
  literal(dtype: DType, shape: readonly number[], values: ArrayLike<number>): string {
    const text = Array.from(values, (v) => (Object.is(v, -0) ? '-0' : String(v))).join(',');
    return this.share(`lit${dtype}[${shape.join(',')}]${text}`, () => this.initializer(this.fresh('lit'), dtype, shape, values));
  }

  /** Drops the nodes and initializers that none of `outputs` needs. */
  prune(outputs: readonly string[]): void {
    const needed = new Set(outputs);
    const kept: typeof this.nodes = [];
    for (let i = this.nodes.length - 1; i >= 0; i--) {
      const n = this.nodes[i];
      if (!(n.output ?? []).some((o) => needed.has(o))) continue;
      kept.push(n);
      for (const x of n.input ?? []) needed.add(x);
    }
    this.nodes.splice(0, this.nodes.length, ...kept.reverse());
    const inits = this.initializers.filter((t) => needed.has(t.name as string));
    this.initializers.splice(0, this.initializers.length, ...inits);
  }

  private share(key: string, make: () => string): string {
    let name = this.shared.get(key);
    if (name === undefined) { name = make(); this.shared.set(key, name); }
    return name;
  }
}
