/**
 * Padding and truncation of token-id sequences into one rectangular batch, with a mask
 * (1 = real token, 0 = padding) and each row's length. Host arrays only: turn them into
 * tensors with `tensor(ids, { shape, dtype: 'int32' })`.
 */
import { TensorloomError } from '@tensorloom/core';

export interface PadOptions {
  /** Truncate longer sequences to this many ids (default: no truncation). */
  maxLength?: number;
  /** `'longest'` (default): pad to the longest row (after truncation); `'max'`: pad to `maxLength`. */
  padTo?: 'longest' | 'max';
  /** Keep the `'head'` (default) or the `'tail'` of a sequence that is too long. */
  truncate?: 'head' | 'tail';
  /** Pad rows on the `'right'` (default) or on the `'left'`. */
  side?: 'right' | 'left';
  /** The padding id (default 0, `Vocab`'s `<pad>`). */
  padId?: number;
  /** Rows shorter than this are padded up to it (default 1, so a batch of empty texts is [B, 1]). */
  minLength?: number;
}

/** A padded batch: `ids` and `mask` are row-major [batch, length]. */
export interface PaddedBatch {
  ids: Int32Array;
  mask: Uint8Array;
  /** Real tokens per row (after truncation). */
  lengths: Int32Array;
  shape: [number, number];
}

/**
 * Pads (and truncates) `sequences` into one batch.
 *
 * @example
 * const b = padSequences([vocab.encode(tokenize('hi there')), vocab.encode(tokenize('hi'))], { maxLength: 64 });
 * b.shape; // [2, 2]
 * b.mask;  // Uint8Array [1, 1, 1, 0]
 */
export function padSequences(sequences: ReadonlyArray<ArrayLike<number>>, options: PadOptions = {}): PaddedBatch {
  const op = 'padSequences';
  if (!Array.isArray(sequences)) throw new TensorloomError(op, 'expected an array of id sequences');
  const { maxLength, padTo = 'longest', truncate = 'head', side = 'right', padId = 0, minLength = 1 } = options;
  if (maxLength !== undefined && (!Number.isInteger(maxLength) || maxLength < 1)) throw new TensorloomError(op, `maxLength must be a positive integer, got ${maxLength}`);
  if (padTo === 'max' && maxLength === undefined) throw new TensorloomError(op, "padTo: 'max' needs maxLength");
  if (!Number.isInteger(minLength) || minLength < 0) throw new TensorloomError(op, `minLength must be a non-negative integer, got ${minLength}`);
  if (!Number.isInteger(padId)) throw new TensorloomError(op, `padId must be an integer, got ${padId}`);
  const cap = maxLength ?? Infinity;
  const lengths = Int32Array.from(sequences, (s, i) => {
    if (s === null || typeof s !== 'object' || typeof s.length !== 'number') throw new TensorloomError(op, `sequence ${i} is not an array of ids`);
    return Math.min(s.length, cap);
  });
  let width = padTo === 'max' ? (maxLength as number) : lengths.reduce((m, l) => Math.max(m, l), 0);
  width = Math.max(width, Math.min(minLength, cap));
  const batch = sequences.length;
  const ids = new Int32Array(batch * width).fill(padId);
  const mask = new Uint8Array(batch * width);
  for (let r = 0; r < batch; r++) {
    const s = sequences[r];
    const n = lengths[r];
    const from = truncate === 'head' ? 0 : s.length - n;
    const at = r * width + (side === 'right' ? 0 : width - n);
    for (let k = 0; k < n; k++) {
      const v = s[from + k];
      if (!Number.isInteger(v)) throw new TensorloomError(op, `sequence ${r} holds a non-integer id ${v} at ${from + k}`);
      ids[at + k] = v;
      mask[at + k] = 1;
    }
  }
  return { ids, mask, lengths, shape: [batch, width] };
}
