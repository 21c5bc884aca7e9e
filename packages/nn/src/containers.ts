/**
 * Containers: Sequential (children '0', '1', … or named, run in order), ModuleList and
 * ModuleDict (hold modules so their parameters are registered; no forward of their own).
 */
import { TensorloomError, tidy, type Tensor } from '@tensorloom/core';
import { Module, type AnyModule } from './module.js';

/** A module that maps one tensor to one tensor (what Sequential chains). */
export type TensorModule = Module<[Tensor], Tensor>;

export class Sequential extends Module {
  private readonly layers: TensorModule[] = [];

  /**
   * Chains modules; children are named '0', '1', … as in PyTorch, or by the keys of an object.
   *
   * @example
   * const model = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 2));
   * const named = new Sequential({ fc1: new Linear(4, 8), act: new ReLU() });
   */
  constructor(...modules: TensorModule[] | [Record<string, TensorModule>]) {
    super();
    if (modules.length === 1 && !(modules[0] instanceof Module)) {
      for (const [name, m] of Object.entries(modules[0] as Record<string, TensorModule>)) this.addModule(name, m);
    } else {
      for (const m of modules as TensorModule[]) this.add(m);
    }
  }

  /** Appends a module named by its position. @example model.add(new ReLU()) */
  add(m: TensorModule): this { return this.addModule(String(this.layers.length), m); }

  /** Appends a module under `name`. */
  addModule(name: string, m: TensorModule): this {
    if (!(m instanceof Module)) throw new TensorloomError('Sequential', `'${name}' is not a Module`);
    this.registerModule(name, m as unknown as AnyModule);
    this.layers.push(m);
    return this;
  }

  /** The i-th module (negative counts from the end). */
  at(i: number): TensorModule {
    const m = this.layers[i < 0 ? i + this.layers.length : i];
    if (!m) throw new TensorloomError('Sequential', `index ${i} is out of range for ${this.layers.length} modules`);
    return m;
  }
  get length(): number { return this.layers.length; }
  [Symbol.iterator](): Iterator<TensorModule> { return this.layers[Symbol.iterator](); }

  forward(x: Tensor): Tensor {
    if (this.layers.length === 0) return x;
    return tidy(() => {
      let y = x;
      for (const m of this.layers) y = m.forward(y);
      return y;
    });
  }
}

export class ModuleList<M extends AnyModule = AnyModule> extends Module<never[], never> {
  private readonly items: M[] = [];

  /**
   * A list of modules whose parameters are registered ('0', '1', …).
   *
   * @example
   * const blocks = new ModuleList([new Linear(4, 4), new Linear(4, 4)]);
   * for (const b of blocks) x = b.forward(x);
   */
  constructor(modules: readonly M[] = []) {
    super();
    for (const m of modules) this.push(m);
  }
  push(m: M): this {
    this.registerModule(String(this.items.length), m);
    this.items.push(m);
    return this;
  }
  at(i: number): M {
    const m = this.items[i < 0 ? i + this.items.length : i];
    if (!m) throw new TensorloomError('ModuleList', `index ${i} is out of range for ${this.items.length} modules`);
    return m;
  }
  get length(): number { return this.items.length; }
  [Symbol.iterator](): Iterator<M> { return this.items[Symbol.iterator](); }
  forward(): never { throw new TensorloomError('ModuleList', 'a ModuleList has no forward; iterate over it and call each module'); }
}

export class ModuleDict<M extends AnyModule = AnyModule> extends Module<never[], never> {
  private readonly items = new Map<string, M>();

  /**
   * Modules by name, registered under those names.
   *
   * @example
   * const heads = new ModuleDict({ cls: new Linear(8, 3), reg: new Linear(8, 1) });
   * heads.get('cls').forward(h);
   */
  constructor(modules: Record<string, M> = {}) {
    super();
    for (const [k, m] of Object.entries(modules)) this.set(k, m);
  }
  set(key: string, m: M): this {
    this.registerModule(key, m);
    this.items.set(key, m);
    return this;
  }
  get(key: string): M {
    const m = this.items.get(key);
    if (!m) throw new TensorloomError('ModuleDict', `no module '${key}'; keys: ${[...this.items.keys()].join(', ') || 'none'}`);
    return m;
  }
  has(key: string): boolean { return this.items.has(key); }
  keys(): string[] { return [...this.items.keys()]; }
  entries(): Array<[string, M]> { return [...this.items]; }
  get size(): number { return this.items.size; }
  forward(): never { throw new TensorloomError('ModuleDict', 'a ModuleDict has no forward; pick a module with get(key)'); }
}
