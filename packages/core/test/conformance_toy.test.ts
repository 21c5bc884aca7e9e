/**
 * The conformance kit on the primitives-only toy backend: proves that a third-party backend
 * with no fused kernels gets every op, gradient and edge case right through compositions.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { runConformance } from '@tensorloom/core/testing';
import { createToyBackend } from './helpers/toy_backend.js';

runConformance(() => createToyBackend('toy'), { name: 'toy', runner: { describe, it, beforeAll, afterAll } });
