/**
 * The backend conformance kit on the CPU backend (fused softmax family, conv2d and pooling
 * included): every case, no skips, on the WebAssembly kernels and on the JavaScript fallback
 * (`{ wasm: false }`, what runs where WebAssembly SIMD is missing).
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { runConformance } from '@tensorloom/core/testing';
import { CpuBackend } from '../src/index.js';

runConformance(() => new CpuBackend(), { name: 'cpu', runner: { describe, it, beforeAll, afterAll } });
runConformance(() => new CpuBackend({ wasm: false }), { name: 'cpu-js', runner: { describe, it, beforeAll, afterAll } });
