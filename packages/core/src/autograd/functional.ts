/**
 * Functional autodiff (JAX style): `grad(f)`, `valueAndGrad(f)` and `vjp(f, x, g)`.
 * They nest: `grad(grad(f))` differentiates the recorded backward pass.
 */
import { TensorloomError, formatShape } from '../errors.js';
import { endScope, startScope, trackInScope } from '../memory.js';
import type { Node } from './node.js';
import type { Tensor } from '../tensor.js';
import { gradients } from './backward.js';
import { enterFunctional, exitFunctional, functionalDepth, isGradEnabled, withGradMode } from './grad_mode.js';
import { reshape } from '../ops/movement.js';
import { onesLike, zerosLike } from '../ops/fill.js';
import { detach } from '../ops/copy.js';
import { shapesEqual } from '../shape.js';

/** A fresh differentiation variable for `x`, connected to x's own graph when x has one. */
function variableFor(x: Tensor): Tensor {
  if (x.node && isGradEnabled()) return reshape(x, x.shape); // a new node whose input is x
  return detach(x).requiresGrad_();
}

function checkTensors(op: string, xs: readonly unknown[]): asserts xs is Tensor[] {
  xs.forEach((x, i) => {
    if (x === null || typeof x !== 'object' || !('node' in x) || !('shape' in x)) {
      throw new TensorloomError(op, `argument ${i} is not a Tensor; differentiate with respect to tensors only`);
    }
  });
}

/** Runs f on fresh variables and differentiates its output, seeded by `seedOf(output)`. */
function differentiate(
  op: string, f: (...xs: Tensor[]) => Tensor, xs: readonly Tensor[], seedOf: (y: Tensor) => Tensor, ownsSeed: boolean,
): [Tensor, Tensor[]] {
  checkTensors(op, xs);
  const createGraph = (functionalDepth() > 0 || xs.some((x) => x.node)) && isGradEnabled();
  enterFunctional();
  try {
    const vars = withGradMode(true, () => xs.map(variableFor));
    // f's intermediates are freed when it returns (the graph keeps what backward needs).
    startScope();
    let y: Tensor;
    try {
      y = withGradMode(true, () => f(...vars));
    } finally {
      endScope(y!);
    }
    if (!y || typeof y !== 'object' || !('shape' in y)) throw new TensorloomError(op, 'the function must return a Tensor');
    if (y.dtype !== 'float32') throw new TensorloomError(op, `the function returned a ${y.dtype} tensor; only float32 outputs are differentiable`);
    const seed = seedOf(y);
    const targets = vars.map((v) => v.node!);
    let grads: Map<Node, Tensor>;
    try {
      grads = gradients(y, seed, targets, { createGraph });
    } finally {
      if (ownsSeed) seed.dispose();
    }
    const result = vars.map((v, i) => {
      const g = grads.get(v.node!) ?? zerosLike(xs[i]);
      trackInScope(g);
      return g;
    });
    if (!createGraph) y.dropNode();
    for (const v of vars) if (v !== y) v.dispose();
    return [y, result];
  } finally {
    exitFunctional();
  }
}

/**
 * Returns a function that computes `f` and its gradient with respect to every argument.
 *
 * @example
 * const [loss, [dw]] = valueAndGrad((w) => w.mul(w).sum())(tensor([1, 2]));
 * // loss = 5, dw = [2, 4]
 */
export function valueAndGrad(f: (...xs: Tensor[]) => Tensor): (...xs: Tensor[]) => [Tensor, Tensor[]] {
  return (...xs) => differentiate('valueAndGrad', f, xs, (y) => {
    if (y.size !== 1) throw new TensorloomError('valueAndGrad', `the function must return a one-element tensor, got ${formatShape(y.shape)}; use vjp for other outputs`);
    return onesLike(y);
  }, true);
}

/**
 * Returns a function that computes the gradient of scalar-valued `f` with respect to its
 * first argument. Nests for higher-order derivatives.
 *
 * @example
 * const d2 = grad(grad((x) => x.pow(3).sum()));
 * d2(tensor(2)); // 12
 */
export function grad(f: (...xs: Tensor[]) => Tensor): (...xs: Tensor[]) => Tensor {
  return (...xs) => {
    const [y, grads] = differentiate('grad', f, xs, (out) => {
      if (out.size !== 1) throw new TensorloomError('grad', `the function must return a one-element tensor, got ${formatShape(out.shape)}; use vjp for other outputs`);
      return onesLike(out);
    }, true);
    y.dispose();
    grads.slice(1).forEach((g) => g.dispose());
    return grads[0];
  };
}

/**
 * The vector-Jacobian product of `f` at `x` with cotangent `g`: returns `[f(x), gᵀ·J]`.
 *
 * @example
 * const [y, [dx]] = vjp((x) => x.softmax(-1), [logits], upstream);
 */
export function vjp(f: (...xs: Tensor[]) => Tensor, xs: Tensor | Tensor[], g: Tensor): [Tensor, Tensor[]] {
  const list = Array.isArray(xs) ? xs : [xs];
  return differentiate('vjp', f, list, (y) => {
    if (!shapesEqual(y.shape, g.shape)) {
      throw new TensorloomError('vjp', `the cotangent has shape ${formatShape(g.shape)} but f returned ${formatShape(y.shape)}; they must match`);
    }
    return g;
  }, false);
}
