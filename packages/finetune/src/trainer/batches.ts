/**
 * Walking a batch source: sync or async iterables of batches (`[x, y]`, other tuples of
 * tensors, or records of tensors), with checks that each item is one, and the ownership rule
 * (who disposes a batch).
 */
import { Tensor, TensorloomError } from '@tensorloom/core';
import type { BatchLike, BatchSource } from './types.js';

const WHAT = 'an iterable of batches: [x, y] pairs or records of tensors (an array, a DataLoader, …)';

/** Yields each batch of `source` (sync or async), checked. */
export async function* iterateBatches<B>(op: string, source: BatchSource<B>): AsyncGenerator<B> {
  if (source === null || typeof source !== 'object') throw new TensorloomError(op, `expected ${WHAT}`);
  const asyncIt = (source as AsyncIterable<B>)[Symbol.asyncIterator];
  const syncIt = (source as Iterable<B>)[Symbol.iterator];
  if (typeof asyncIt === 'function') {
    for await (const b of source as AsyncIterable<B>) yield check(op, b);
  } else if (typeof syncIt === 'function') {
    for (const b of source as Iterable<B>) yield check(op, b);
  } else {
    throw new TensorloomError(op, `the batch source is not iterable; pass ${WHAT}`);
  }
}

/** The tensors of a batch: a tuple's items or a record's values. */
export function tensorsOf(b: BatchLike): Tensor[] {
  return Array.isArray(b) ? [...(b as readonly Tensor[])] : Object.values(b as Record<string, Tensor>);
}

function check<B>(op: string, b: B): B {
  if (Array.isArray(b)) {
    if (b.length < 2 || !b.every((t) => t instanceof Tensor)) throw new TensorloomError(op, 'each batch must be a pair [x, y] of tensors (or a tuple or record of tensors)');
    return b;
  }
  if (b === null || typeof b !== 'object' || b instanceof Tensor) throw new TensorloomError(op, 'each batch must be a pair [x, y] of tensors or a record of tensors ({ tokens, mask, labels })');
  const values = Object.values(b as Record<string, unknown>);
  if (values.length === 0 || !values.every((t) => t instanceof Tensor)) {
    throw new TensorloomError(op, 'a record batch must hold tensors only, at least one ({ tokens, mask, labels })');
  }
  return b;
}

/** Steps per epoch when the source knows its length. */
export function lengthOf(source: BatchSource<unknown>): number | undefined {
  const n = (source as { length?: unknown }).length;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** True when batches are handed to the consumer (the Trainer disposes them after the step). */
export function consumerOwnsBatches(source: BatchSource<unknown>, override: boolean | undefined): boolean {
  return override ?? source.autoDispose === false;
}

/** Disposes a batch's tensors. */
export function disposeBatch(b: BatchLike): void { for (const t of tensorsOf(b)) t.dispose(); }
