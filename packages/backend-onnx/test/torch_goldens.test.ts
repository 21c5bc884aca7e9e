/**
 * PyTorch goldens (fixtures in packages/core/test/fixtures) replayed on the ONNX backend in
 * onnxruntime-node: forward values and vector-Jacobian products of the softmax family,
 * cross-entropy, conv2d (its gradients as ConvTranspose and Conv), pooling, matmul and activations.
 */
import { torchGoldenTests } from '../../core/test/helpers/torch_goldens.js';
import { makeOnnx } from './helpers.js';

torchGoldenTests('onnx', () => makeOnnx());
