/**
 * Freezing by name: `freeze(model, patterns)` turns off gradients for the parameters whose
 * dotted names match (globs or RegExps), `unfreeze` turns them back on. A BatchNorm layer
 * whose parameters are all frozen is pinned to eval mode — it normalises with its running
 * statistics and stops updating them — even when a Trainer calls `model.train()`; it follows
 * `train()` / `eval()` again once any of its parameters is unfrozen. (Where nn's BatchNorm
 * itself runs frozen layers in eval mode — it has a `frozen` getter — that rule is used.)
 * `freezeBatchNormStats: false` leaves a frozen BatchNorm updating its statistics.
 */
import { BatchNorm1d, BatchNorm2d, type AnyModule } from '@tensorloom/nn';
import { TensorloomError } from '@tensorloom/core';
import { nameMatcher, type NamePatterns } from './name_patterns.js';

export interface FreezeOptions {
  /** Pin fully frozen BatchNorm layers to eval mode (default true). */
  freezeBatchNormStats?: boolean;
}

/** The mode a pinned BatchNorm was last asked for, by module. */
const pinned = new WeakMap<AnyModule, { wanted: boolean }>();

/**
 * Freezes the parameters whose names match `patterns`; returns their names.
 *
 * @example
 * freeze(model, 'features.*');          // the backbone
 * freeze(model, [/^encoder\.[0-5]\./]);  // the first six blocks
 */
export function freeze(model: AnyModule, patterns: NamePatterns, options: FreezeOptions = {}): string[] {
  return setTrainable('freeze', model, patterns, false, options);
}

/**
 * Unfreezes the parameters whose names match `patterns` (`'*'`: all); returns their names.
 *
 * @example
 * unfreeze(model, 'features.3.*');
 */
export function unfreeze(model: AnyModule, patterns: NamePatterns, options: FreezeOptions = {}): string[] {
  return setTrainable('unfreeze', model, patterns, true, options);
}

/**
 * True when `m` is a BatchNorm held in eval mode by `freeze`.
 *
 * @example
 * isStatsFrozen(model.getModule('bn1')); // true after freeze(model, 'bn1')
 */
export function isStatsFrozen(m: AnyModule): boolean { return pinned.has(m) || (m as { frozen?: unknown }).frozen === true; }

function setTrainable(op: string, model: AnyModule, patterns: NamePatterns, flag: boolean, options: FreezeOptions): string[] {
  if (!model || typeof model.namedParameters !== 'function') throw new TensorloomError(op, 'the first argument must be an nn Module');
  const match = nameMatcher(op, patterns);
  const names: string[] = [];
  for (const [name, p] of model.namedParameters()) {
    if (!match(name)) continue;
    p.requiresGrad_(flag);
    names.push(name);
  }
  if (names.length === 0) {
    throw new TensorloomError(op, `no parameter name matches ${String(patterns)}; names look like ${model.namedParameters().slice(0, 4).map(([n]) => n).join(', ')}`);
  }
  syncBatchNorm(model, options.freezeBatchNormStats ?? true);
  return names;
}

/** Pins every fully frozen BatchNorm to eval mode and releases the others. */
export function syncBatchNorm(model: AnyModule, pinFrozen = true): void {
  for (const m of model.modules()) {
    if (!(m instanceof BatchNorm1d || m instanceof BatchNorm2d)) continue;
    // An nn whose BatchNorm already honours frozen parameters (a `frozen` getter) needs no pin.
    const native = 'frozen' in m;
    const params = m.parameters();
    const frozen = pinFrozen && !native && params.length > 0 && params.every((p) => !p.requiresGrad);
    if (frozen) pin(m); else release(m);
  }
}

function pin(m: AnyModule): void {
  if (pinned.has(m)) return;
  const state = { wanted: m.training };
  pinned.set(m, state);
  // `training` becomes an accessor on this instance: reads say eval, writes are remembered.
  Object.defineProperty(m, 'training', {
    configurable: true, enumerable: true,
    get: () => false,
    set: (v: boolean) => { state.wanted = v; },
  });
}

function release(m: AnyModule): void {
  const state = pinned.get(m);
  if (!state) return;
  pinned.delete(m);
  Object.defineProperty(m, 'training', { configurable: true, enumerable: true, writable: true, value: state.wanted });
}
