/**
 * Dispatch: runs a primitive on its backend, or a composed op through the backend's fused
 * kernel or else its composition, and records the autograd node when gradients are needed.
 * The VJP rules and the compositions are not imported here (they are written with ops, which
 * dispatch through this module): wiring.ts installs the two tables once, before the first
 * tensor exists, so core's modules import one another in one direction only.
 */
import type { Backend, OutputSpec } from './backend.js';
import type { DType, TypedArray } from './dtype.js';
import { bytesPerElement } from './dtype.js';
import { TensorloomError, formatShape } from './errors.js';
import { DataHandle, tidy } from './memory.js';
import type { ComposedOpAttrs, ComposedOpName, PrimitiveAttrs, PrimitiveName } from './primitives.js';
import { Tensor } from './tensor.js';
import { isGradEnabled, noGrad } from './autograd/grad_mode.js';
import { Node, type VjpFn } from './autograd/node.js';
import { shapesEqual, sizeOf } from './shape.js';
import { inComposition, notifyOp } from './trace.js';
import { describeBackend, registeredName } from './registry.js';
import { checkSize } from './validate.js';

/** One VJP rule per primitive; null for a primitive that is not differentiable. */
export type PrimitiveRules = { [P in PrimitiveName]: VjpFn<PrimitiveAttrs[P]> | null };

/** A composed op: its composition (where a backend has no fused kernel) and its VJP. */
export interface ComposedOpDef<A> {
  compose: (inputs: readonly Tensor[], attrs: A) => Tensor;
  vjp: VjpFn<A>;
}

/** Every composed op's definition. */
export type ComposedOps = { [C in ComposedOpName]: ComposedOpDef<ComposedOpAttrs[C]> };

interface DispatchTables { primitiveRules: PrimitiveRules; composedOps: ComposedOps }

let tables: DispatchTables | null = null;

/** Installs the autograd rules and compositions (wiring.ts does, once). */
export function installDispatchTables(t: DispatchTables): void { tables = t; }

function dispatchTables(op: string): DispatchTables {
  if (!tables) throw new TensorloomError(op, 'internal: core is not initialised; make tensors with tensor(), zeros()… from @tensorloom/core');
  return tables;
}

/** The backend that all `inputs` live on, or a TensorloomError naming `op`. */
export function backendOf(op: string, inputs: readonly Tensor[]): Backend {
  const backend = inputs[0].backend;
  for (const t of inputs) {
    t.assertAlive(op);
    if (t.backend !== backend) {
      const target = registeredName(backend);
      if (t.backend.name === backend.name) {
        throw new TensorloomError(
          op,
          `inputs live on different backends, two instances of '${backend.name}': ${describeBackend(backend)} and ${describeBackend(t.backend)}; ` +
            `register each backend once (a second registerBackend under a taken name replaces the first) or move one with x.to('${target}')`,
        );
      }
      throw new TensorloomError(
        op,
        `inputs live on different backends (${backend.name} and ${t.backend.name}); move one with x.to('${target}')`,
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
  checkSize('write', shape);
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
  checkSize(op, out.shape); // before the kernel allocates
  const rule = dispatchTables(op).primitiveRules[op] as VjpFn | null;
  const kernel = backend.kernels[op] as (i: unknown[], a: unknown, o: OutputSpec) => unknown;
  const data = kernel(inputs.map((t) => t.info), attrs, out);
  const output = wrap(backend, data, out, inputs);
  if (rule) record(op, inputs, attrs, output, rule);
  notifyOp(op, 'primitive', inputs, attrs, output);
  return output;
}

/** Runs composed op `op`: the backend's fused kernel when it has one, else the composition. */
export function runComposed<C extends ComposedOpName>(
  op: C, inputs: readonly Tensor[], attrs: ComposedOpAttrs[C], out: OutputSpec,
): Tensor {
  const backend = backendOf(op, inputs);
  checkSize(op, out.shape);
  const def = dispatchTables(op).composedOps[op] as ComposedOpDef<unknown>;
  const fused = backend.fused?.[op] as ((i: unknown[], a: unknown, o: OutputSpec) => unknown) | undefined;
  let output: Tensor;
  if (fused) {
    output = wrap(backend, fused(inputs.map((t) => t.info), attrs, out), out, inputs);
  } else {
    output = inComposition(() => noGrad(() => tidy(() => def.compose(inputs, attrs))));
    if (!shapesEqual(output.shape, out.shape)) {
      throw new TensorloomError(op, `internal: composition made ${formatShape(output.shape)}, expected ${formatShape(out.shape)}`);
    }
  }
  record(op, inputs, attrs, output, def.vjp as VjpFn);
  notifyOp(op, 'composed', inputs, attrs, output);
  return output;
}
