/**
 * Batches of encoded texts for the Trainer: `[ids [B, T] int32 (0 = <pad>), labels [B] int32]`,
 * length-bucketed (`BucketSampler`, seeded, a new order each epoch) so that a batch pads
 * little. The Trainer disposes each batch after its step (`autoDispose: false`).
 */
import { tensor, type Tensor } from '@tensorloom/core';
import { BucketSampler, padSequences } from '@tensorloom/data';

export interface TextBatchOptions { batchSize: number; seed: number; shuffle?: boolean }

export class TextBatches implements Iterable<[Tensor, Tensor]> {
  readonly autoDispose = false;
  private readonly sampler: BucketSampler;

  /**
   * @example
   * const train = new TextBatches(encodeTexts(vocab, texts, 128), labels, { batchSize: 32, seed: 0 });
   * await trainer.fit({ train, epochs: 3 });
   */
  constructor(private readonly seqs: readonly Int32Array[], private readonly labels: readonly number[], options: TextBatchOptions) {
    if (seqs.length !== labels.length) throw new Error(`got ${seqs.length} texts but ${labels.length} labels`);
    this.sampler = new BucketSampler(seqs.map((s) => s.length), { batchSize: options.batchSize, seed: options.seed, shuffle: options.shuffle ?? true });
  }

  get length(): number { return this.sampler.length; }
  get size(): number { return this.seqs.length; }
  setEpoch(epoch: number): void { this.sampler.setEpoch(epoch); }

  *[Symbol.iterator](): Iterator<[Tensor, Tensor]> {
    for (const rows of this.sampler.batches()) yield makeBatch(rows.map((r) => this.seqs[r]), rows.map((r) => this.labels[r]));
  }
}

/** One batch of id sequences (right-padded with 0) and labels. */
export function makeBatch(seqs: readonly Int32Array[], labels: readonly number[]): [Tensor, Tensor] {
  const b = padSequences(seqs);
  return [tensor(b.ids, { shape: b.shape, dtype: 'int32' }), tensor(Int32Array.from(labels), { dtype: 'int32' })];
}
