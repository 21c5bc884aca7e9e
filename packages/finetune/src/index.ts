/**
 * @tensorloom/finetune: the fine-tuning toolkit. Browser-safe entry; Node file helpers are in
 * `@tensorloom/finetune/node`.
 *
 * @example
 * import { tensorsToSafetensors, readSafetensors } from '@tensorloom/finetune';
 * const bytes = await tensorsToSafetensors({ 'fc.weight': w });
 * const { tensors } = readSafetensors(bytes);
 */
export { readSafetensors, type SafetensorsContents, type StoredTensor } from './safetensors/read.js';
export { writeSafetensors, tensorsToSafetensors, type HostTensor } from './safetensors/write.js';
export type { SafetensorsDType } from './safetensors/format.js';
