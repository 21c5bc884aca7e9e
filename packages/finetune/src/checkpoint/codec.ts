/**
 * Checkpoints as safetensors bytes (browser-safe): the model's state dict under its own keys,
 * optimizer state tensors under `__optimizer__.state.<param>.<name>`, and the rest (epoch,
 * optimizer groups and numbers, scheduler state, user extras) as JSON in `__metadata__`.
 * Reading treats the bytes as untrusted and checks everything against the model, optimizer
 * and scheduler before changing any of them.
 */
import { Tensor, TensorloomError, keep, tensor, shapesEqual } from '@tensorloom/core';
import type { BaseOptions, Module, Optimizer, OptimizerStateDict, ParamState } from '@tensorloom/nn';
import { readSafetensors, type StoredTensor } from '../safetensors/read.js';
import { tensorsToSafetensors } from '../safetensors/write.js';
import type { SchedulerLike } from '../trainer/types.js';
import { parseState, stringifyState } from './json.js';

/** The metadata value that marks a Tensorloom checkpoint. */
export const CHECKPOINT_FORMAT = 'tensorloom.checkpoint';
const OPT_PREFIX = '__optimizer__.state.';

/** A model as checkpoints see it: any Module. */
export type CheckpointModel = Module<never[], unknown>;

export interface CheckpointState {
  model: CheckpointModel;
  optimizer?: Optimizer<BaseOptions>;
  scheduler?: SchedulerLike;
  /** Epochs completed: pass it back to `fit` as `initialEpoch` to resume. */
  epoch: number;
  /** JSON-serialisable extras (class names, the data loader seed, …). */
  extra?: Record<string, unknown>;
}

export interface CheckpointTargets {
  model: CheckpointModel;
  /** Restored when given; the checkpoint must then hold optimizer state. */
  optimizer?: Optimizer<BaseOptions>;
  scheduler?: SchedulerLike;
}

export interface LoadedCheckpoint { epoch: number; extra: Record<string, unknown> }

/**
 * Serialises model weights, optimizer and scheduler state and the epoch to safetensors bytes.
 *
 * @example
 * const bytes = await checkpointToBytes({ model, optimizer, scheduler, epoch: 3 });
 * localStorage.setItem('ckpt', btoa(String.fromCharCode(...bytes)));
 */
export async function checkpointToBytes(state: CheckpointState): Promise<Uint8Array> {
  const op = 'checkpointToBytes';
  const { model, optimizer, scheduler, epoch } = state;
  if (!model || typeof model.stateDict !== 'function') throw new TensorloomError(op, 'needs { model } (a Module)');
  if (!Number.isInteger(epoch) || epoch < 0) throw new TensorloomError(op, `epoch must be a non-negative integer (epochs completed), got ${epoch}`);
  const tensors: Record<string, Tensor> = { ...model.stateDict() };
  for (const k of Object.keys(tensors)) if (k.startsWith('__optimizer__')) throw new TensorloomError(op, `the model has a key '${k}', which is reserved for optimizer state`);
  const metadata: Record<string, string> = { format: CHECKPOINT_FORMAT, version: '1', epoch: String(epoch), extra: stringifyState(state.extra ?? {}) };
  const owned: Tensor[] = [];
  try {
    if (optimizer) {
      const sd = optimizer.stateDict();
      const numbers: Record<string, Record<string, number>> = {};
      for (const [id, s] of Object.entries(sd.state)) {
        for (const [k, v] of Object.entries(s)) {
          if (v instanceof Tensor) { owned.push(v); tensors[`${OPT_PREFIX}${id}.${k}`] = v; }
          else (numbers[id] ??= {})[k] = v;
        }
      }
      metadata.optimizer = stringifyState({ type: optimizer.constructor.name, paramGroups: sd.paramGroups, numbers });
    }
    if (scheduler) metadata.scheduler = stringifyState({ type: scheduler.constructor.name, state: scheduler.stateDict() });
    return await tensorsToSafetensors(tensors, metadata);
  } finally {
    for (const t of owned) t.dispose();
  }
}

interface OptimizerMeta { type: string; paramGroups: OptimizerStateDict['paramGroups']; numbers: Record<string, Record<string, number>> }

function fail(message: string): never { throw new TensorloomError('loadCheckpoint', message); }

function parseMeta(name: string, text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try { return parseState(text); } catch (e) { return fail(`the checkpoint's ${name} metadata is not valid JSON (${(e as Error).message}); the file is corrupt`); }
}

const toTensor = (s: StoredTensor): Tensor => keep(tensor(s.data, { shape: s.shape, dtype: s.dtype }));

/**
 * Restores a checkpoint made by `checkpointToBytes` into a model (and optimizer and
 * scheduler when given). Checks names, shapes and dtypes against the model first and throws a
 * TensorloomError listing every mismatch; nothing is changed unless everything fits.
 *
 * @example
 * const { epoch } = checkpointFromBytes(bytes, { model, optimizer, scheduler });
 * await trainer.fit({ train, epochs: 10, initialEpoch: epoch });
 */
export function checkpointFromBytes(bytes: Uint8Array, targets: CheckpointTargets): LoadedCheckpoint {
  const { model, optimizer, scheduler } = targets ?? ({} as CheckpointTargets);
  if (!model || typeof model.stateDict !== 'function') fail('needs { model } (a Module) to load into');
  let contents;
  try { contents = readSafetensors(bytes); } catch (e) { return fail(`the checkpoint is unreadable: ${(e as Error).message}`); }
  const { tensors, metadata } = contents;
  if (metadata.format !== CHECKPOINT_FORMAT) {
    fail(`not a Tensorloom checkpoint (metadata format is ${JSON.stringify(metadata.format)}); for plain weights use readSafetensors + model.loadStateDict`);
  }
  const epoch = Number(metadata.epoch);
  if (!Number.isInteger(epoch) || epoch < 0) fail(`the checkpoint's epoch ${JSON.stringify(metadata.epoch)} is not a non-negative integer`);
  const extra = parseMeta('extra', metadata.extra) ?? {};
  if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) fail('the checkpoint\'s extra metadata must be a JSON object');

  // The model: every key present with its shape and dtype, no strangers.
  const own = model.stateDict();
  const problems: string[] = [];
  const missing = Object.keys(own).filter((k) => !tensors.has(k));
  const unexpected = [...tensors.keys()].filter((k) => !k.startsWith(OPT_PREFIX) && !(k in own));
  const mismatched = Object.keys(own).filter((k) => tensors.has(k) && (!shapesEqual(own[k].shape, tensors.get(k)!.shape) || own[k].dtype !== tensors.get(k)!.dtype))
    .map((k) => `${k}: checkpoint ${tensors.get(k)!.dtype} [${tensors.get(k)!.shape}] vs model ${own[k].dtype} [${own[k].shape}]`);
  if (missing.length) problems.push(`missing from the checkpoint: ${missing.join(', ')}`);
  if (unexpected.length) problems.push(`not in the model: ${unexpected.join(', ')}`);
  if (mismatched.length) problems.push(`shape/dtype mismatches: ${mismatched.join('; ')}`);
  if (problems.length) fail(`the checkpoint does not fit the model: ${problems.join('; ')}`);

  // The optimizer: same type, same group sizes, state shaped like its parameter.
  let optMeta: OptimizerMeta | undefined;
  if (optimizer) {
    optMeta = parseMeta('optimizer', metadata.optimizer) as OptimizerMeta | undefined;
    if (!optMeta) fail('the checkpoint holds no optimizer state (it was saved without an optimizer); load without { optimizer }');
    if (optMeta.type !== optimizer.constructor.name) fail(`the checkpoint holds ${optMeta.type} state but the optimizer is ${optimizer.constructor.name}`);
    const groups = optMeta.paramGroups;
    if (!Array.isArray(groups) || groups.length !== optimizer.paramGroups.length
      || groups.some((g, i) => !g || !Array.isArray(g.params) || g.params.length !== optimizer.paramGroups[i].params.length)) {
      fail(`the checkpoint's optimizer parameter groups (${Array.isArray(groups) ? groups.map((g) => g?.params?.length).join(', ') : 'none'} parameters) do not match the optimizer's (${optimizer.paramGroups.map((g) => g.params.length).join(', ')})`);
    }
    const params = optimizer.params();
    for (const [name, s] of tensors) {
      if (!name.startsWith(OPT_PREFIX)) continue;
      const [id] = name.slice(OPT_PREFIX.length).split('.');
      const p = params[Number(id)];
      if (!p || !/^\d+$/.test(id)) fail(`optimizer state '${name}' names parameter ${id}, which the optimizer does not have`);
      if (s.shape.length !== 0 && !shapesEqual(s.shape, p.shape)) fail(`optimizer state '${name}' has shape [${s.shape}] but parameter ${id} has shape [${p.shape}]`);
    }
  }
  let schedMeta: { type: string; state: Record<string, unknown> } | undefined;
  if (scheduler) {
    schedMeta = parseMeta('scheduler', metadata.scheduler) as typeof schedMeta;
    if (!schedMeta || typeof schedMeta.state !== 'object') fail('the checkpoint holds no scheduler state; load without { scheduler }');
    if (schedMeta.type !== scheduler.constructor.name) fail(`the checkpoint holds ${schedMeta.type} state but the scheduler is ${scheduler.constructor.name}`);
  }

  // Everything fits: apply.
  const made: Tensor[] = [];
  try {
    const dict: Record<string, Tensor> = {};
    for (const k of Object.keys(own)) { dict[k] = toTensor(tensors.get(k)!); made.push(dict[k]); }
    model.loadStateDict(dict);
    if (optimizer && optMeta) {
      const state: Record<number, ParamState> = {};
      for (const [id, nums] of Object.entries(optMeta.numbers ?? {})) state[Number(id)] = { ...nums };
      for (const [name, s] of tensors) {
        if (!name.startsWith(OPT_PREFIX)) continue;
        const rest = name.slice(OPT_PREFIX.length);
        const dot = rest.indexOf('.');
        const t = toTensor(s);
        made.push(t);
        (state[Number(rest.slice(0, dot))] ??= {})[rest.slice(dot + 1)] = t;
      }
      optimizer.loadStateDict({ state, paramGroups: optMeta.paramGroups });
    }
    if (scheduler && schedMeta) scheduler.loadStateDict(schedMeta.state);
  } finally {
    for (const t of made) t.dispose();
  }
  return { epoch, extra: extra as Record<string, unknown> };
}
