/**
 * scatterAdd as a gather on the GPU: with the indices known on the host, each output element
 * out[p, i, q] = base[p, i, q] + Σ updates[p, j, q] over the j with indices[j] = i, found
 * through a CSR table (offsets per target i, then the j's in order). Work is proportional to
 * the updates, unlike the one-hot matmul, whose matrix is targets × updates.
 */
import * as tf from '@tensorflow/tfjs-core';
import { glslBackend, runProgram } from './webgl_program.js';

/** Largest count the GPU's float textures hold exactly. */
const EXACT = 1 << 24;

/**
 * `base` [pre, n, post] plus the `updates` [pre, j, post] scattered by host `indices` (length j),
 * or null where Tensorloom's GLSL programs cannot run (float16 targets, WebGL1) or counts are too large.
 */
export function scatterAddByTable(base: tf.Tensor3D, updates: tf.Tensor3D, indices: Int32Array): tf.Tensor | null {
  const backend = glslBackend();
  const [pre, n, post] = base.shape;
  const j = indices.length;
  if (!backend || j >= EXACT || n + 1 >= EXACT) return null;
  const offsets = new Float32Array(n + 1);
  for (let k = 0; k < j; k++) offsets[indices[k] + 1]++;
  for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i];
  const next = offsets.slice(0, n);
  const order = new Float32Array(Math.max(j, 1));
  for (let k = 0; k < j; k++) order[next[indices[k]]++] = k;
  const userCode = `
void main() {
  ivec3 c = getOutputCoords();
  float s = getBase(c.x, c.y, c.z);
  int start = int(getOffsets(c.y));
  int end = int(getOffsets(c.y + 1));
  for (int t = start; t < end; t++) {
    s += getUpdates(c.x, int(getOrder(t)), c.z);
  }
  setOutput(s);
}`;
  const program = { variableNames: ['base', 'updates', 'offsets', 'order'], outputShape: [pre, n, post], userCode };
  return runProgram(backend, program, [base, updates, tf.tensor1d(offsets), tf.tensor1d(order)], 'float32');
}
