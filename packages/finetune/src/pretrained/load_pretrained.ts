/**
 * loadPretrained: a PyTorch state dict saved as safetensors, into a Module. Float32,
 * float16 and bfloat16 (and float64) tensors arrive as float32; keys are renamed by a
 * function or a rule table; the report lists missing, unexpected and shape-mismatched keys,
 * and strict mode throws it instead of loading anything.
 */
import { TensorloomError, noGrad, tensor, type Tensor } from '@tensorloom/core';
import type { AnyModule } from '@tensorloom/nn';
import { readSafetensors, type SafetensorsContents } from '../safetensors/read.js';
import type { SafetensorsDType } from '../safetensors/format.js';
import { readSourceBytes, type FetchLike, type PretrainedSource } from './source.js';
import { renamer, type RenameRule } from './rename.js';

export interface LoadPretrainedOptions {
  /** Renames the file's keys to the model's before matching (see RenameRule). */
  rename?: RenameRule;
  /** Throw (and load nothing) when any key is missing, unexpected or mismatched (default false). */
  strict?: boolean;
  /** The fetch used for URLs (default globalThis.fetch). */
  fetch?: FetchLike;
}

export interface ShapeMismatch { key: string; file: number[]; model: number[] }

export interface PretrainedReport {
  /** Model keys that received a value. */
  loaded: string[];
  /** Model keys the file did not have (left as they were). */
  missing: string[];
  /** File keys (after renaming) the model does not have. */
  unexpected: string[];
  /** Keys in both whose shapes differ (left as they were). */
  mismatched: ShapeMismatch[];
  /** File keys that the rename function dropped (returned null for). */
  dropped: string[];
  /** File key → model key, for keys that renaming changed. */
  renamed: Record<string, string>;
  /** File dtype of every loaded key that was not stored as F32. */
  converted: Record<string, SafetensorsDType>;
  /** The file's `__metadata__`. */
  metadata: Record<string, string>;
}

const OP = 'loadPretrained';

/**
 * Loads pretrained weights into `model` in place, and reports what matched.
 *
 * @example
 * const report = await loadPretrained(model, 'lenet.safetensors', { rename: { 'conv1.': '0.', 'fc.': '7.' } });
 * console.log(report.missing, report.unexpected, report.mismatched);
 * await loadPretrained(model, new URL('/weights.safetensors', location.href), { strict: true });
 */
export async function loadPretrained(model: AnyModule, source: PretrainedSource, options: LoadPretrainedOptions = {}): Promise<PretrainedReport> {
  if (!model || typeof model.stateDict !== 'function') throw new TensorloomError(OP, 'the first argument must be an nn Module');
  const bytes = await readSourceBytes(OP, source, options.fetch);
  return loadPretrainedContents(model, readSafetensors(bytes), options);
}

/**
 * The synchronous half of `loadPretrained`, for contents already parsed by `readSafetensors`.
 *
 * @example
 * const report = loadPretrainedContents(model, readSafetensors(bytes), { strict: true });
 */
export function loadPretrainedContents(model: AnyModule, contents: SafetensorsContents, options: LoadPretrainedOptions = {}): PretrainedReport {
  const rename = renamer(OP, options.rename);
  const own = model.stateDict();
  const report: PretrainedReport = { loaded: [], missing: [], unexpected: [], mismatched: [], dropped: [], renamed: {}, converted: {}, metadata: contents.metadata };
  const byModelKey = new Map<string, { fileKey: string; dtype: SafetensorsDType }>();
  for (const [fileKey, stored] of contents.tensors) {
    const key = rename(fileKey);
    if (key === null) { report.dropped.push(fileKey); continue; }
    if (key !== fileKey) report.renamed[fileKey] = key;
    if (byModelKey.has(key)) throw new TensorloomError(OP, `file keys '${byModelKey.get(key)!.fileKey}' and '${fileKey}' both rename to '${key}'; fix the rename rules`);
    byModelKey.set(key, { fileKey, dtype: stored.fileDType });
    if (!(key in own)) { report.unexpected.push(key); continue; }
    const want = own[key].shape;
    if (want.length !== stored.shape.length || want.some((d, i) => d !== stored.shape[i])) {
      report.mismatched.push({ key, file: [...stored.shape], model: [...want] });
    }
  }
  report.missing = Object.keys(own).filter((k) => !byModelKey.has(k));
  const mismatchedKeys = new Set(report.mismatched.map((m) => m.key));
  if (options.strict && (report.missing.length || report.unexpected.length || report.mismatched.length)) {
    throw new TensorloomError(OP, `the weights do not fit ${model.typeName} (strict: nothing was loaded): ${describe(report)}; ` +
      'rename keys with { rename }, or pass { strict: false } to load the keys that match');
  }
  const params = new Map(model.namedParameters());
  for (const key of Object.keys(own)) {
    const hit = byModelKey.get(key);
    if (!hit || mismatchedKeys.has(key)) continue;
    const stored = contents.tensors.get(hit.fileKey)!;
    const target = own[key];
    noGrad(() => {
      let value: Tensor = tensor(stored.data, { shape: stored.shape, dtype: stored.dtype });
      if (value.dtype !== target.dtype) { const cast = value.cast(target.dtype); value.dispose(); value = cast; }
      if (value.backend !== target.backend) { const moved = value.to(target.backend.name); value.dispose(); value = moved; }
      const p = params.get(key);
      if (p) p.assign(value);
      else model.setBuffer(key, value);
    });
    report.loaded.push(key);
    if (stored.fileDType !== 'F32') report.converted[key] = stored.fileDType;
  }
  return report;
}

/** The report's problems in one line. */
export function describe(report: Pick<PretrainedReport, 'missing' | 'unexpected' | 'mismatched'>): string {
  const parts: string[] = [];
  if (report.missing.length) parts.push(`missing keys: ${report.missing.join(', ')}`);
  if (report.unexpected.length) parts.push(`unexpected keys: ${report.unexpected.join(', ')}`);
  if (report.mismatched.length) parts.push(`shape mismatches: ${report.mismatched.map((m) => `${m.key} file [${m.file}] vs model [${m.model}]`).join('; ')}`);
  return parts.join('; ') || 'every key matches';
}
