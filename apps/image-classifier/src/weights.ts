/**
 * Saving and loading the model as safetensors bytes. Saved files are Tensorloom checkpoints
 * (`checkpointToBytes`: the state dict under PyTorch's names, `0.weight`, `3.bias`, …, plus
 * metadata); loading also takes plain safetensors weights with the same names, e.g. from
 * PyTorch's `safetensors.torch.save_file(model.state_dict())`.
 */
import { tensor, type Tensor } from '@tensorloom/core';
import type { Module } from '@tensorloom/nn';
import { CHECKPOINT_FORMAT, checkpointFromBytes, checkpointToBytes, readSafetensors } from '@tensorloom/finetune';

/** Names the architecture in a checkpoint's extras, so a foreign model fails clearly. */
export const ARCH = 'tensorloom-mnist-cnn-v1';

/**
 * Serialises a model's weights (with `epoch` and JSON extras).
 *
 * @example
 * const bytes = await modelToBytes(model, { epoch: 3, testAccuracy: 0.987 });
 */
export async function modelToBytes(model: Module, info: { epoch?: number } & Record<string, unknown> = {}): Promise<Uint8Array> {
  const { epoch = 0, ...extra } = info;
  return checkpointToBytes({ model: model as unknown as Module<never[], unknown>, epoch, extra: { arch: ARCH, ...extra } });
}

/**
 * Loads weights (a checkpoint or plain safetensors) into `model`, which must have the same
 * architecture, and returns what the file says about itself. Throws a readable error and
 * leaves the model unchanged when the file does not fit.
 *
 * @example
 * const info = loadModelBytes(model, new Uint8Array(await file.arrayBuffer()));
 */
export function loadModelBytes(model: Module, bytes: Uint8Array): Record<string, unknown> {
  const { metadata, tensors } = readSafetensors(bytes);
  if (metadata.format === CHECKPOINT_FORMAT) {
    const { epoch, extra } = checkpointFromBytes(bytes, { model: model as unknown as Module<never[], unknown> });
    if (extra.arch !== undefined && extra.arch !== ARCH) throw new Error(`this file holds a '${String(extra.arch)}' model, not '${ARCH}'`);
    return { ...extra, epoch };
  }
  const dict: Record<string, Tensor> = {};
  for (const [name, t] of tensors) dict[name] = tensor(t.data, { shape: t.shape, dtype: t.dtype });
  try {
    model.loadStateDict(dict);
  } finally {
    for (const t of Object.values(dict)) t.dispose();
  }
  return { ...metadata };
}
