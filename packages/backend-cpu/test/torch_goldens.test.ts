/**
 * PyTorch goldens (fixtures in packages/core/test/fixtures) replayed on the CPU backend, on the
 * WebAssembly kernels and on the JavaScript fallback.
 */
import { torchGoldenTests } from '../../core/test/helpers/torch_goldens.js';
import { CpuBackend } from '../src/index.js';

torchGoldenTests('cpu', () => new CpuBackend());
torchGoldenTests('cpu-js', () => new CpuBackend({ wasm: false }));
