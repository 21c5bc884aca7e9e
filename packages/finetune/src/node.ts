/**
 * @tensorloom/finetune/node: file helpers that need Node's fs (atomic writes, loading files,
 * checkpoint files).
 *
 * @example
 * import { writeFileAtomic, loadSafetensorsFile, saveCheckpoint, loadCheckpoint } from '@tensorloom/finetune/node';
 */
export { writeFileAtomic, loadSafetensorsFile } from './safetensors/file.js';
export { saveCheckpoint, loadCheckpoint } from './checkpoint/file.js';
