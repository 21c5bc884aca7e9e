/**
 * applyLora: wrap the Linear layers whose module paths match `targets` (globs or RegExps,
 * matched against the whole path: '*.out_proj', 'fc*'; other module types are skipped) in
 * LoraLinear, and freeze every other parameter, as PEFT does. A MultiheadAttention's packed
 * query/key/value projections are targeted as '<path>.qProj', '.kProj', '.vProj' (wrapped in
 * LoraMultiheadAttention); a target matching the attention's own path adapts q, k, v and out_proj.
 * `mergeLora` / `unmergeLora` fold the adapters in and out.
 */
import { TensorloomError } from '@tensorloom/core';
import { Linear, MultiheadAttention, type AnyModule } from '@tensorloom/nn';
import { globToRegExp } from '../name_patterns.js';
import { LoraLinear } from './lora_linear.js';
import { ATTENTION_PROJECTIONS, LoraMultiheadAttention, type AttentionProjection } from './lora_attention.js';

export interface LoraConfig {
  /** Module paths to adapt (globs on the whole dotted path, or RegExps). */
  targets: ReadonlyArray<string | RegExp>;
  rank?: number;
  alpha?: number;
  dropout?: number;
  /** Freeze every non-LoRA parameter (default true). */
  freezeBase?: boolean;
}

export interface LoraResult {
  /** Paths of the layers that now carry adapters. */
  adapted: string[];
  /** Trainable adapter parameters (elements). */
  adapterParameters: number;
}

/**
 * Adds LoRA adapters to the matching Linear layers in place.
 *
 * @example
 * const { adapted } = applyLora(model, { targets: ['*.qProj', 'fc*'], rank: 4, alpha: 8, dropout: 0.05 });
 */
export function applyLora(model: AnyModule, config: LoraConfig): LoraResult {
  const op = 'applyLora';
  if (!config || !Array.isArray(config.targets) || config.targets.length === 0) throw new TensorloomError(op, "needs targets: module paths such as ['fc1', '*.out_proj', '*.qProj']");
  const tests = config.targets.map((t) => (t instanceof RegExp ? t : globToRegExp(t)));
  const hits = (path: string): boolean => tests.some((re) => { re.lastIndex = 0; return re.test(path); });
  const inside = loraLayers(model).map(([p]) => `${p}.`);
  const linears: string[] = [];
  const attention = new Map<string, AttentionProjection[]>();
  for (const [path, m] of model.namedModules()) {
    if (path === '' || inside.some((p) => path.startsWith(p))) continue;
    if (m instanceof Linear && hits(path)) linears.push(path);
    else if (m instanceof MultiheadAttention) {
      // The MultiheadAttention's own path adapts q, k, v and out_proj; '<path>.qProj' etc. one each.
      const all = hits(path);
      const projections = ATTENTION_PROJECTIONS.filter((p) => all || hits(`${path}.${p}`));
      if (projections.length) attention.set(path, projections);
      if (all && !(m.outProj as unknown instanceof LoraLinear)) linears.push(`${path}.out_proj`);
    }
  }
  const adapted = [...new Set(linears)];
  if (adapted.length === 0 && attention.size === 0) {
    const names = model.namedModules().filter(([, m]) => m instanceof Linear || m instanceof MultiheadAttention).map(([n]) => n);
    throw new TensorloomError(op, `no Linear or MultiheadAttention projection matches ${config.targets.map(String).join(', ')}; layers: ${names.join(', ') || 'none'} (already adapted layers are skipped)`);
  }
  const parentOf = (path: string): [AnyModule, string] => {
    const at = path.lastIndexOf('.');
    return [model.getModule(at < 0 ? '' : path.slice(0, at)), path.slice(at + 1)];
  };
  for (const path of adapted) {
    const [parent, name] = parentOf(path);
    const wrapped = new LoraLinear(model.getModule(path) as unknown as Linear, config) as unknown as AnyModule;
    parent.replaceModule(name, wrapped);
    if (parent instanceof LoraMultiheadAttention) parent.base.replaceModule(name, wrapped);
  }
  for (const [path, projections] of attention) {
    const [parent, name] = parentOf(path);
    parent.replaceModule(name, new LoraMultiheadAttention(model.getModule(path) as unknown as MultiheadAttention, projections, config) as unknown as AnyModule);
  }
  if (config.freezeBase ?? true) {
    for (const [name, p] of model.namedParameters()) p.requiresGrad_(isLoraName(name));
  }
  const adapterParameters = model.namedParameters().filter(([n]) => isLoraName(n)).reduce((s, [, p]) => s + p.size, 0);
  return { adapted: [...adapted, ...[...attention].flatMap(([p, list]) => list.map((q) => `${p}.${q}`))], adapterParameters };
}

/** True for a LoRA adapter parameter's name. */
export function isLoraName(name: string): boolean { return /(^|\.)lora_[AB]\.weight$/.test(name); }

/** A layer that carries adapters. */
export type LoraLayer = LoraLinear | LoraMultiheadAttention;

/** Every LoRA layer in the model (LoraLinear, LoraMultiheadAttention), by path. */
export function loraLayers(model: AnyModule): Array<[string, LoraLayer]> {
  return model.namedModules().filter((e) => e[1] instanceof LoraLinear || e[1] instanceof LoraMultiheadAttention) as unknown as Array<[string, LoraLayer]>;
}

/**
 * Folds every adapter into its base weight (for inference or export).
 *
 * @example
 * mergeLora(model); exportOnnx(model, ...); unmergeLora(model);
 */
export function mergeLora(model: AnyModule): number {
  const layers = loraLayers(model);
  for (const [, l] of layers) l.merge();
  return layers.length;
}

/** Takes every merged adapter out of its base weight again. @example unmergeLora(model) */
export function unmergeLora(model: AnyModule): number {
  const layers = loraLayers(model);
  for (const [, l] of layers) l.unmerge();
  return layers.length;
}
