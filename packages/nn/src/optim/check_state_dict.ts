/**
 * The checks `Optimizer.loadStateDict` runs before it changes anything: the groups match the
 * optimizer's, every option has the kind of the optimizer's own (a number stays a finite
 * number, betas stay a pair), the optimizer's own option checks pass, and every state entry
 * belongs to a listed parameter and holds finite numbers (integer step counts) or tensors of
 * the parameter's shape and dtype. A dict that fails leaves the optimizer as it was.
 */
import { Tensor, TensorloomError, formatShape, shapesEqual } from '@tensorloom/core';
import type { Optimizer, OptimizerStateDict } from './optimizer.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Tensor);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof Tensor) return `a Tensor ${formatShape(v.shape)}`;
  try { return JSON.stringify(v) ?? String(v); } catch { return String(v); }
}

/** True when `v` may replace the option value `current` (same kind; numbers finite). */
function sameKind(current: unknown, v: unknown): boolean {
  if (typeof current === 'number') return finite(v);
  if (Array.isArray(current)) return Array.isArray(v) && v.length === current.length && v.every((x, i) => sameKind(current[i], x));
  if (current === null || current === undefined) return v === null || v === undefined || finite(v);
  return typeof v === typeof current;
}

/** Throws a TensorloomError naming the optimizer when `dict` cannot be loaded into `opt`. */
export function checkStateDict(opt: Optimizer, dict: OptimizerStateDict): void {
  const name = opt.constructor.name;
  const fail = (msg: string): never => { throw new TensorloomError(name, `cannot load the state dict: ${msg}`); };
  if (!isRecord(dict)) fail(`it must be an object { state, paramGroups } from stateDict(), got ${show(dict)}`);
  const groups: unknown = dict.paramGroups;
  if (!Array.isArray(groups) || groups.length !== opt.paramGroups.length) {
    fail(`it has ${Array.isArray(groups) ? groups.length : 'no'} parameter groups but the optimizer has ${opt.paramGroups.length}`);
  }
  const params = new Map<number, Tensor>(); // id → the live parameter's value (shape and dtype)
  (groups as unknown[]).forEach((g, i) => {
    const live = opt.paramGroups[i];
    if (!isRecord(g) || !Array.isArray(g.params)) fail(`parameter group ${i} must be an object with a params array of indices, got ${show(g)}`);
    const ids = (g as { params: unknown[] }).params;
    if (ids.length !== live.params.length) fail(`parameter group ${i} has ${ids.length} parameters in the state dict but ${live.params.length} here`);
    ids.forEach((id, j) => {
      if (!Number.isSafeInteger(id) || (id as number) < 0) fail(`parameter group ${i} lists ${show(id)}; parameter indices are integers >= 0`);
      if (params.has(id as number)) fail(`parameter index ${id} appears twice in the groups`);
      params.set(id as number, live.params[j].value);
    });
    const current = live as unknown as Record<string, unknown>;
    const candidate: Record<string, unknown> = { ...current };
    for (const [k, v] of Object.entries(g as Record<string, unknown>)) {
      if (k === 'params') continue;
      const known = Object.hasOwn(current, k);
      if (known ? !sameKind(current[k], v) : !(finite(v) || (Array.isArray(v) && v.every(finite)))) {
        fail(`parameter group ${i}'s ${k} is ${show(v)} but ${name} needs ${known ? (Array.isArray(current[k]) ? `an array of ${(current[k] as unknown[]).length} numbers like ${show(current[k])}` : `a ${typeof current[k] === 'number' ? 'finite number' : typeof current[k]} like ${show(current[k])}`) : 'a finite number'}`);
      }
      candidate[k] = v;
    }
    try {
      (opt as unknown as { validate(g: unknown): void }).validate(candidate);
    } catch (e) {
      fail(`parameter group ${i}'s options are invalid: ${(e as Error).message}`);
    }
  });
  const state: unknown = dict.state ?? {};
  if (!isRecord(state)) fail(`state must be an object keyed by parameter index, got ${show(state)}`);
  for (const [id, s] of Object.entries(state as Record<string, unknown>)) {
    const value = /^(0|[1-9][0-9]*)$/.test(id) ? params.get(Number(id)) : undefined;
    if (!value) fail(`it has state for parameter ${show(id)}, which the groups do not list (they list ${[...params.keys()].join(', ')})`);
    if (!isRecord(s)) fail(`the state of parameter ${id} must be an object, got ${show(s)}`);
    for (const [k, v] of Object.entries(s as Record<string, unknown>)) {
      if (v instanceof Tensor) {
        if (v.isDisposed) fail(`state '${k}' of parameter ${id} is a disposed tensor`);
        if (v.rank !== 0 && !shapesEqual(v.shape, value!.shape)) fail(`state '${k}' of parameter ${id} has shape ${formatShape(v.shape)} but the parameter has shape ${formatShape(value!.shape)}`);
        if (v.dtype !== value!.dtype) fail(`state '${k}' of parameter ${id} is ${v.dtype} but the parameter is ${value!.dtype}`);
      } else if (!finite(v)) {
        fail(`state '${k}' of parameter ${id} is ${show(v)}; it must be a tensor or a finite number`);
      } else if (k === 'step' && (!Number.isSafeInteger(v) || v < 0)) {
        fail(`the step count of parameter ${id} is ${v}; it must be an integer >= 0`);
      }
    }
  }
}
