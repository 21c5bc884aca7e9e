/**
 * PyTorch goldens on the primitives-only toy backend: core's compositions and VJP rules
 * match PyTorch without any fused kernel.
 */
import { torchGoldenTests } from './helpers/torch_goldens.js';
import { createToyBackend } from './helpers/toy_backend.js';

torchGoldenTests('toy', () => createToyBackend('toy-goldens'));
