/**
 * Walking a batch source: sync or async iterables of [x, y], with checks that each item is
 * a pair of tensors, and the ownership rule (who disposes a batch).
 */
import { Tensor, TensorloomError } from '@tensorloom/core';
import type { Batch, BatchSource } from './types.js';

/** Yields each batch of `source` (sync or async), checked. */
export async function* iterateBatches(op: string, source: BatchSource): AsyncGenerator<Batch> {
  if (source === null || typeof source !== 'object') throw new TensorloomError(op, 'expected an iterable of [x, y] batches (an array, a DataLoader, …)');
  const asyncIt = (source as AsyncIterable<Batch>)[Symbol.asyncIterator];
  const syncIt = (source as Iterable<Batch>)[Symbol.iterator];
  if (typeof asyncIt === 'function') {
    for await (const b of source as AsyncIterable<Batch>) yield check(op, b);
  } else if (typeof syncIt === 'function') {
    for (const b of source as Iterable<Batch>) yield check(op, b);
  } else {
    throw new TensorloomError(op, 'the batch source is not iterable; pass an array of [x, y] batches or a DataLoader');
  }
}

function check(op: string, b: unknown): Batch {
  if (!Array.isArray(b) || b.length < 2 || !(b[0] instanceof Tensor) || !(b[1] instanceof Tensor)) {
    throw new TensorloomError(op, 'each batch must be a pair [x, y] of tensors');
  }
  return b as unknown as Batch;
}

/** Steps per epoch when the source knows its length. */
export function lengthOf(source: BatchSource): number | undefined {
  const n = (source as { length?: unknown }).length;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** True when batches are handed to the consumer (the Trainer disposes them after the step). */
export function consumerOwnsBatches(source: BatchSource, override: boolean | undefined): boolean {
  return override ?? source.autoDispose === false;
}

/** Disposes a batch's tensors. */
export function disposeBatch(b: Batch): void { b[0].dispose(); b[1].dispose(); }
