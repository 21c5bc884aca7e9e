/**
 * Matrix product with NumPy semantics: 1-D operands are promoted and squeezed back, batch
 * dimensions broadcast. The primitive sees rank-3 operands only.
 */
import { promoteTypes } from '../dtype.js';
import { TensorloomError, formatShape, publicOp } from '../errors.js';
import { runPrimitive } from '../engine.js';
import { tidy } from '../memory.js';
import { broadcastShapes, shapesEqual, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { assertTensor } from './operand.js';
import { expand, reshape } from './movement.js';
import { cast } from './unary.js';

/**
 * `a @ b`: [..., M, K] @ [..., K, N] → [..., M, N], batch dimensions broadcast; a 1-D
 * operand is a row (left) or a column (right) vector.
 *
 * @example
 * matmul(x, w);          // [batch, in] @ [in, out]
 * matmul(q, k.transpose(-1, -2)); // attention scores
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  return publicOp('matmul', () => matmulBody(a, b));
}

function matmulBody(a: Tensor, b: Tensor): Tensor {
  assertTensor('matmul', a, 'a');
  assertTensor('matmul', b, 'b');
  if (a.rank === 0 || b.rank === 0) {
    throw new TensorloomError('matmul', `both operands need at least one dimension, got ${formatShape(a.shape)} @ ${formatShape(b.shape)}; use mul for scalars`);
  }
  if (a.dtype === 'bool' || b.dtype === 'bool') throw new TensorloomError('matmul', 'bool operands are not supported; cast to float32');
  const a2 = a.rank === 1 ? [1, a.shape[0]] : a.shape;
  const b2 = b.rank === 1 ? [b.shape[0], 1] : b.shape;
  const [m, k] = a2.slice(-2);
  const [k2, n] = b2.slice(-2);
  if (k !== k2) {
    throw new TensorloomError('matmul', `inner dimensions differ: ${formatShape(a.shape)} @ ${formatShape(b.shape)} (${k} vs ${k2}); the last dimension of a must equal the second-to-last of b`);
  }
  const batchA = a2.slice(0, -2);
  const batchB = b2.slice(0, -2);
  const batch = broadcastShapes('matmul', batchA, batchB);
  const outShape = [...batch, ...(a.rank === 1 ? [] : [m]), ...(b.rank === 1 ? [] : [n])];
  const dtype = promoteTypes(a.dtype, b.dtype);
  return tidy(() => {
    let x = a.dtype === dtype ? a : cast(a, dtype);
    let y = b.dtype === dtype ? b : cast(b, dtype);
    let x3: Tensor;
    let y3: Tensor;
    if (sizeOf(batchB) === 1 && batchB.length <= batchA.length) {
      // [..., M, K] @ [K, N]: fold the batch into M.
      x3 = reshape(x, [1, sizeOf(batchA) * m, k]);
      y3 = reshape(y, [1, k, n]);
    } else {
      const bs = sizeOf(batch);
      if (sizeOf(batchA) !== 1 && !shapesEqual(batchA, batch)) x = expand(reshape(x, [...batchA, m, k]), [...batch, m, k]);
      if (sizeOf(batchB) !== 1 && !shapesEqual(batchB, batch)) y = expand(reshape(y, [...batchB, k, n]), [...batch, k, n]);
      x3 = reshape(x, [sizeOf(batchA) === 1 ? 1 : bs, m, k]);
      y3 = reshape(y, [sizeOf(batchB) === 1 ? 1 : bs, k, n]);
    }
    const bOut = x3.shape[0] === 0 || y3.shape[0] === 0 ? 0 : Math.max(x3.shape[0], y3.shape[0]);
    const out = runPrimitive('matmul', [x3, y3], { transposeA: false, transposeB: false }, { shape: [bOut, x3.shape[1], n], dtype });
    return reshape(out, outShape);
  });
}
