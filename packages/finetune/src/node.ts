/**
 * @tensorloom/finetune/node: file helpers that need Node's fs (atomic writes, loading files).
 *
 * @example
 * import { writeFileAtomic, loadSafetensorsFile } from '@tensorloom/finetune/node';
 */
export { writeFileAtomic, loadSafetensorsFile } from './safetensors/file.js';
