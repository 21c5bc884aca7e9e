/**
 * Reverse-mode differentiation over the recorded graph: `gradients()` for chosen targets
 * (functional transforms) and `backward()` for every leaf (PyTorch style).
 */
import { TensorloomError, formatShape } from '../errors.js';
import { keep, tidy } from '../memory.js';
import type { Tensor } from '../tensor.js';
import { withGradMode } from './grad_mode.js';
import type { Node } from './node.js';
import { add } from '../ops/binary.js';
import { onesLike } from '../ops/fill.js';
import { shapesEqual } from '../shape.js';

/** Options of `backward()`. */
export interface BackwardOptions {
  /** Keep the saved tensors so backward can run through this graph again (default: createGraph). */
  retainGraph?: boolean;
  /** Record the backward pass itself, for higher-order gradients. */
  createGraph?: boolean;
}

/** Nodes reachable from `root` that lead to a target, in topological order (inputs first). */
function topoOrder(root: Node, isTarget: (n: Node) => boolean): Node[] {
  const order: Node[] = [];
  const leadsToTarget = new Map<Node, boolean>();
  const stack: Array<[Node, number]> = [[root, 0]];
  const onStack = new Set<Node>([root]);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [node, i] = top;
    if (isTarget(node) || node.isLeaf) {
      leadsToTarget.set(node, isTarget(node));
      stack.pop();
      order.push(node);
      continue;
    }
    if (node.released) {
      throw new TensorloomError(
        'backward',
        `the graph through '${node.op}' was already freed by an earlier backward(); pass { retainGraph: true } to the first call to go through it twice`,
      );
    }
    if (i < node.inputs.length) {
      top[1]++;
      const child = node.inputs[i].node;
      if (child && !leadsToTarget.has(child) && !onStack.has(child)) {
        onStack.add(child);
        stack.push([child, 0]);
      }
      continue;
    }
    stack.pop();
    leadsToTarget.set(node, node.inputs.some((t) => t.node !== null && leadsToTarget.get(t.node) === true));
    order.push(node);
  }
  return order.filter((n) => leadsToTarget.get(n));
}

/**
 * Gradients of `output` (seeded with `seed`) with respect to the nodes in `targets`; with
 * `targets === 'leaves'`, every leaf node. Targets are treated as independent variables.
 * Frees the traversed graph unless `retainGraph`.
 */
export function gradients(
  output: Tensor, seed: Tensor, targets: Node[] | 'leaves', options: BackwardOptions = {},
): Map<Node, Tensor> {
  const root = output.node;
  const result = new Map<Node, Tensor>();
  if (!root) return result;
  const targetSet = targets === 'leaves' ? null : new Set(targets);
  const isTarget = (n: Node): boolean => (targetSet ? targetSet.has(n) : n.isLeaf);
  const order = topoOrder(root, isTarget);
  const createGraph = options.createGraph ?? false;

  const owned = new Set<Tensor>();
  // A rule may hand the same tensor to several inputs; each target gets a tensor of its own.
  const own = (g: Tensor): Tensor => {
    const mine = g === seed || owned.has(g) ? g.clone() : g;
    owned.add(mine);
    return keep(mine);
  };
  tidy(() => withGradMode(createGraph, () => {
    const grads = new Map<Node, Tensor>([[root, seed]]);
    for (let k = order.length - 1; k >= 0; k--) {
      const node = order[k];
      const g = grads.get(node);
      if (!g) continue;
      if (isTarget(node) || node.isLeaf) { result.set(node, own(g)); continue; }
      const inputGrads = node.rule!(g, node.inputs, node.output!, node.attrs);
      node.inputs.forEach((input, i) => {
        const gi = inputGrads[i];
        if (!gi || !input.node) return;
        if (!shapesEqual(gi.shape, input.shape)) {
          throw new TensorloomError('backward', `internal: the rule of '${node.op}' gave a gradient of shape ${formatShape(gi.shape)} for an input of shape ${formatShape(input.shape)}`);
        }
        const prev = grads.get(input.node);
        grads.set(input.node, prev ? add(prev, gi) : gi);
      });
    }
  }));
  // As in PyTorch, a recorded backward keeps the graph by default; targets are boundaries.
  if (!(options.retainGraph ?? createGraph)) for (const n of order) if (!n.isLeaf && !isTarget(n)) n.freeSaved();
  return result;
}

/** `loss.backward()`: accumulates d(output)/d(leaf) into each leaf's `.grad` (Tensor.backward's body). */
export function backward(output: Tensor, grad?: Tensor, options: BackwardOptions = {}): void {
  output.assertAlive('backward');
  if (!output.node) {
    throw new TensorloomError('backward', 'this tensor does not require grad: no input of the computation was made with { requiresGrad: true } (or it ran inside noGrad)');
  }
  if (!grad && output.size !== 1) {
    throw new TensorloomError('backward', `a gradient can be created implicitly only for one-element outputs, got ${formatShape(output.shape)}; pass backward(grad) with a gradient of that shape`);
  }
  if (grad && !shapesEqual(grad.shape, output.shape)) {
    throw new TensorloomError('backward', `grad has shape ${formatShape(grad.shape)} but the output has shape ${formatShape(output.shape)}; they must match`);
  }
  const seed = grad ?? onesLike(output);
  let grads: Map<Node, Tensor>;
  try {
    grads = gradients(output, seed, 'leaves', options);
  } catch (e) {
    if (!grad) seed.dispose();
    throw e;
  }
  for (const [node, g] of grads) {
    if (node.grad) {
      const sum = withGradMode(options.createGraph ?? false, () => add(node.grad!, g));
      node.grad.dispose();
      g.dispose();
      node.grad = keep(sum);
    } else {
      node.grad = g;
    }
  }
  if (!grad) seed.dispose();
}
