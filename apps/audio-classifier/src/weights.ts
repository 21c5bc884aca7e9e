/**
 * Saving and loading the keyword model as a Tensorloom safetensors checkpoint, with the class
 * names and architecture in its metadata so that a foreign file fails clearly.
 */
import type { Module } from '@tensorloom/nn';
import { checkpointFromBytes, checkpointToBytes } from '@tensorloom/finetune';
import { LABELS } from './keywords.js';

export const ARCH = 'tensorloom-keyword-cnn-v1';

/** Serialises the model (with JSON extras). */
export async function modelToBytes(model: Module, extra: Record<string, unknown> = {}): Promise<Uint8Array> {
  return checkpointToBytes({ model: model as unknown as Module<never[], unknown>, epoch: 0, extra: { arch: ARCH, labels: LABELS, ...extra } });
}

/** Loads a checkpoint into `model` (same architecture); throws a readable error and leaves it unchanged otherwise. */
export function loadModelBytes(model: Module, bytes: Uint8Array): Record<string, unknown> {
  const { extra } = checkpointFromBytes(bytes, { model: model as unknown as Module<never[], unknown> });
  if (extra.arch !== ARCH) throw new Error(`this file holds a '${String(extra.arch ?? 'unknown')}' model, not a '${ARCH}'`);
  return extra;
}
