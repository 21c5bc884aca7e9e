/** PyTorch goldens (fixtures in packages/core/test/fixtures) replayed on WebGPU in Node. */
import { afterAll } from 'vitest';
import { torchGoldenTests } from '../../core/test/helpers/torch_goldens.js';
import { createWebGpuBackend } from '../src/index.js';
import { nodeGpu } from './gpu.js';

const backend = await createWebGpuBackend({ gpu: nodeGpu() });
afterAll(() => backend.destroy());
torchGoldenTests('webgpu', () => backend);
