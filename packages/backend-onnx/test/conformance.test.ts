/**
 * The backend conformance kit on the ONNX backend in Node (onnxruntime-node). Reads are
 * asynchronous (a lazy backend has no readSync); indices computed inside a pending graph are
 * clamped, not checked (indexChecks: 'host'; indices known on the host are checked).
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { runConformance } from '@tensorloom/core/testing';
import { makeOnnx } from './helpers.js';

runConformance(() => makeOnnx(), {
  name: 'onnx',
  runner: { describe, it, beforeAll, afterAll },
  capabilities: { syncRead: false, indexChecks: 'host' },
});
