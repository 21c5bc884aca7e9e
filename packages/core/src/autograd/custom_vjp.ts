/**
 * customVjp: a function with a hand-written gradient (JAX's custom_vjp, PyTorch's
 * autograd.Function). The forward runs without recording; the rule gives the gradients.
 */
import { TensorloomError } from '../errors.js';
import { record } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { noGrad } from './grad_mode.js';

/** The gradient rule: upstream gradient, the inputs and the output in; one gradient (or null) per input out. */
export type CustomVjpRule = (g: Tensor, inputs: Tensor[], output: Tensor) => Array<Tensor | null>;

/**
 * Wraps `forward` so that its gradient is `rule` (written with core ops, so it is itself
 * differentiable for higher-order gradients).
 *
 * @example
 * // A straight-through estimator: round in the forward pass, identity gradient.
 * const roundSte = customVjp((x) => x.add(0.5).floor(), (g) => [g]);
 */
export function customVjp(forward: (...xs: Tensor[]) => Tensor, rule: CustomVjpRule): (...xs: Tensor[]) => Tensor {
  return (...xs) => {
    const out = noGrad(() => forward(...xs));
    if (!out || typeof out !== 'object' || !('shape' in out)) throw new TensorloomError('customVjp', 'the forward function must return a Tensor');
    if (xs.includes(out)) throw new TensorloomError('customVjp', 'the forward function returned one of its inputs; return a new tensor (e.g. x.clone())');
    record('customVjp', xs, null, out, (g, inputs, output) => rule(g, inputs, output));
    return out;
  };
}
