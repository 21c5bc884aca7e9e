/**
 * Saving and loading a text classifier as one safetensors file: a Tensorloom checkpoint
 * whose extras carry what rebuilds the model around the weights — the architecture and
 * sizes, the class names and the vocabulary (`Vocab` JSON) — so a file alone restores a
 * working classifier in the CLI or the page.
 */
import type { Module } from '@tensorloom/nn';
import { Vocab } from '@tensorloom/data';
import { CHECKPOINT_FORMAT, checkpointFromBytes, checkpointToBytes, readSafetensors } from '@tensorloom/finetune';
import { LSTM_POOLINGS, MODEL_KINDS, createTextModel, type LstmPooling, type ModelKind, type TextClassifier } from './models/text_models.js';

/** Names this app's checkpoints, so a foreign file fails clearly. */
export const ARCH = 'tensorloom-text-classifier-v1';

export interface ModelMeta { kind: ModelKind; embedDim: number; maxLen: number; classes: string[]; corpus: string; /** `lstm` only; absent = `lastMean`. */ pooling?: LstmPooling }

/**
 * @example
 * const bytes = await modelToBytes(model, vocab, { kind: 'lstm', embedDim: 64, maxLen: 128, classes: ['ham', 'spam'], corpus: 'spam' });
 */
export async function modelToBytes(model: TextClassifier, vocab: Vocab, meta: ModelMeta, info: Record<string, unknown> = {}): Promise<Uint8Array> {
  return checkpointToBytes({ model: model as unknown as Module<never[], unknown>, epoch: 0, extra: { ...info, arch: ARCH, ...meta, vocab: vocab.toJSON() } });
}

/**
 * Rebuilds the classifier a file describes and loads its weights; throws a readable error
 * for a file that is not one of this app's checkpoints (nothing is left allocated then).
 *
 * @example
 * const { model, vocab, meta } = loadModelBytes(new Uint8Array(await file.arrayBuffer()));
 */
export function loadModelBytes(bytes: Uint8Array): { model: TextClassifier; vocab: Vocab; meta: ModelMeta; extra: Record<string, unknown> } {
  const { metadata } = readSafetensors(bytes);
  if (metadata.format !== CHECKPOINT_FORMAT) throw new Error('not a Tensorloom checkpoint: save a model from this app (page or CLI) first');
  let extra: Record<string, unknown>;
  try { extra = JSON.parse(metadata.extra ?? '{}') as Record<string, unknown>; } catch { throw new Error('the checkpoint\'s extras are not valid JSON'); }
  if (extra.arch !== ARCH) throw new Error(`this file holds a '${String(extra.arch)}' model, not a text classifier ('${ARCH}')`);
  const kind = extra.kind as ModelKind;
  const classes = extra.classes as string[];
  if (!MODEL_KINDS.includes(kind) || !Array.isArray(classes) || classes.length < 2 || !classes.every((c) => typeof c === 'string')) throw new Error('the checkpoint does not say which model and classes it holds');
  const embedDim = Number(extra.embedDim), maxLen = Number(extra.maxLen);
  if (!Number.isInteger(embedDim) || embedDim < 1 || embedDim > 4096 || !Number.isInteger(maxLen) || maxLen < 1 || maxLen > 4096) throw new Error('the checkpoint has no valid embedDim / maxLen');
  const pooling = (extra.pooling ?? 'lastMean') as LstmPooling;
  if (!LSTM_POOLINGS.includes(pooling)) throw new Error(`the checkpoint's pooling '${String(extra.pooling)}' is not one of ${LSTM_POOLINGS.join(', ')}`);
  const vocab = Vocab.fromJSON(extra.vocab);
  const model = createTextModel({ kind, vocabSize: vocab.size, numClasses: classes.length, embedDim, maxLen, pooling });
  try {
    checkpointFromBytes(bytes, { model: model as unknown as Module<never[], unknown> });
  } catch (e) {
    model.dispose();
    throw e;
  }
  return { model, vocab, meta: { kind, embedDim, maxLen, classes, corpus: String(extra.corpus ?? ''), ...(extra.pooling !== undefined ? { pooling } : {}) }, extra };
}
