/**
 * The conformance kit on the toy backend without synchronous reads (syncRead: false): every
 * suite passes through asynchronous reads alone; the kit checks toAsync() and that dataSync()
 * refuses with a TensorloomError.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { runConformance } from '@tensorloom/core/testing';
import { createAsyncToyBackend } from './helpers/async_toy_backend.js';

runConformance(() => createAsyncToyBackend('toy-async'), {
  name: 'toy-async', runner: { describe, it, beforeAll, afterAll }, capabilities: { syncRead: false },
});
