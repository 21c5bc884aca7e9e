/**
 * Freezing by name: `freeze(model, patterns)` turns off gradients for the parameters whose
 * dotted names match (globs or RegExps), `unfreeze` turns them back on. A BatchNorm layer
 * whose parameters are all frozen stays in eval mode — it normalises with its running
 * statistics and stops updating them — even when a Trainer calls `model.train()` (nn's
 * BatchNorm rule, `bn.frozen`); it follows `train()` / `eval()` again once unfrozen.
 */
import { TensorloomError } from '@tensorloom/core';
import type { AnyModule } from '@tensorloom/nn';
import { nameMatcher, type NamePatterns } from './name_patterns.js';

/**
 * Freezes the parameters whose names match `patterns`; returns their names.
 *
 * @example
 * freeze(model, 'features.*');          // the backbone
 * freeze(model, [/^encoder\.[0-5]\./]);  // the first six blocks
 */
export function freeze(model: AnyModule, patterns: NamePatterns): string[] {
  return setTrainable('freeze', model, patterns, false);
}

/**
 * Unfreezes the parameters whose names match `patterns` (`'*'`: all); returns their names.
 *
 * @example
 * unfreeze(model, 'features.3.*');
 */
export function unfreeze(model: AnyModule, patterns: NamePatterns): string[] {
  return setTrainable('unfreeze', model, patterns, true);
}

/**
 * True when `m` is a BatchNorm whose parameters are all frozen (so it runs in eval mode).
 *
 * @example
 * isStatsFrozen(model.getModule('bn1')); // true after freeze(model, 'bn1')
 */
export function isStatsFrozen(m: AnyModule): boolean { return (m as { frozen?: unknown }).frozen === true; }

function setTrainable(op: string, model: AnyModule, patterns: NamePatterns, flag: boolean): string[] {
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
  return names;
}
