/**
 * The default VJP of a composed op: differentiate its composition. Used for composed ops
 * without a hand-written rule, so a fused kernel and the composition share one gradient.
 */
import { tidy, trackInScope } from '../memory.js';
import type { Tensor } from '../tensor.js';
import { isGradEnabled, withGradMode } from './grad_mode.js';
import type { VjpFn } from './node.js';
import { gradients } from './backward.js';

export function vjpOfComposition<A>(compose: (inputs: readonly Tensor[], attrs: A) => Tensor): VjpFn<A> {
  return (g, inputs, _output, attrs) => {
    const createGraph = isGradEnabled();
    return tidy(() => {
      const out = withGradMode(true, () => compose(inputs, attrs));
      const targets = inputs.map((t) => t.node).filter((n): n is NonNullable<typeof n> => n !== null);
      const grads = gradients(out, g, targets, { createGraph });
      // gradients() hands its results out of every scope; give them to this one so that the
      // caller (backward) owns and frees them like any other rule's output.
      for (const t of grads.values()) trackInScope(t);
      return inputs.map((t) => (t.node ? grads.get(t.node) ?? null : null));
    });
  };
}
