/**
 * Checkpoints as safetensors bytes (browser-safe): the model's state dict under its own keys,
 * optimizer state tensors under `__optimizer__.state.<param>.<name>`, and the rest (epoch,
 * optimizer groups and numbers, scheduler state, user extras) as JSON in `__metadata__`.
 * Reading treats the bytes as untrusted and checks everything (validate.ts) against the
 * model, optimizer and scheduler before changing any of them: a rejected load is a
 * TensorloomError and leaves all three bitwise as they were.
 */
import { Tensor, TensorloomError, keep, tensor } from '@tensorloom/core';
import type { BaseOptions, Module, Optimizer, ParamState } from '@tensorloom/nn';
import { readSafetensors, type ReadSafetensorsOptions, type StoredTensor } from '../safetensors/read.js';
import { tensorsToSafetensors } from '../safetensors/write.js';
import type { SchedulerLike } from '../trainer/types.js';
import { parseState, stringifyState } from './json.js';
import { OPT_PREFIX, fail, isRecord, optimizerTensorName, validateModel, validateOptimizer, validateScheduler, type OptimizerPlan } from './validate.js';

/** The metadata value that marks a Tensorloom checkpoint. */
export const CHECKPOINT_FORMAT = 'tensorloom.checkpoint';

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
  /** Limits of the safetensors reader (raise them for checkpoints of very large models). */
  read?: ReadSafetensorsOptions;
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
  for (const k of Object.keys(tensors)) if (k.startsWith('__optimizer__') || k === '__metadata__') throw new TensorloomError(op, `the model has a key '${k}', which is reserved for optimizer state`);
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

function parseMeta(name: string, text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try { return parseState(text); } catch (e) { return fail(`the checkpoint's ${name} metadata is not valid JSON (${(e as Error).message}); the file is corrupt`); }
}

const toTensor = (s: StoredTensor): Tensor => keep(tensor(s.data, { shape: s.shape, dtype: s.dtype }));

/**
 * Restores a checkpoint made by `checkpointToBytes` into a model (and optimizer and
 * scheduler when given). Everything is checked first — names, shapes and dtypes against the
 * model, optimizer and scheduler records against the live objects — and a TensorloomError
 * lists what does not fit; nothing changes unless everything fits.
 *
 * @example
 * const { epoch } = checkpointFromBytes(bytes, { model, optimizer, scheduler });
 * await trainer.fit({ train, epochs: 10, initialEpoch: epoch });
 */
export function checkpointFromBytes(bytes: Uint8Array, targets: CheckpointTargets): LoadedCheckpoint {
  const { model, optimizer, scheduler } = targets ?? ({} as CheckpointTargets);
  if (!model || typeof model.stateDict !== 'function') fail('needs { model } (a Module) to load into');
  let contents;
  try { contents = readSafetensors(bytes, targets.read); } catch (e) { return fail(`the checkpoint is unreadable: ${(e as Error).message}`); }
  const { tensors, metadata } = contents;
  if (metadata.format !== CHECKPOINT_FORMAT) {
    fail(`not a Tensorloom checkpoint (metadata format is ${JSON.stringify(metadata.format)}); for plain weights use readSafetensors + model.loadStateDict`);
  }
  if (metadata.version !== '1') fail(`the checkpoint has format version ${JSON.stringify(metadata.version)}; this version of Tensorloom reads version 1`);
  if (typeof metadata.epoch !== 'string' || !/^(0|[1-9][0-9]{0,14})$/.test(metadata.epoch)) {
    fail(`the checkpoint's epoch ${JSON.stringify(metadata.epoch)} is not a non-negative integer in decimal`);
  }
  const epoch = Number(metadata.epoch);
  const extra = parseMeta('extra', metadata.extra) ?? {};
  if (!isRecord(extra)) fail('the checkpoint\'s extra metadata must be a JSON object');

  // Validate everything first: the model, every optimizer tensor's name, the optimizer and scheduler records.
  const own = model.stateDict();
  validateModel(own, tensors);
  for (const name of tensors.keys()) if (name.startsWith(OPT_PREFIX)) optimizerTensorName(name);
  const plan: OptimizerPlan | undefined = optimizer ? validateOptimizer(optimizer, parseMeta('optimizer', metadata.optimizer), tensors) : undefined;
  const schedState = scheduler ? validateScheduler(scheduler, parseMeta('scheduler', metadata.scheduler)) : undefined;

  // Everything fits: apply.
  const made: Tensor[] = [];
  try {
    const dict: Record<string, Tensor> = {};
    for (const k of Object.keys(own)) { dict[k] = toTensor(tensors.get(k)!); made.push(dict[k]); }
    model.loadStateDict(dict);
    if (optimizer && plan) {
      const state: Record<number, ParamState> = {};
      for (const [id, nums] of Object.entries(plan.numbers)) state[Number(id)] = { ...nums };
      for (const [name, s] of tensors) {
        if (!name.startsWith(OPT_PREFIX)) continue;
        const { id, key } = optimizerTensorName(name);
        const t = toTensor(s);
        made.push(t);
        (state[id] ??= {})[key] = t;
      }
      optimizer.loadStateDict({ state, paramGroups: plan.paramGroups });
    }
    if (scheduler && schedState) scheduler.loadStateDict(schedState);
  } finally {
    for (const t of made) t.dispose();
  }
  return { epoch, extra: extra as Record<string, unknown> };
}
