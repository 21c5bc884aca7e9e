/**
 * An autograd graph node: the op that made a tensor, the inputs it saved, and its VJP rule.
 * Leaves (parameters, `requiresGrad` inputs) are nodes without a rule that hold `.grad`.
 * Nodes are reference-counted by the tensors that point at them, so a graph is freed
 * deterministically when its last tensor is disposed, or right after `backward()`.
 */
import type { Tensor } from '../tensor.js';

/** A vector-Jacobian product: the gradient of each input given the output's gradient `g`. */
export type VjpFn<A = unknown> = (g: Tensor, inputs: Tensor[], output: Tensor, attrs: A) => Array<Tensor | null>;

let nextId = 0;

export class Node {
  readonly id = nextId++;
  /** Tensors pointing at this node (not counting the weak output copy). */
  refs = 0;
  /** The accumulated gradient of a leaf. */
  grad: Tensor | null = null;
  /** True once the saved tensors were freed (after backward, or when unreferenced). */
  released = false;

  constructor(
    readonly op: string,
    /** Retained copies of the op's inputs (they keep their own nodes alive). */
    readonly inputs: Tensor[],
    /** A weak copy of the output (its data, for rules such as exp's). */
    readonly output: Tensor | null,
    readonly attrs: unknown,
    readonly rule: VjpFn | null,
  ) {}

  get isLeaf(): boolean { return this.rule === null; }

  incRef(): void { this.refs++; }

  decRef(): void {
    if (--this.refs === 0) {
      this.freeSaved();
      this.grad?.dispose();
      this.grad = null;
    }
  }

  /** Frees the saved inputs and output; the node can no longer be differentiated through. */
  freeSaved(): void {
    if (this.released) return;
    this.released = true;
    for (const t of this.inputs) t.dispose();
    this.output?.dispose();
  }
}
