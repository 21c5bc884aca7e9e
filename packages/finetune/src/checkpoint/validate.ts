/**
 * The checks `checkpointFromBytes` runs before it changes anything: every stored tensor is
 * accounted for (model keys by own property, optimizer state by a parameter index that
 * exists and a well-formed key), and optimizer and scheduler records are type-checked
 * against the live optimizer and scheduler (numbers where they hold numbers, arrays of the
 * same length, parameter indices exactly as the optimizer lays them out). Each check throws a
 * TensorloomError naming what is wrong; none has side effects.
 */
import { TensorloomError, shapesEqual, type Tensor } from '@tensorloom/core';
import type { BaseOptions, Optimizer, OptimizerStateDict } from '@tensorloom/nn';
import type { StoredTensor } from '../safetensors/read.js';
import type { SchedulerLike } from '../trainer/types.js';

export const OPT_PREFIX = '__optimizer__.state.';

export function fail(message: string): never { throw new TensorloomError('loadCheckpoint', message); }

export const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const INDEX = /^(0|[1-9][0-9]*)$/;
/** State keys: a letter first, then letters, digits, underscores (so never `__proto__`). */
const STATE_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;
const show = (v: unknown): string => { if (typeof v === 'number') return String(v); const s = JSON.stringify(v); return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s; };
const named = (v: unknown): string => (typeof v === 'string' ? v : show(v));

/** Checks the stored model tensors against the model's state dict: names (own keys), shapes, dtypes. */
export function validateModel(own: Record<string, Tensor>, tensors: Map<string, StoredTensor>): void {
  const problems: string[] = [];
  const keys = Object.keys(own);
  const missing = keys.filter((k) => !tensors.has(k));
  const unexpected = [...tensors.keys()].filter((k) => !k.startsWith(OPT_PREFIX) && !Object.hasOwn(own, k));
  const mismatched = keys.filter((k) => tensors.has(k) && (!shapesEqual(own[k].shape, tensors.get(k)!.shape) || own[k].dtype !== tensors.get(k)!.dtype))
    .map((k) => `${k}: checkpoint ${tensors.get(k)!.dtype} [${tensors.get(k)!.shape}] vs model ${own[k].dtype} [${own[k].shape}]`);
  if (missing.length) problems.push(`missing from the checkpoint: ${missing.join(', ')}`);
  if (unexpected.length) problems.push(`not in the model: ${unexpected.join(', ')}`);
  if (mismatched.length) problems.push(`shape/dtype mismatches: ${mismatched.join('; ')}`);
  if (problems.length) fail(`the checkpoint does not fit the model: ${problems.join('; ')}`);
}

/** Splits an optimizer tensor name `__optimizer__.state.<param>.<key>`, checking both parts. */
export function optimizerTensorName(name: string): { id: number; key: string } {
  const rest = name.slice(OPT_PREFIX.length);
  const dot = rest.indexOf('.');
  const id = dot < 0 ? rest : rest.slice(0, dot);
  const key = dot < 0 ? '' : rest.slice(dot + 1);
  if (!INDEX.test(id) || !STATE_KEY.test(key)) {
    fail(`the tensor '${name}' is not optimizer state of the form ${OPT_PREFIX}<parameter index>.<state name>; the file is corrupt`);
  }
  return { id: Number(id), key };
}

/**
 * A value of the same kind as `template`: a number (never NaN; finite unless `infinite` or the
 * template is not), a boolean, a string, null, or an array of the same length of those.
 */
function sameKind(template: unknown, v: unknown, infinite = false): boolean {
  if (typeof template === 'number') return typeof v === 'number' && !Number.isNaN(v) && (Number.isFinite(v) || infinite || !Number.isFinite(template));
  if (typeof template === 'boolean' || typeof template === 'string') return typeof v === typeof template;
  if (template === null) return v === null;
  if (Array.isArray(template)) return Array.isArray(v) && v.length === template.length && template.every((t, i) => sameKind(t, v[i], infinite));
  return false;
}

/** The optimizer's `validate` (protected in nn): its own option checks on a candidate group. */
function optimizerChecks(optimizer: Optimizer<BaseOptions>, group: Record<string, unknown>): void {
  const check = (optimizer as unknown as { validate(g: Record<string, unknown>): void }).validate;
  try {
    check.call(optimizer, group);
  } catch (e) {
    fail(`the checkpoint's optimizer options are invalid: ${(e as Error).message}`);
  }
}

export interface OptimizerPlan { paramGroups: OptimizerStateDict['paramGroups']; numbers: Record<string, Record<string, number>> }

/**
 * Checks the optimizer record and state tensors against `optimizer`; returns what to load.
 *
 * @example
 * const plan = validateOptimizer(optimizer, parsedMeta, tensors);
 */
export function validateOptimizer(optimizer: Optimizer<BaseOptions>, meta: unknown, tensors: Map<string, StoredTensor>): OptimizerPlan {
  const name = optimizer.constructor.name;
  if (meta === undefined) fail('the checkpoint holds no optimizer state (it was saved without an optimizer); load without { optimizer }');
  if (!isRecord(meta)) fail('the checkpoint\'s optimizer record is not an object; the file is corrupt');
  if (meta.type !== name) fail(`the checkpoint holds ${named(meta.type)} state but the optimizer is ${name}`);
  const groups = meta.paramGroups;
  const live = optimizer.paramGroups;
  if (!Array.isArray(groups) || groups.length !== live.length
    || groups.some((g, i) => !isRecord(g) || !Array.isArray(g.params) || g.params.length !== live[i].params.length)) {
    fail(`the checkpoint's optimizer parameter groups (${Array.isArray(groups) ? groups.map((g) => (isRecord(g) && Array.isArray(g.params) ? g.params.length : '?')).join(', ') : 'none'} parameters) do not match the optimizer's (${live.map((g) => g.params.length).join(', ')})`);
  }
  const params = optimizer.params();
  let at = 0;
  (groups as Array<Record<string, unknown>>).forEach((g, i) => {
    (g.params as unknown[]).forEach((id) => {
      if (id !== at) fail(`the checkpoint's parameter group ${i} lists parameter ${show(id)} where ${at} belongs (indices run 0, 1, 2, … across the groups); the file is corrupt`);
      at++;
    });
    const current = live[i] as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(g)) {
      if (k === 'params') continue;
      if (k === 'initialLr') { if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) fail(`parameter group ${i}'s initialLr is ${show(v)}; it must be a finite number >= 0`); continue; }
      if (!Object.hasOwn(current, k)) fail(`parameter group ${i} has the option '${k}', which ${name} does not have; the checkpoint is from another optimizer or corrupt`);
      if (!sameKind(current[k], v)) fail(`parameter group ${i}'s ${k} is ${show(v)} but ${name} needs ${Array.isArray(current[k]) ? `an array of ${(current[k] as unknown[]).length}` : `a ${typeof current[k]}`} like ${show(current[k])}`);
    }
    if (!Object.hasOwn(g, 'lr')) fail(`parameter group ${i} has no lr`);
    optimizerChecks(optimizer, { ...current, ...g, params: live[i].params });
  });
  const numbers = meta.numbers ?? {};
  if (!isRecord(numbers)) fail('the checkpoint\'s optimizer numbers are not an object; the file is corrupt');
  const numberKeys = new Map<number, Set<string>>();
  for (const [id, rec] of Object.entries(numbers)) {
    if (!INDEX.test(id) || Number(id) >= params.length) fail(`the checkpoint has optimizer state for parameter ${show(id)}, which the optimizer does not have (it has ${params.length})`);
    if (!isRecord(rec)) fail(`the optimizer state of parameter ${id} is not an object; the file is corrupt`);
    const keys = new Set<string>();
    for (const [k, v] of Object.entries(rec)) {
      if (!STATE_KEY.test(k)) fail(`the optimizer state of parameter ${id} has the malformed name ${show(k)}`);
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(`the optimizer state ${k} of parameter ${id} is ${show(v)}; it must be a finite number`);
      if (k === 'step' && (!Number.isSafeInteger(v) || v < 0)) fail(`the optimizer step count of parameter ${id} is ${v}; it must be a non-negative integer`);
      keys.add(k);
    }
    numberKeys.set(Number(id), keys);
  }
  for (const [tname, s] of tensors) {
    if (!tname.startsWith(OPT_PREFIX)) continue;
    const { id, key } = optimizerTensorName(tname);
    const p = params[id];
    if (!p) fail(`optimizer state '${tname}' names parameter ${id}, which the optimizer does not have (it has ${params.length})`);
    if (numberKeys.get(id)?.has(key)) fail(`optimizer state '${key}' of parameter ${id} is stored both as a number and as a tensor; the file is corrupt`);
    if (s.shape.length !== 0 && !shapesEqual(s.shape, p.shape)) fail(`optimizer state '${tname}' has shape [${s.shape}] but parameter ${id} has shape [${p.shape}]`);
    if (s.dtype !== p.value.dtype) fail(`optimizer state '${tname}' is ${s.dtype} but parameter ${id} is ${p.value.dtype}`);
  }
  return { paramGroups: groups as OptimizerPlan['paramGroups'], numbers: numbers as OptimizerPlan['numbers'] };
}

/** Scheduler counters that must be integers. */
const INTEGER_KEYS = new Set(['lastEpoch', 'numBadEpochs', 'cooldownCounter', 'totalSteps']);

/**
 * Checks the scheduler record against `scheduler.stateDict()`: the same type, the same keys,
 * each value of the same kind (integers for counters); returns the state to load.
 *
 * @example
 * const state = validateScheduler(scheduler, parsedMeta);
 */
export function validateScheduler(scheduler: SchedulerLike, meta: unknown): Record<string, unknown> {
  const name = scheduler.constructor.name;
  if (meta === undefined) fail('the checkpoint holds no scheduler state; load without { scheduler }');
  if (!isRecord(meta) || !isRecord(meta.state)) fail('the checkpoint\'s scheduler record is not an object with a state; the file is corrupt');
  if (meta.type !== name) fail(`the checkpoint holds ${named(meta.type)} state but the scheduler is ${name}`);
  const template = scheduler.stateDict();
  const state = meta.state;
  for (const k of Object.keys(state)) if (!Object.hasOwn(template, k)) fail(`the scheduler state has '${k}', which ${name} does not have`);
  for (const [k, t] of Object.entries(template)) {
    if (!Object.hasOwn(state, k)) fail(`the scheduler state lacks '${k}'`);
    const v = state[k];
    const integer = INTEGER_KEYS.has(k) && typeof t === 'number';
    // ReduceLROnPlateau's best starts at ±Infinity; every other number must be finite.
    if (integer ? !Number.isSafeInteger(v) : !sameKind(t, v, k === 'best')) {
      fail(`the scheduler state's ${k} is ${show(v)} but ${name} needs ${integer ? 'an integer' : Array.isArray(t) ? `an array of ${t.length} numbers` : `a ${typeof t}`}`);
    }
  }
  return state;
}
