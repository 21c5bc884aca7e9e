/**
 * Wiring: the one place where core's late-bound tables are filled, so that its modules import
 * one another in one direction only (tensor ← engine ← ops ← autograd rules and compositions ←
 * wiring ← creation). Ops are written with ops and differentiated with ops, so something must
 * close that loop at run time; here it is closed once, on demand, by `ensureWired()`:
 * - Tensor's op methods (`x.add(y)`) get the free functions (tensor.ts holds no op),
 * - the engine gets the VJP rule of every primitive and the composition and VJP of every
 *   composed op.
 * Importing this module (or core) runs nothing. Every tensor descends from a creation function
 * (`tensor`, `zeros`, `rand`…), and each of them calls `ensureWired()` first, so the tables are
 * in place before any op can run; a bundler cannot drop this module while a creation function
 * is used, because they import it.
 */
import { installTensorMethods, type TensorMethodTable } from './tensor.js';
import { installDispatchTables } from './engine.js';
import { primitiveRules } from './autograd/primitive_rules.js';
import { backward } from './autograd/backward.js';
import { composedOps } from './composed/table.js';
import * as unary from './ops/unary.js';
import * as binary from './ops/binary.js';
import * as reduce from './ops/reduce.js';
import * as movement from './ops/movement.js';
import * as indexing from './ops/indexing.js';
import * as activations from './ops/activations.js';
import * as softmax from './ops/softmax.js';
import { matmul } from './ops/matmul.js';
import { clone, detach, toBackend, toBackendAsync } from './ops/copy.js';

let wired = false;

/**
 * The implementation of each Tensor op method: the free function of the same name from the op
 * modules, plus the few whose names differ. The compiler checks each against its method, so a
 * new op in one of these modules needs only its method in tensor.ts.
 */
function tensorMethods(): TensorMethodTable {
  return {
    ...unary, ...binary, ...reduce, ...movement, ...indexing, ...activations, ...softmax, matmul,
    var: reduce.variance, view: movement.reshape,
    detach, clone, to: toBackend, toAsync: toBackendAsync, backward,
  };
}

/** Fills core's late-bound tables; idempotent and cheap after the first call. */
export function ensureWired(): void {
  if (wired) return;
  installTensorMethods(tensorMethods());
  installDispatchTables({ primitiveRules, composedOps: composedOps() });
  wired = true;
}
