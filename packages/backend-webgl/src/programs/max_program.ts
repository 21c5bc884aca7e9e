/**
 * An exact max reduction on WebGL. tfjs 4.22's reduce shader starts max at −1e20 (and min
 * at 1e20), so a group whose values are all below −1e20 — all −∞ masks included — reduces
 * to −1e20 (tfjs issue 5394's family). This program starts at −∞, propagates NaN, and
 * reduces the last axis of an [outer, inner] view in chunks of at most 1024.
 */
import * as tf from '@tensorflow/tfjs-core';
import { sizeOf } from '@tensorloom/core';
import { glslBackend, runProgram } from './webgl_program.js';

const CHUNK = 1024;

function maxRows(x: tf.Tensor2D): tf.Tensor {
  const backend = glslBackend();
  const [outer, inner] = x.shape;
  if (!backend) return tf.max(x, 1);
  if (inner > CHUNK) {
    const chunks = Math.ceil(inner / CHUNK);
    const padded = tf.pad(x, [[0, 0], [0, chunks * CHUNK - inner]], -Infinity);
    const partial = maxRows(tf.reshape(padded, [outer * chunks, CHUNK]) as tf.Tensor2D);
    return maxRows(tf.reshape(partial, [outer, chunks]) as tf.Tensor2D);
  }
  const userCode = `
void main() {
  int row = getOutputCoords();
  float m = uintBitsToFloat(0xff800000u);
  for (int i = 0; i < ${inner}; i++) {
    float v = getX(row, i);
    if (isnan(v)) { m = v; break; }
    m = max(m, v);
  }
  setOutput(m);
}`;
  return runProgram(backend, { variableNames: ['X'], outputShape: [outer], userCode }, [x], 'float32');
}

/** max of float32 `x` over sorted `axes` (NaN propagates, −∞ and values below −1e20 are exact). */
export function maxFloat(x: tf.Tensor, axes: number[], keepDims: boolean): tf.Tensor {
  const rest = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const moved = axes.length === 0 || axes.every((a, i) => a === x.rank - axes.length + i) ? x : tf.transpose(x, [...rest, ...axes]);
  const outer = sizeOf(rest.map((i) => x.shape[i]));
  const inner = sizeOf(axes.map((i) => x.shape[i]));
  const m = maxRows(tf.reshape(moved, [outer, inner]) as tf.Tensor2D);
  return tf.reshape(m, keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : rest.map((i) => x.shape[i]));
}
