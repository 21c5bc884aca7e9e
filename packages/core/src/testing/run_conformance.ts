/**
 * runConformance: the one suite every backend runs (forward values against a float64
 * reference, gradients against finite differences, edge cases, dtypes, errors and leaks).
 */
import { afterAll, beforeAll, describe } from 'vitest';
import type { Backend } from '../backend.js';
import { registerBackend, removeBackend, setBackend } from '../registry.js';
import { makeContext } from './context.js';
import { opCaseTests } from './op_case_tests.js';
import { elementwiseCases } from './cases/elementwise.js';
import { reductionCases } from './cases/reduction.js';
import { movementCases } from './cases/movement.js';
import { linalgCases } from './cases/linalg.js';
import { softmaxCases } from './cases/softmax_family.js';
import { edgeCaseTests } from './edge_cases.js';
import { autogradTests } from './autograd_tests.js';
import { memoryTests } from './memory_tests.js';
import { errorTests } from './error_tests.js';

export interface ConformanceOptions {
  /** Name to register the backend under (default: the backend's own name). */
  name?: string;
  /** Tests to skip: a substring of the test name → the reason, shown in the report. */
  skip?: Record<string, string>;
}

/**
 * Registers the conformance suite for a backend with Vitest.
 *
 * @example
 * // packages/backend-cpu/test/conformance.test.ts
 * import { runConformance } from '@tensorloom/core/testing';
 * import { CpuBackend } from '../src/index.js';
 * runConformance(() => new CpuBackend());
 */
export function runConformance(createBackend: () => Backend | Promise<Backend>, options: ConformanceOptions = {}): void {
  const name = options.name ?? 'conformance-backend';
  const ctx = makeContext(name, options.skip ?? {});
  describe(`conformance: ${name}`, () => {
    beforeAll(async () => {
      registerBackend(name, createBackend, 100);
      await setBackend(name);
    });
    afterAll(() => removeBackend(name));
    opCaseTests(ctx, 'elementwise', elementwiseCases);
    opCaseTests(ctx, 'reductions', reductionCases);
    opCaseTests(ctx, 'movement and indexing', movementCases);
    opCaseTests(ctx, 'matmul, conv2d and pooling', linalgCases);
    opCaseTests(ctx, 'softmax family', softmaxCases);
    edgeCaseTests(ctx);
    autogradTests(ctx);
    memoryTests(ctx);
    errorTests(ctx, createBackend);
  });
}
