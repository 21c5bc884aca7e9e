/**
 * PyTorch goldens (fixtures in packages/core/test/fixtures) replayed on the CPU backend.
 */
import { torchGoldenTests } from '../../core/test/helpers/torch_goldens.js';
import { CpuBackend } from '../src/index.js';

torchGoldenTests('cpu', () => new CpuBackend());
