/**
 * Optimizer: the base of SGD, Adam, AdamW, RMSprop and Adagrad. It holds parameter groups
 * (each with its own lr, weightDecay, …), per-parameter state tensors, `zeroGrad`, `step`
 * and state dicts. A step runs inside `noGrad` + `tidy`, assigns each Parameter its new
 * value and disposes the old value and the old state tensors, so memory stays flat.
 */
import { TensorloomError, Tensor, keep, noGrad, tidy } from '@tensorloom/core';
import { Parameter } from '../parameter.js';
import { checkStateDict } from './check_state_dict.js';

/** Per-parameter state: tensors (moments, buffers) and numbers (step counts). */
export type ParamState = Record<string, Tensor | number>;

/** A parameter group as the optimizer holds it: the params plus every option, resolved. */
export type ParamGroup<O> = O & { params: Parameter[]; initialLr?: number; [extra: string]: unknown };

/** A group as the user passes it: params plus any options that differ from the defaults. */
export type ParamGroupInput<O> = Partial<O> & { params: Parameter[] };

/** What `stateDict()` returns: state by parameter index, groups with parameter indices. */
export interface OptimizerStateDict {
  state: Record<number, ParamState>;
  paramGroups: Array<Record<string, unknown> & { params: number[] }>;
}

/**
 * Why an optimizer refuses plain tensors (PyTorch's `SGD([t])`): tensors are immutable here, so
 * an optimizer could not update `t` in place; a Parameter is the mutable holder it updates.
 */
const NOT_TENSORS = 'optimizers take Parameters, not tensors: tensors are immutable, so a step could not update t in place. '
  + 'Wrap it: const p = new Parameter(t); use p.value in the loss and new SGD([p], { lr }) (p.value is the updated tensor after each step), '
  + 'or pass module.parameters()';

export interface BaseOptions { lr: number; weightDecay: number }

export abstract class Optimizer<O extends BaseOptions = BaseOptions> {
  readonly paramGroups: Array<ParamGroup<O>> = [];
  readonly state = new Map<Parameter, ParamState>();
  readonly defaults: O;

  constructor(params: readonly Parameter[] | ReadonlyArray<ParamGroupInput<O>>, defaults: O) {
    this.defaults = defaults;
    if (!Array.isArray(params) || params.length === 0) {
      throw new TensorloomError(this.constructor.name, 'got an empty parameter list; pass model.parameters() or a list of { params, ...options } groups'
        + ' (a Keras-style model has no parameters until it is built: give its first layer an inputShape or call model.build(featureShape) first)');
    }
    if (params[0] instanceof Tensor) throw new TensorloomError(this.constructor.name, NOT_TENSORS);
    if (params[0] instanceof Parameter) this.addParamGroup({ params: params as Parameter[] } as ParamGroupInput<O>);
    else for (const g of params as ReadonlyArray<ParamGroupInput<O>>) this.addParamGroup(g);
  }

  /**
   * Adds a group of parameters with its own options (the rest from the defaults).
   *
   * @example
   * opt.addParamGroup({ params: head.parameters(), lr: 1e-3 });
   */
  addParamGroup(group: ParamGroupInput<O>): void {
    const name = this.constructor.name;
    if (!group || !Array.isArray(group.params) || group.params.length === 0) {
      throw new TensorloomError(name, 'each parameter group needs a non-empty params array ({ params: [...], lr })');
    }
    for (const p of group.params) {
      if (!(p instanceof Parameter)) throw new TensorloomError(name, (p as unknown) instanceof Tensor ? NOT_TENSORS : 'params must be Parameter objects (from module.parameters())');
      if (this.paramGroups.some((g) => g.params.includes(p))) throw new TensorloomError(name, 'a parameter appears in more than one parameter group');
    }
    const resolved = { ...this.defaults, ...group, params: [...group.params] } as ParamGroup<O>;
    this.validate(resolved);
    this.paramGroups.push(resolved);
  }

  /** Checks a group's options (subclasses add their own checks). */
  protected validate(group: ParamGroup<O>): void {
    if (!(group.lr >= 0)) throw new TensorloomError(this.constructor.name, `lr must be >= 0, got ${group.lr}`);
    if (!(group.weightDecay >= 0)) throw new TensorloomError(this.constructor.name, `weightDecay must be >= 0, got ${group.weightDecay}`);
  }

  /** Every parameter, in group order. */
  params(): Parameter[] { return this.paramGroups.flatMap((g) => g.params); }

  /**
   * Clears every parameter's gradient (PyTorch's `zero_grad(set_to_none=True)`).
   *
   * @example
   * opt.zeroGrad(); loss.backward(); opt.step();
   */
  zeroGrad(): void { for (const p of this.params()) p.grad = null; }

  /**
   * Updates every parameter that has a gradient, in place (each Parameter gets a new value).
   *
   * @example
   * loss.backward();
   * opt.step();
   */
  step(): void {
    noGrad(() => tidy(() => {
      for (const group of this.paramGroups) {
        for (const p of group.params) {
          const g = p.grad;
          if (!g || !p.requiresGrad) continue;
          let state = this.state.get(p);
          if (!state) this.state.set(p, (state = {}));
          const next = this.update(p.value, g, group, state);
          p.assign(next, { keepGrad: true });
        }
      }
    }));
  }

  /** Computes a parameter's new value from its gradient; updates `state` via `setState`. */
  protected abstract update(value: Tensor, grad: Tensor, group: ParamGroup<O>, state: ParamState): Tensor;

  /** Stores a state tensor (kept), disposing the one it replaces. */
  protected setState(state: ParamState, key: string, t: Tensor): void {
    const old = state[key];
    state[key] = keep(t);
    if (old instanceof Tensor && old !== t) old.dispose();
  }

  /**
   * The optimizer's state (copies of the state tensors) and group options, with parameters
   * as indices, like PyTorch's `optimizer.state_dict()`.
   *
   * @example
   * const saved = opt.stateDict();
   * opt2.loadStateDict(saved);
   */
  stateDict(): OptimizerStateDict {
    const params = this.params();
    const state: Record<number, ParamState> = {};
    params.forEach((p, i) => {
      const s = this.state.get(p);
      if (!s) return;
      const copy: ParamState = {};
      for (const [k, v] of Object.entries(s)) copy[k] = v instanceof Tensor ? keep(v.clone()) : v;
      state[i] = copy;
    });
    let at = 0;
    const paramGroups = this.paramGroups.map((g) => {
      const { params: ps, ...options } = g;
      const ids = ps.map(() => at++);
      return { ...structuredClone(options), params: ids };
    });
    return { state, paramGroups };
  }

  /**
   * Restores options and state saved by `stateDict()` (the dict stays the caller's).
   * The groups must have the same sizes as this optimizer's. The whole dict is checked first
   * (option kinds and ranges, parameter indices, finite numbers, integer step counts, state
   * tensor shapes and dtypes): a bad dict throws a TensorloomError and changes nothing.
   *
   * @example
   * opt.loadStateDict(checkpoint.optimizer);
   */
  loadStateDict(dict: OptimizerStateDict): void {
    checkStateDict(this, dict); // everything is checked before anything changes
    const params = this.params();
    const byId = new Map<number, Parameter>();
    dict.paramGroups.forEach((g, i) => g.params.forEach((id, j) => byId.set(id, this.paramGroups[i].params[j])));
    dict.paramGroups.forEach((g, i) => {
      const { params: _ids, ...options } = g;
      Object.assign(this.paramGroups[i], structuredClone(options));
    });
    for (const s of this.state.values()) for (const v of Object.values(s)) if (v instanceof Tensor) v.dispose();
    this.state.clear();
    for (const [id, s] of Object.entries(dict.state ?? {})) {
      const p = (byId.get(Number(id)) ?? params[Number(id)])!;
      const copy: ParamState = {};
      for (const [k, v] of Object.entries(s)) copy[k] = v instanceof Tensor ? keep(v.clone()) : v;
      this.state.set(p, copy);
    }
  }

  /** Frees every state tensor. */
  dispose(): void {
    for (const s of this.state.values()) for (const v of Object.values(s)) if (v instanceof Tensor) v.dispose();
    this.state.clear();
  }
}
