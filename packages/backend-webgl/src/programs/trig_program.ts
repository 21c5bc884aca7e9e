/**
 * sin and cos to float32 accuracy on WebGL. GLSL's built-in sin/cos are approximations
 * (SwiftShader's err by ~5e-5 on [−3, 3]); these reduce x by multiples of π/2 (Cody–Waite,
 * three-part π/2) and evaluate Cephes' sinf/cosf minimax polynomials on [−π/4, π/4].
 */
import * as tf from '@tensorflow/tfjs-core';
import { glslBackend, runProgram } from './webgl_program.js';

const SINCOS = `
vec2 sincosReduced(float x) {
  float k = floor(x * 0.63661977236758134 + 0.5);
  float r = ((x - k * 1.5703125) - k * 4.837512969970703125e-4) - k * 7.54978995489188216e-8;
  float z = r * r;
  float s = ((-1.9515295891e-4 * z + 8.3321608736e-3) * z - 1.6666654611e-1) * z * r + r;
  float c = ((2.443315711809948e-5 * z - 1.388731625493765e-3) * z + 4.166664568298827e-2) * z * z - 0.5 * z + 1.0;
  float q = k - 4.0 * floor(k * 0.25);
  if (q == 0.0) return vec2(s, c);
  if (q == 1.0) return vec2(c, -s);
  if (q == 2.0) return vec2(-s, -c);
  return vec2(-c, s);
}
`;

function trig(x: tf.Tensor, which: 'x' | 'y', fallback: (t: tf.Tensor) => tf.Tensor): tf.Tensor {
  const backend = glslBackend();
  if (!backend) return fallback(x);
  const userCode = `${SINCOS}
void main() {
  float x = getXAtOutCoords();
  setOutput(sincosReduced(x).${which});
}`;
  return runProgram(backend, { variableNames: ['X'], outputShape: [...x.shape], userCode }, [x], 'float32');
}

/** sin(x) for a float32 tensor, accurate to a few float32 ulps for |x| up to ~1e4. */
export function sinFloat(x: tf.Tensor): tf.Tensor {
  return trig(x, 'x', tf.sin);
}

/** cos(x) for a float32 tensor, accurate to a few float32 ulps for |x| up to ~1e4. */
export function cosFloat(x: tf.Tensor): tf.Tensor {
  return trig(x, 'y', tf.cos);
}
