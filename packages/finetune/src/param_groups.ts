/**
 * Discriminative learning rates: `paramGroups` turns name rules into the parameter groups
 * any nn optimizer takes (first matching rule wins; the rest keep the optimizer's defaults),
 * and `layerwiseDecay` gives each layer, from the top down, the base rate times decay^depth.
 */
import { TensorloomError } from '@tensorloom/core';
import type { AnyModule, BaseOptions, Parameter, ParamGroupInput } from '@tensorloom/nn';
import { nameMatcher, type NamePatterns } from './name_patterns.js';

/** One rule: the parameters whose names match, and the options they get (lr, weightDecay, …). */
export type GroupRule<O extends BaseOptions = BaseOptions> = { match: NamePatterns } & Partial<O>;

/** A group as an optimizer takes it, with the rule's name and its parameters' names. */
export type NamedParamGroup<O extends BaseOptions = BaseOptions> = ParamGroupInput<O> & { name: string; paramNames: string[] };

export interface ParamGroupsOptions {
  /** What to do with parameters no rule matches: a last group with the defaults ('default'), leave them out ('exclude'), or throw ('error'). */
  rest?: 'default' | 'exclude' | 'error';
  /** Leave frozen parameters out (default false: they stay in, so unfreezing later trains them). */
  trainableOnly?: boolean;
}

/**
 * Parameter groups from name rules, for any optimizer.
 *
 * @example
 * const opt = new SGD(paramGroups(model, [{ match: 'features.*', lr: 1e-4 }, { match: 'head.*', lr: 1e-2 }]), { lr: 1e-3, momentum: 0.9 });
 */
export function paramGroups<O extends BaseOptions = BaseOptions>(model: AnyModule, rules: ReadonlyArray<GroupRule<O>>, options: ParamGroupsOptions = {}): Array<NamedParamGroup<O>> {
  const op = 'paramGroups';
  if (!Array.isArray(rules) || rules.length === 0) throw new TensorloomError(op, "needs a list of rules such as [{ match: 'head.*', lr: 1e-2 }]");
  const matchers = rules.map((r, i) => {
    if (!r || r.match === undefined) throw new TensorloomError(op, `rule ${i} has no 'match' pattern`);
    return nameMatcher(op, r.match);
  });
  const buckets = rules.map(() => ({ params: [] as Parameter[], names: [] as string[] }));
  const rest = { params: [] as Parameter[], names: [] as string[] };
  for (const [name, p] of model.namedParameters()) {
    if (options.trainableOnly && !p.requiresGrad) continue;
    const i = matchers.findIndex((m) => m(name));
    const bucket = i < 0 ? rest : buckets[i];
    bucket.params.push(p);
    bucket.names.push(name);
  }
  const groups: Array<NamedParamGroup<O>> = [];
  rules.forEach((rule, i) => {
    if (buckets[i].params.length === 0) {
      throw new TensorloomError(op, `rule ${i} (${String(rule.match)}) matches no parameter (earlier rules win); names look like ${model.namedParameters().slice(0, 4).map(([n]) => n).join(', ')}`);
    }
    const { match, ...opts } = rule;
    groups.push({ ...(opts as unknown as Partial<O>), params: buckets[i].params, name: String(match), paramNames: buckets[i].names } as NamedParamGroup<O>);
  });
  const mode = options.rest ?? 'default';
  if (rest.params.length > 0) {
    if (mode === 'error') throw new TensorloomError(op, `no rule matches ${rest.names.join(', ')}; add a rule or pass { rest: 'default' }`);
    if (mode === 'default') groups.push({ params: rest.params, name: 'rest', paramNames: rest.names } as unknown as NamedParamGroup<O>);
  }
  return groups;
}

export interface LayerwiseDecayOptions {
  /** The top layer's learning rate. */
  base: number;
  /** Factor per layer going down (0 < decay ≤ 1), e.g. 0.75. */
  decay: number;
  /** The layers, bottom first, as name patterns (default: the top-level children that have parameters). */
  layers?: ReadonlyArray<NamePatterns>;
}

/**
 * Layer-wise learning-rate decay: the top layer gets `base`, the one below `base·decay`, and so on.
 *
 * @example
 * const opt = new AdamW(layerwiseDecay(model, { base: 1e-3, decay: 0.5 }), { lr: 1e-3 });
 */
export function layerwiseDecay<O extends BaseOptions = BaseOptions>(model: AnyModule, options: LayerwiseDecayOptions): Array<NamedParamGroup<O>> {
  const op = 'layerwiseDecay';
  const { base, decay } = options ?? ({} as LayerwiseDecayOptions);
  if (!(base > 0)) throw new TensorloomError(op, `base must be a positive learning rate, got ${base}`);
  if (!(decay > 0 && decay <= 1)) throw new TensorloomError(op, `decay must be in (0, 1], got ${decay}`);
  const layers = options.layers ?? layerNames(model);
  if (layers.length === 0) throw new TensorloomError(op, 'the model has no parameters');
  const rules = layers.map((match, i) => ({ match, lr: base * decay ** (layers.length - 1 - i) }) as GroupRule<O>);
  return paramGroups<O>(model, rules, { rest: 'error' });
}

/** The top-level children that hold parameters (and '(own)' parameters as one more layer at the bottom), bottom first. */
export function layerNames(model: AnyModule): string[] {
  const tops: string[] = [];
  for (const [name] of model.namedParameters()) {
    const dot = name.indexOf('.');
    const top = dot < 0 ? name : name.slice(0, dot);
    if (!tops.includes(top)) tops.push(top);
  }
  return tops;
}
