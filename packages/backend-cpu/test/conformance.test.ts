/**
 * The backend conformance kit on the CPU backend (fused softmax family, conv2d and pooling
 * included): every case, every capability, no skips.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { runConformance } from '@tensorloom/core/testing';
import { CpuBackend } from '../src/index.js';

runConformance(() => new CpuBackend(), { name: 'cpu', runner: { describe, it, beforeAll, afterAll } });
