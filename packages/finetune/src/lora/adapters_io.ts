/**
 * LoRA adapters on their own, in safetensors with PEFT's names
 * (`base_model.model.<path>.lora_A.weight`, `….lora_B.weight`) and the LoRA config in the
 * metadata (`lora_config`, JSON), so a file holds a few KB instead of the whole model, and
 * loads back onto a fresh copy of the base model.
 */
import { TensorloomError, noGrad, tensor } from '@tensorloom/core';
import type { AnyModule } from '@tensorloom/nn';
import { writeSafetensors, type HostTensor } from '../safetensors/write.js';
import { readSafetensors } from '../safetensors/read.js';
import { readSourceBytes, type FetchLike, type PretrainedSource } from '../pretrained/source.js';
import { applyLora, isLoraName, loraLayers } from './apply_lora.js';

/** PEFT's prefix for adapter keys. */
export const PEFT_PREFIX = 'base_model.model.';

interface StoredConfig { targets: string[]; rank: number; alpha: number; dropout: number }

/**
 * The adapters as safetensors bytes (unmerged values; the model is left as it was). Async:
 * the values are read from the backend without a blocking read.
 *
 * @example
 * const bytes = await saveLoraAdapters(model); // write to adapter_model.safetensors
 */
export async function saveLoraAdapters(model: AnyModule): Promise<Uint8Array> {
  const layers = loraLayers(model);
  if (layers.length === 0) throw new TensorloomError('saveLoraAdapters', 'the model has no LoRA adapters; call applyLora first');
  const tensors: Record<string, HostTensor> = {};
  for (const [name, p] of model.namedParameters()) {
    if (!isLoraName(name)) continue;
    tensors[PEFT_PREFIX + name] = { dtype: 'float32', shape: p.shape, data: await p.value.data() };
  }
  const [, first] = layers[0];
  const targets = layers.flatMap(([path, l]) => ('projections' in l ? l.projections.map((p) => `${path}.${p}`) : [path]));
  const config: StoredConfig = { targets, rank: first.rank, alpha: first.alpha, dropout: first.dropout };
  if (layers.some(([, l]) => l.rank !== first.rank || l.alpha !== first.alpha)) {
    throw new TensorloomError('saveLoraAdapters', 'every adapter must share one rank and alpha to be saved with one config');
  }
  return writeSafetensors(tensors, { format: 'pt', lora_config: JSON.stringify({ r: config.rank, lora_alpha: config.alpha, lora_dropout: config.dropout, target_modules: config.targets }) });
}

/**
 * Loads adapters saved by `saveLoraAdapters` (or PEFT) into `model`. A model without
 * adapters gets them first, from the file's `lora_config`. Adapter keys must match exactly.
 *
 * @example
 * const fresh = createModel(); await loadPretrained(fresh, 'base.safetensors');
 * await loadLoraAdapters(fresh, 'adapter_model.safetensors');
 */
export async function loadLoraAdapters(model: AnyModule, source: PretrainedSource, options: { fetch?: FetchLike } = {}): Promise<string[]> {
  const op = 'loadLoraAdapters';
  const { tensors, metadata } = readSafetensors(await readSourceBytes(op, source, options.fetch));
  if (loraLayers(model).length === 0) {
    let cfg: { r?: unknown; lora_alpha?: unknown; lora_dropout?: unknown; target_modules?: unknown };
    try { cfg = JSON.parse(metadata.lora_config ?? ''); } catch { throw new TensorloomError(op, 'the model has no adapters and the file has no lora_config metadata; call applyLora with the training config first'); }
    const targets = cfg.target_modules;
    if (!Array.isArray(targets) || !targets.every((t) => typeof t === 'string') || typeof cfg.r !== 'number' || typeof cfg.lora_alpha !== 'number') {
      throw new TensorloomError(op, `the file's lora_config is malformed: ${metadata.lora_config}`);
    }
    const exact = (path: string): RegExp => new RegExp(`^${path.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}$`);
    applyLora(model, { targets: targets.map(exact), rank: cfg.r, alpha: cfg.lora_alpha, dropout: typeof cfg.lora_dropout === 'number' ? cfg.lora_dropout : 0 });
  }
  const params = new Map(model.namedParameters().filter(([n]) => isLoraName(n)));
  const fileKeys = [...tensors.keys()].map((k) => [k, k.startsWith(PEFT_PREFIX) ? k.slice(PEFT_PREFIX.length) : k] as const);
  const unexpected = fileKeys.filter(([, k]) => !params.has(k)).map(([f]) => f);
  const missing = [...params.keys()].filter((k) => !fileKeys.some(([, f]) => f === k));
  const mismatched = fileKeys.filter(([f, k]) => params.has(k) && params.get(k)!.shape.join(',') !== tensors.get(f)!.shape.join(','))
    .map(([f, k]) => `${k}: file [${tensors.get(f)!.shape}] vs model [${params.get(k)!.shape}]`);
  if (unexpected.length || missing.length || mismatched.length) {
    throw new TensorloomError(op, `the adapters do not fit the model: ${[
      missing.length ? `missing ${missing.join(', ')}` : '', unexpected.length ? `unexpected ${unexpected.join(', ')}` : '', mismatched.length ? `shape mismatches ${mismatched.join('; ')}` : '',
    ].filter(Boolean).join('; ')}`);
  }
  if (loraLayers(model).some(([, l]) => l.merged)) throw new TensorloomError(op, 'unmerge the adapters (unmergeLora) before loading new ones');
  for (const [f, k] of fileKeys) {
    const s = tensors.get(f)!;
    if (s.dtype !== 'float32') throw new TensorloomError(op, `adapter '${f}' is ${s.fileDType}; adapters are floating point`);
    params.get(k)!.assign(noGrad(() => tensor(s.data, { shape: s.shape })));
  }
  return fileKeys.map(([, k]) => k);
}
