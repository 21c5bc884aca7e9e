/**
 * The kit's per-backend context: registers each test with Vitest, applies the backend's skip
 * list (every skip carries its reason), frees what a test made, and fails a test that leaves
 * tensors alive inside the library (autograd graphs, kernel temporaries).
 */
import { it } from 'vitest';
import { endScope, memory, startScope } from '../memory.js';

export interface KitContext {
  /** The backend under test, as registered (e.g. `cpu`). */
  readonly backendName: string;
  /** Registers a test that must leave `memory()` where it found it. */
  test(name: string, fn: () => Promise<void> | void, timeout?: number): void;
}

export function makeContext(backendName: string, skip: Record<string, string>): KitContext {
  return {
    backendName,
    test(name, fn, timeout) {
      const reason = Object.entries(skip).find(([pattern]) => name.includes(pattern))?.[1];
      if (reason !== undefined) {
        it.skip(`${name} (skipped on ${backendName}: ${reason})`, () => {});
        return;
      }
      it(name, async () => {
        const before = memory();
        startScope();
        try {
          await fn();
        } finally {
          endScope();
        }
        const after = memory();
        if (after.numTensors !== before.numTensors || after.numDataBuffers !== before.numDataBuffers) {
          throw new Error(`leak: ${after.numTensors - before.numTensors} tensors and ${after.numDataBuffers - before.numDataBuffers} data buffers were left alive`);
        }
      }, timeout);
    },
  };
}
