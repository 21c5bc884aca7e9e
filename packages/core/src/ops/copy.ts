/**
 * Copies: `detach` (same storage, no gradient), `clone` (new tensor, gradients flow) and the
 * cross-backend copies behind `Tensor.to` and `Tensor.toAsync`.
 */
import { TensorloomError } from '../errors.js';
import { fromValues, runPrimitive } from '../engine.js';
import { findBackend, resolveBackend } from '../registry.js';
import { Tensor } from '../tensor.js';
import { checkTensor, describe } from '../validate.js';

/**
 * A copy that shares storage and does not require grad.
 *
 * @example
 * const frozen = detach(w);
 */
export function detach(x: Tensor): Tensor {
  checkTensor('detach', 'input', x);
  x.handle.incRef();
  return new Tensor(x.handle, x.shape, x.dtype);
}

/**
 * A new tensor with the same values; gradients flow through it.
 *
 * @example
 * const y = clone(x);
 */
export function clone(x: Tensor): Tensor {
  checkTensor('clone', 'input', x);
  return runPrimitive('reshape', [x], { shape: [...x.shape] }, { shape: x.shape, dtype: x.dtype });
}

/** `x.to(name)`: a synchronous copy onto another backend (the source must read synchronously). */
export function toBackend(x: Tensor, backendName: string): Tensor {
  x.assertAlive('to');
  if (typeof backendName !== 'string') throw new TensorloomError('to', `backendName must be a registered backend's name, got ${describe(backendName)}`);
  const target = findBackend(backendName);
  if (target === x.backend) return clone(x);
  if (!x.backend.readSync) {
    throw new TensorloomError('to', `backend '${x.backend.name}' reads asynchronously, so it cannot copy synchronously; use await x.toAsync('${backendName}')`);
  }
  return fromValues(target, x.backend.readSync(x.info), x.shape, x.dtype);
}

/** `x.toAsync(name)`: a copy onto another backend through the source's asynchronous read. */
export async function toBackendAsync(x: Tensor, backendName: string): Promise<Tensor> {
  x.assertAlive('toAsync');
  if (typeof backendName !== 'string') throw new TensorloomError('toAsync', `backendName must be a registered backend's name, got ${describe(backendName)}`);
  const target = await resolveBackend(backendName);
  if (target === x.backend) return clone(x);
  const values = await x.data();
  x.assertAlive('toAsync');
  return fromValues(target, values, x.shape, x.dtype);
}
