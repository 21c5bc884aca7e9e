/**
 * The kit's per-backend context: registers each test with the given test runner, skips a test
 * whose requirement the backend's declared capabilities do not meet (the reason is in the
 * test's name), frees what a test made, and fails a test that leaves tensors alive inside the
 * library (autograd graphs, kernel temporaries).
 */
import { endScope, memory, startScope } from '../memory.js';
import type { Requirement, ResolvedCapabilities } from './capabilities.js';
import { registerSkip, type TestRunner } from './runner.js';

/** The per-test time limit unless a test says otherwise (Jest's default of 5 s is too short). */
const DEFAULT_TIMEOUT_MS = 60_000;

export interface KitContext {
  /** The backend under test, as registered (e.g. `cpu`). */
  readonly backendName: string;
  /** What the backend declared. */
  readonly capabilities: ResolvedCapabilities;
  /** Groups tests. */
  describe(name: string, body: () => void): void;
  /** Registers a test that must leave `memory()` where it found it. */
  test(name: string, fn: () => Promise<void> | void, options?: { timeout?: number; requires?: Requirement }): void;
}

export function makeContext(backendName: string, capabilities: ResolvedCapabilities, runner: TestRunner): KitContext {
  return {
    backendName,
    capabilities,
    describe: (name, body) => runner.describe(name, body),
    test(name, fn, options = {}) {
      const reason = options.requires?.(capabilities) ?? null;
      if (reason !== null) {
        registerSkip(runner, `${name} (skipped on ${backendName}: ${reason})`);
        return;
      }
      runner.it(name, async () => {
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
      }, options.timeout ?? DEFAULT_TIMEOUT_MS);
    },
  };
}
