/**
 * The whole conformance kit on the read-counting asynchronous test backend (the CPU kernels
 * behind opaque storage, no readSync): every op, gradient, edge case, memory and error test
 * passes when each read is asynchronous, and the kit never asks for a synchronous read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance } from '@tensorloom/core/testing';
import { CpuBackend } from '@tensorloom/backend-cpu';
import { AsyncTestBackend } from './helpers/async_backend.js';

const backends: AsyncTestBackend[] = [];

runConformance(() => {
  const b = new AsyncTestBackend('async-cpu', new CpuBackend());
  backends.push(b);
  return b;
}, {
  name: 'async-cpu',
  runner: { describe, it, beforeAll, afterAll },
  // The kit checks toAsync() instead of to() and never asks for a synchronous read.
  capabilities: { syncRead: false },
});

it('the kit read only asynchronously: reads counted, no synchronous read attempted', () => {
  const reads = backends.reduce((a, b) => a + b.reads, 0);
  expect(backends.length).toBeGreaterThan(0);
  expect(reads).toBeGreaterThan(100);
  expect(backends.flatMap((b) => b.blockingCalls)).toEqual([]);
  console.log(`async conformance: ${reads} reads over ${backends.length} backend instance(s), 0 synchronous read attempts`);
});
