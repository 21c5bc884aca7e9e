/**
 * Module: the base class of every layer and model. It holds parameters (Parameter
 * holders) and buffers (plain tensors such as running statistics) under PyTorch's names,
 * child modules, and a train/eval flag; it walks them by dotted name for state dicts,
 * optimizers and `to(backend)`.
 */
import { TensorloomError, keep, noGrad, type Tensor, formatShape, shapesEqual } from '@tensorloom/core';
import { Parameter } from './parameter.js';
import { summary } from './summary.js';

/** Any module, whatever its forward signature. */
export type AnyModule = Module<never[], unknown>;

/** A state dict: tensors by dotted name (`0.weight`, `bn.running_mean`). */
export type StateDict = Record<string, Tensor>;

export interface LoadStateDictOptions {
  /** Throw when keys are missing or unexpected (default true). Shape mismatches always throw. */
  strict?: boolean;
}

export interface LoadStateDictResult { missingKeys: string[]; unexpectedKeys: string[] }

interface BufferSlot { value: Tensor | null; persistent: boolean }

export abstract class Module<In extends unknown[] = [Tensor], Out = Tensor> {
  /** True in training mode (Dropout drops, BatchNorm uses batch statistics). */
  training = true;
  private readonly params = new Map<string, Parameter | null>();
  private readonly bufferSlots = new Map<string, BufferSlot>();
  private readonly children_ = new Map<string, AnyModule>();

  /** The computation. Subclasses implement it; call it as `module.forward(x)`. */
  abstract forward(...inputs: In): Out;

  /** The class name shown by `summary()` and `toString()`. */
  get typeName(): string { return this.constructor.name; }

  // ---- registration ----

  /**
   * Registers a parameter under `name` (PyTorch's name, e.g. `weight`), and returns it.
   *
   * @example
   * this.weight = this.registerParameter('weight', new Parameter(zeros([4, 3])));
   */
  registerParameter<P extends Parameter | null>(name: string, p: P): P {
    this.checkName(name);
    this.params.set(name, p);
    return p;
  }

  /**
   * Registers a buffer: state that is not trained but is saved (unless `persistent` is false).
   *
   * @example
   * this.registerBuffer('running_mean', zeros([c]));
   */
  registerBuffer(name: string, t: Tensor | null, persistent = true): void {
    this.checkName(name);
    this.bufferSlots.set(name, { value: t ? keep(t) : null, persistent });
  }

  /**
   * Registers a child module under `name`, and returns it.
   *
   * @example
   * this.fc = this.registerModule('fc', new Linear(4, 2));
   */
  registerModule<M extends AnyModule>(name: string, m: M): M {
    this.checkName(name);
    if (!(m instanceof Module)) throw new TensorloomError('registerModule', `'${name}' is not a Module`);
    this.children_.set(name, m);
    return m;
  }

  private checkName(name: string): void {
    if (typeof name !== 'string' || name === '' || name.includes('.')) {
      throw new TensorloomError('Module', `names must be non-empty and contain no '.', got '${name}'`);
    }
    if ((this.params.has(name) ? 1 : 0) + (this.bufferSlots.has(name) ? 1 : 0) + (this.children_.has(name) ? 1 : 0) > 0) {
      throw new TensorloomError('Module', `'${name}' is already registered on ${this.typeName}`);
    }
  }

  /**
   * Replaces the child registered as `name` with `m` (same name, same position), and returns
   * the old child, which the caller may dispose. Fields of this module that held the old child
   * (`this.fc`, a container's list or map) are pointed at the new one, as PyTorch's setattr does.
   *
   * @example
   * model.replaceModule('fc', new Linear(84, 3)).dispose();
   */
  replaceModule(name: string, m: AnyModule): AnyModule {
    const old = this.children_.get(name);
    if (!old) throw new TensorloomError('replaceModule', `no child '${name}' on ${this.typeName}; children: ${[...this.children_.keys()].join(', ') || 'none'}`);
    if (!(m instanceof Module)) throw new TensorloomError('replaceModule', `the replacement for '${name}' is not a Module`);
    this.children_.set(name, m);
    const self = this as unknown as Record<string, unknown>;
    for (const key of Object.keys(self)) {
      const v = self[key];
      if (v === old) self[key] = m;
      else if (Array.isArray(v)) v.forEach((x, i) => { if (x === old) v[i] = m; });
      else if (v instanceof Map && v !== this.children_) for (const [k, x] of v) if (x === old) v.set(k, m);
    }
    return old;
  }

  // ---- walking ----

  /** Direct children by name. @example for (const [name, m] of model.namedChildren()) {} */
  namedChildren(): Array<[string, AnyModule]> { return [...this.children_]; }
  children(): AnyModule[] { return [...this.children_.values()]; }

  /** This module and every descendant, by dotted name ('' for this one). */
  namedModules(prefix = ''): Array<[string, AnyModule]> {
    const out: Array<[string, AnyModule]> = [[prefix, this as unknown as AnyModule]];
    for (const [name, m] of this.children_) out.push(...m.namedModules(join(prefix, name)));
    return out;
  }
  modules(): AnyModule[] { return this.namedModules().map(([, m]) => m); }

  /**
   * Parameters by dotted name, this module's first, then each child's, as in PyTorch.
   *
   * @example
   * model.namedParameters().map(([n, p]) => `${n} ${p.shape}`);
   */
  namedParameters(prefix = '', recurse = true): Array<[string, Parameter]> {
    const out: Array<[string, Parameter]> = [];
    const seen = new Set<Parameter>();
    const walk = (m: AnyModule, pre: string, deep: boolean): void => {
      for (const [name, p] of m.params) if (p && !seen.has(p)) { seen.add(p); out.push([join(pre, name), p]); }
      if (deep) for (const [name, c] of m.children_) walk(c, join(pre, name), true);
    };
    walk(this as unknown as AnyModule, prefix, recurse);
    return out;
  }

  /** Every parameter (shared ones once). @example new SGD(model.parameters(), { lr: 0.1 }) */
  parameters(recurse = true): Parameter[] { return this.namedParameters('', recurse).map(([, p]) => p); }

  /** Buffers by dotted name. */
  namedBuffers(prefix = '', recurse = true): Array<[string, Tensor]> {
    const out: Array<[string, Tensor]> = [];
    for (const [name, b] of this.bufferSlots) if (b.value) out.push([join(prefix, name), b.value]);
    if (recurse) for (const [name, c] of this.children_) out.push(...c.namedBuffers(join(prefix, name), true));
    return out;
  }
  buffers(): Tensor[] { return this.namedBuffers().map(([, t]) => t); }

  /** The parameter at a dotted name, or a TensorloomError. @example model.getParameter('0.weight') */
  getParameter(path: string): Parameter {
    const [owner, name] = this.resolve(path);
    const p = owner.params.get(name);
    if (!p) throw new TensorloomError('getParameter', `no parameter '${path}' on ${this.typeName}; it has ${this.namedParameters().map(([n]) => n).join(', ') || 'none'}`);
    return p;
  }

  /** The buffer at a dotted name, or a TensorloomError. */
  getBuffer(path: string): Tensor {
    const [owner, name] = this.resolve(path);
    const b = owner.bufferSlots.get(name)?.value;
    if (!b) throw new TensorloomError('getBuffer', `no buffer '${path}' on ${this.typeName}`);
    return b;
  }

  /** The descendant module at a dotted name. @example model.getModule('encoder.0') */
  getModule(path: string): AnyModule {
    if (path === '') return this as unknown as AnyModule;
    let m = this as unknown as AnyModule;
    for (const part of path.split('.')) {
      const c = m.children_.get(part);
      if (!c) throw new TensorloomError('getModule', `no submodule '${path}' on ${this.typeName}`);
      m = c;
    }
    return m;
  }

  private resolve(path: string): [AnyModule, string] {
    const i = path.lastIndexOf('.');
    return i < 0 ? [this as unknown as AnyModule, path] : [this.getModule(path.slice(0, i)), path.slice(i + 1)];
  }

  /**
   * Replaces a parameter's value in place (the Parameter holder stays the same object).
   *
   * @example
   * model.setParameter('0.bias', zeros([4]));
   */
  setParameter(path: string, t: Tensor): void { this.getParameter(path).assign(t); }

  /** Replaces a buffer's value, disposing the old one. @example bn.setBuffer('running_mean', m) */
  setBuffer(path: string, t: Tensor): void {
    const [owner, name] = this.resolve(path);
    const slot = owner.bufferSlots.get(name);
    if (!slot) throw new TensorloomError('setBuffer', `no buffer '${path}' on ${this.typeName}`);
    if (slot.value === t) return;
    const old = slot.value;
    slot.value = keep(t);
    old?.dispose();
  }

  // ---- modes ----

  /** Sets training mode on this module and every descendant. @example model.train() */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }
  /** Evaluation mode (`train(false)`). @example model.eval() */
  eval(): this { return this.train(false); }

  /** Calls `fn` on every descendant, then on this module (PyTorch's `apply`). */
  apply(fn: (m: AnyModule) => void): this {
    for (const c of this.children_.values()) c.apply(fn);
    fn(this as unknown as AnyModule);
    return this;
  }

  /** Total number of parameter elements. @example model.numParameters() */
  numParameters(onlyTrainable = false): number {
    return this.parameters().filter((p) => !onlyTrainable || p.requiresGrad).reduce((n, p) => n + p.size, 0);
  }

  /** Clears the gradient of every parameter. @example model.zeroGrad() */
  zeroGrad(): void { for (const p of this.parameters()) p.grad = null; }

  // ---- state dicts and devices ----

  /**
   * Parameters and persistent buffers by dotted name, with PyTorch's keys and order. The
   * tensors are the live values (owned by the module; do not dispose them) unless
   * `clone` is true, when they are copies the caller owns.
   *
   * @example
   * const sd = model.stateDict({ clone: true }); // a snapshot
   */
  stateDict(options: { clone?: boolean } = {}): StateDict {
    const out: StateDict = {};
    const walk = (m: AnyModule, pre: string): void => {
      for (const [name, p] of m.params) if (p) out[join(pre, name)] = p.value;
      for (const [name, b] of m.bufferSlots) if (b.value && b.persistent) out[join(pre, name)] = b.value;
      for (const [name, c] of m.children_) walk(c, join(pre, name));
    };
    walk(this as unknown as AnyModule, '');
    if (options.clone) for (const k of Object.keys(out)) out[k] = keep(noGrad(() => out[k].clone()));
    return out;
  }

  /**
   * Copies values from `dict` into the parameters and buffers (the dict stays the caller's).
   * Strict by default: missing and unexpected keys throw; wrong shapes always throw. The
   * error lists every offending key.
   *
   * @example
   * model.loadStateDict(loadSafetensors(bytes));
   */
  loadStateDict(dict: StateDict, options: LoadStateDictOptions = {}): LoadStateDictResult {
    const strict = options.strict ?? true;
    const own = this.stateDict();
    const missingKeys = Object.keys(own).filter((k) => !(k in dict));
    const unexpectedKeys = Object.keys(dict).filter((k) => !(k in own));
    const mismatched = Object.keys(own).filter((k) => k in dict && !shapesEqual(own[k].shape, dict[k].shape))
      .map((k) => `${k}: checkpoint ${formatShape(dict[k].shape)} vs model ${formatShape(own[k].shape)}`);
    const problems: string[] = [];
    if (strict && missingKeys.length) problems.push(`missing keys: ${missingKeys.join(', ')}`);
    if (strict && unexpectedKeys.length) problems.push(`unexpected keys: ${unexpectedKeys.join(', ')}`);
    if (mismatched.length) problems.push(`shape mismatches: ${mismatched.join('; ')}`);
    if (problems.length) {
      throw new TensorloomError('loadStateDict', `the state dict does not fit ${this.typeName}: ${problems.join('; ')}` +
        (strict && (missingKeys.length || unexpectedKeys.length) ? '; pass { strict: false } to load the keys that match' : ''));
    }
    const params = new Map(this.namedParameters());
    for (const key of Object.keys(own)) {
      if (!(key in dict)) continue;
      const src = dict[key];
      const value = noGrad(() => (src.dtype === own[key].dtype ? src.clone() : src.cast(own[key].dtype)));
      const p = params.get(key);
      if (p) p.assign(value);
      else this.setBuffer(key, value);
    }
    return { missingKeys, unexpectedKeys };
  }

  /**
   * Moves every parameter and buffer to the backend `name` (gradients are dropped).
   *
   * @example
   * model.to('webgpu');
   */
  to(backend: string): this {
    for (const p of this.parameters()) if (p.value.backend.name !== backend) p.assign(p.value.to(backend));
    for (const [name, b] of this.namedBuffers()) if (b.backend.name !== backend) this.setBuffer(name, b.to(backend));
    return this;
  }

  /** Frees every parameter and buffer. */
  dispose(): void {
    for (const p of this.parameters()) p.dispose();
    for (const b of this.buffers()) b.dispose();
  }

  /**
   * A Keras-style table of the layers, their output shapes and parameter counts, from one
   * forward pass on zeros of `input` (a shape) or on `input` itself.
   *
   * @example
   * console.log(model.summary([1, 3, 32, 32]));
   */
  summary(input: readonly number[] | Tensor): string {
    return summary(this as unknown as Module<[Tensor], unknown>, input);
  }

  /** A one-line-per-module description, like PyTorch's repr. */
  toString(): string {
    const lines: string[] = [];
    const walk = (m: AnyModule, name: string, depth: number): void => {
      const extra = m.extraRepr();
      lines.push(`${'  '.repeat(depth)}${name ? `(${name}): ` : ''}${m.typeName}(${extra})`);
      for (const [n, c] of m.children_) walk(c, n, depth + 1);
    };
    walk(this as unknown as AnyModule, '', 0);
    return lines.join('\n');
  }

  /** The arguments shown by `toString()` (override in layers). */
  extraRepr(): string { return ''; }
}

function join(prefix: string, name: string): string { return prefix ? `${prefix}.${name}` : name; }
