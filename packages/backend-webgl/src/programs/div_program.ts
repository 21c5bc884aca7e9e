/**
 * IEEE float division on WebGL. tfjs's RealDiv shader returns 1 whenever a == b (so 0/0 and
 * ∞/∞ give 1, not NaN); this program keeps that shortcut only for finite non-zero a.
 */
import * as tf from '@tensorflow/tfjs-core';
import { glslBackend, runProgram } from './webgl_program.js';

const USER_CODE = `
float ieeeDiv(float a, float b) {
  if (isnan(a) || isnan(b)) return uintBitsToFloat(0x7fc00000u);
  if (b == 0.0) return a == 0.0 ? uintBitsToFloat(0x7fc00000u) : a * uintBitsToFloat(0x7f800000u);
  if (a == b && abs(a) < 3.0e38) return 1.0;
  return a / b;
}
void main() {
  setOutput(ieeeDiv(getAAtOutCoords(), getBAtOutCoords()));
}`;

/** a / b for float32 tensors, broadcasting, with IEEE results for 0/0, ∞/∞ and x/0. */
export function divFloat(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const backend = glslBackend();
  const shape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
  if (backend) return runProgram(backend, { variableNames: ['A', 'B'], outputShape: shape, userCode: USER_CODE }, [a, b], 'float32');
  // WebGL1 (no uintBitsToFloat): fix tfjs's a == b shortcut afterwards.
  const q = tf.div(a, b);
  const bad = tf.logicalAnd(tf.equal(a, b), tf.logicalOr(tf.equal(a, 0), tf.equal(tf.abs(a), Infinity)));
  return tf.where(bad, tf.fill(shape, NaN), q);
}
