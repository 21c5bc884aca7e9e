/**
 * Checkpoint files: `saveCheckpoint` writes atomically (a crash or a full disk never leaves a
 * half-written file in place of the previous good one) and `loadCheckpoint` validates before
 * it restores. Node's fs is imported lazily, only when called, so this module stays safe
 * to import in a browser bundle.
 */
import { TensorloomError } from '@tensorloom/core';
import { checkpointFromBytes, checkpointToBytes, type CheckpointState, type CheckpointTargets, type LoadedCheckpoint } from './codec.js';

/** Writes bytes to a path; the default is Node's atomic write. */
export type WriteBytes = (path: string, bytes: Uint8Array) => Promise<void>;

/**
 * Writes `bytes` to `path` with Node's fs, atomically (temporary file, flush, rename).
 *
 * @example
 * await writeBytesAtomic('ckpt.safetensors', bytes);
 */
export async function writeBytesAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const { writeFileAtomic } = await import('../safetensors/file.js');
  await writeFileAtomic(path, bytes);
}

/**
 * Saves model weights, optimizer and scheduler state and the epoch to a safetensors file (Node).
 *
 * @example
 * await saveCheckpoint('ckpt.safetensors', { model, optimizer, scheduler, epoch: 1 });
 */
export async function saveCheckpoint(path: string, state: CheckpointState, write: WriteBytes = writeBytesAtomic): Promise<void> {
  if (typeof path !== 'string' || path === '') throw new TensorloomError('saveCheckpoint', 'needs a file path');
  await write(path, await checkpointToBytes(state));
}

/**
 * Restores a checkpoint file into a model (and optimizer and scheduler when given) and
 * returns its epoch and extras (Node). A truncated or corrupt file, or one that does not
 * fit the model, is a TensorloomError and changes nothing.
 *
 * @example
 * const { epoch } = await loadCheckpoint('ckpt.safetensors', { model, optimizer, scheduler });
 */
export async function loadCheckpoint(path: string, targets: CheckpointTargets): Promise<LoadedCheckpoint> {
  const { readFile } = await import('node:fs/promises');
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    throw new TensorloomError('loadCheckpoint', `cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    return checkpointFromBytes(bytes, targets);
  } catch (e) {
    if (e instanceof TensorloomError) throw new TensorloomError('loadCheckpoint', `${path}: ${e.message.replace(/^loadCheckpoint: /, '')}`);
    throw e;
  }
}
