/**
 * Dispatch: runs a primitive on its backend, or a composed op through the backend's fused
 * kernel or else its composition, and records the autograd node when gradients are needed.
 */
import type { Backend, OutputSpec } from './backend.js';
import type { DType, TypedArray } from './dtype.js';
import { bytesPerElement } from './dtype.js';
import { TensorloomError, fmt } from './errors.js';
import { DataHandle, tidy } from './memory.js';
import type { CompositeAttrs, CompositeName, PrimitiveAttrs, PrimitiveName } from './primitives.js';
import { Tensor } from './tensor.js';
import { isGradEnabled, noGrad } from './autograd/grad_mode.js';
import { Node, type VjpFn } from './autograd/node.js';
import { primitiveRules } from './autograd/primitive_rules.js';
import { composites } from './ops/composites.js';
import { vjpOfComposition } from './autograd/composition_vjp.js';
import { sizeOf } from './shape.js';
import { inComposition, notifyOp } from './trace.js';

/** The backend that all `inputs` live on, or a TensorloomError naming `op`. */
export function backendOf(op: string, inputs: readonly Tensor[]): Backend {
  const backend = inputs[0].backend;
  for (const t of inputs) {
    t.assertAlive(op);
    if (t.backend !== backend) {
      throw new TensorloomError(
        op,
        `inputs live on different backends (${backend.name} and ${t.backend.name}); move one with x.to('${backend.name}')`,
      );
    }
  }
  return backend;
}

/** Wraps new storage in a tensor, sharing the handle when a kernel returned an input's storage. */
function wrap(backend: Backend, data: unknown, out: OutputSpec, inputs: readonly Tensor[]): Tensor {
  const same = inputs.find((t) => t.handle.data === data);
  if (same) {
    same.handle.incRef();
    return new Tensor(same.handle, out.shape, out.dtype);
  }
  return new Tensor(new DataHandle(backend, data, sizeOf(out.shape) * bytesPerElement(out.dtype)), out.shape, out.dtype);
}

/** Makes a tensor from host values on `backend`. */
export function fromValues(backend: Backend, values: TypedArray, shape: readonly number[], dtype: DType): Tensor {
  const data = backend.write(values, shape, dtype);
  return new Tensor(new DataHandle(backend, data, values.length * bytesPerElement(dtype)), shape, dtype);
}

/** Records an autograd node on `output` when grad mode is on and some input requires grad. */
export function record(op: string, inputs: readonly Tensor[], attrs: unknown, output: Tensor, rule: VjpFn): void {
  if (!isGradEnabled() || output.dtype !== 'float32' || !inputs.some((t) => t.node)) return;
  const savedOutput = output.retain(true);
  const node = new Node(op, inputs.map((t) => t.retain()), savedOutput, attrs, rule);
  node.incRef();
  output.node = node;
  savedOutput.node = node; // weak: rules that use the output (exp, tanh) stay differentiable
}

/** Runs primitive `op`; `out` is the output shape and dtype that core inferred. */
export function runPrimitive<P extends PrimitiveName>(
  op: P, inputs: readonly Tensor[], attrs: PrimitiveAttrs[P], out: OutputSpec,
): Tensor {
  const backend = backendOf(op, inputs);
  const kernel = backend.kernels[op] as (i: unknown[], a: unknown, o: OutputSpec) => unknown;
  const data = kernel(inputs.map((t) => t.info), attrs, out);
  const output = wrap(backend, data, out, inputs);
  const rule = primitiveRules[op] as VjpFn | null;
  if (rule) record(op, inputs, attrs, output, rule);
  notifyOp(op, 'primitive', inputs, attrs, output);
  return output;
}

/** Runs composed op `op`: the backend's fused kernel when it has one, else the composition. */
export function runComposite<C extends CompositeName>(
  op: C, inputs: readonly Tensor[], attrs: CompositeAttrs[C], out: OutputSpec,
): Tensor {
  const backend = backendOf(op, inputs);
  const def = composites[op];
  const fused = backend.fused?.[op] as ((i: unknown[], a: unknown, o: OutputSpec) => unknown) | undefined;
  let output: Tensor;
  if (fused) {
    output = wrap(backend, fused(inputs.map((t) => t.info), attrs, out), out, inputs);
  } else {
    output = inComposition(() => noGrad(() => tidy(() => (def.compose as (i: readonly Tensor[], a: unknown) => Tensor)(inputs, attrs))));
    if (output.shape.length !== out.shape.length || output.shape.some((d, i) => d !== out.shape[i])) {
      throw new TensorloomError(op, `internal: composition made ${fmt(output.shape)}, expected ${fmt(out.shape)}`);
    }
  }
  const rule = (def.vjp ?? vjpOfComposition(def.compose)) as VjpFn;
  record(op, inputs, attrs, output, rule);
  notifyOp(op, 'composite', inputs, attrs, output);
  return output;
}
