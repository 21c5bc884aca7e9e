/**
 * applyLora: wrap the Linear layers whose module paths match `targets` (globs or RegExps,
 * matched against the whole path: '*.out_proj', 'fc*'; other module types are skipped) in LoraLinear, and freeze every
 * other parameter, as PEFT does. A MultiheadAttention matched by a target gets an adapter on
 * its output projection (`out_proj`); its packed q/k/v projection is not adapted.
 * `mergeLora` / `unmergeLora` fold the adapters in and out.
 */
import { TensorloomError } from '@tensorloom/core';
import { Linear, MultiheadAttention, type AnyModule } from '@tensorloom/nn';
import { globToRegExp } from '../name_patterns.js';
import { LoraLinear } from './lora_linear.js';

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
  if (!config || !Array.isArray(config.targets) || config.targets.length === 0) throw new TensorloomError(op, "needs targets: module paths such as ['fc1', '*.out_proj']");
  const tests = config.targets.map((t) => (t instanceof RegExp ? t : globToRegExp(t)));
  const hits = (path: string): boolean => tests.some((re) => { re.lastIndex = 0; return re.test(path); });
  const chosen: string[] = [];
  const inside = loraLayers(model).map(([p]) => `${p}.`);
  for (const [path, m] of model.namedModules()) {
    if (path === '' || !hits(path) || inside.some((p) => path.startsWith(p))) continue;
    if (m instanceof Linear) chosen.push(path);
    else if (m instanceof MultiheadAttention && !(m.outProj as unknown instanceof LoraLinear)) chosen.push(`${path}.out_proj`);
  }
  const unique = [...new Set(chosen)];
  if (unique.length === 0) {
    const linears = model.namedModules().filter(([, m]) => m instanceof Linear).map(([n]) => n);
    throw new TensorloomError(op, `no Linear layer matches ${config.targets.map(String).join(', ')}; Linear layers: ${linears.join(', ') || 'none'} (already adapted layers are skipped)`);
  }
  for (const path of unique) {
    const at = path.lastIndexOf('.');
    const parent = model.getModule(at < 0 ? '' : path.slice(0, at));
    const base = model.getModule(path) as unknown as Linear;
    parent.replaceModule(path.slice(at + 1), new LoraLinear(base, config) as unknown as AnyModule);
  }
  if (config.freezeBase ?? true) {
    for (const [name, p] of model.namedParameters()) p.requiresGrad_(isLoraName(name));
  }
  const adapterParameters = model.namedParameters().filter(([n]) => isLoraName(n)).reduce((s, [, p]) => s + p.size, 0);
  return { adapted: unique, adapterParameters };
}

/** True for a LoRA adapter parameter's name. */
export function isLoraName(name: string): boolean { return /(^|\.)lora_[AB]\.weight$/.test(name); }

/** Every LoraLinear in the model, by path. */
export function loraLayers(model: AnyModule): Array<[string, LoraLinear]> {
  return model.namedModules().filter((e): e is [string, AnyModule] => e[1] instanceof LoraLinear) as unknown as Array<[string, LoraLinear]>;
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
