/**
 * Freezing for fine-tuning, done by hand with `requiresGrad` and optimizer parameter groups
 * (the fine-tuning toolkit's freeze/unfreeze-by-pattern and paramGroups will replace this
 * one file). A frozen parameter gets no gradient, and an optimizer made over the trainable
 * ones never touches it.
 */
import type { AdamOptions, AnyModule, ParamGroupInput, Parameter } from '@tensorloom/nn';

/** The parameters of `modules`, without duplicates. */
export function parametersOf(modules: readonly AnyModule[]): Parameter[] {
  return [...new Set(modules.flatMap((m) => m.parameters()))];
}

/**
 * Stops gradients to every parameter of `modules`; returns a function that undoes it.
 *
 * @example
 * const unfreeze = freeze([model.embedding, model.lstm]);
 * // train the head …
 * unfreeze();
 */
export function freeze(modules: readonly AnyModule[]): () => void {
  const changed = parametersOf(modules).filter((p) => p.requiresGrad);
  for (const p of changed) p.requiresGrad_(false);
  return () => { for (const p of changed) p.requiresGrad_(true); };
}

/** The parameters of `model` that still take gradients. */
export function trainableParameters(model: AnyModule): Parameter[] {
  return model.parameters().filter((p) => p.requiresGrad);
}

/**
 * Adam parameter groups: each listed group of modules with its own learning rate, and
 * every other trainable parameter of `model` at `restLr`.
 *
 * @example
 * new Adam(groupsByLr(model, [{ modules: [model.embedding, model.lstm], lr: 1e-4 }], 1e-3));
 */
export function groupsByLr(model: AnyModule, groups: ReadonlyArray<{ modules: readonly AnyModule[]; lr: number }>, restLr: number): Array<ParamGroupInput<AdamOptions>> {
  const taken = new Set<Parameter>();
  const out: Array<ParamGroupInput<AdamOptions>> = [];
  for (const g of groups) {
    const params = parametersOf(g.modules).filter((p) => p.requiresGrad && !taken.has(p));
    params.forEach((p) => taken.add(p));
    if (params.length) out.push({ params, lr: g.lr });
  }
  const rest = trainableParameters(model).filter((p) => !taken.has(p));
  if (rest.length) out.push({ params: rest, lr: restLr });
  return out;
}
