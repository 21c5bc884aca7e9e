/**
 * The conformance kit under node's own test runner (no Vitest anywhere): a subset of the
 * suites on the toy backend, and the elementwise suite on the async-only toy backend, against
 * the built @tensorloom/core (dist). Run by `pnpm --filter @tensorloom/core test:node`, which
 * compiles this file to .node-test/ and runs `node --test` on it.
 */
import * as nodeTest from 'node:test';
import { nodeTestRunner, runConformance } from '@tensorloom/core/testing';
import { createToyBackend } from '../helpers/toy_backend.js';
import { AsyncTestBackend } from '../helpers/async_backend.js';

const runner = nodeTestRunner(nodeTest);
runConformance(() => createToyBackend('toy-node'), { name: 'toy-node', runner, suites: ['elementwise', 'reductions', 'errors'] });
runConformance(() => new AsyncTestBackend('toy-node-async', createToyBackend('toy-node-inner')), {
  name: 'toy-node-async', runner, suites: ['elementwise', 'errors'], capabilities: { syncRead: false },
});
