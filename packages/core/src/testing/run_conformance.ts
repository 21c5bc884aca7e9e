/**
 * runConformance: the one suite every backend runs (forward values against a float64
 * reference, gradients against finite differences, edge cases, dtypes, errors and leaks),
 * under any test runner and with skips decided by the backend's declared capabilities.
 */
import type { Backend } from '../backend.js';
import { registerBackend, removeBackend, setBackend, getBackend } from '../registry.js';
import { makeContext, type KitContext } from './context.js';
import { resolveCapabilities, type BackendCapabilities } from './capabilities.js';
import type { TestRunner } from './runner.js';
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

/** The kit's suites, in the order they run. @example runConformance(make, { runner, suites: CONFORMANCE_SUITES.filter((s) => s !== 'memory') }) */
export const CONFORMANCE_SUITES = [
  'elementwise', 'reductions', 'movement', 'linalg', 'softmax', 'edge cases', 'autograd', 'memory', 'errors',
] as const;

/** One of the kit's suites. */
export type ConformanceSuite = (typeof CONFORMANCE_SUITES)[number];

/** Options of `runConformance`. */
export interface ConformanceOptions {
  /** The test runner: Vitest's or Jest's `{ describe, it, beforeAll, afterAll }`, or `nodeTestRunner(nodeTest)`. */
  runner: TestRunner;
  /** Name to register the backend under (default: `conformance-backend`). */
  name?: string;
  /** What the backend can do; tests that need more are skipped with the reason. */
  capabilities?: BackendCapabilities;
  /** Run only these suites (default: all of CONFORMANCE_SUITES). */
  suites?: readonly ConformanceSuite[];
}

/**
 * Registers the conformance suite for a backend with a test runner. The backend is
 * registered (priority 100) and made current before the tests and removed after them.
 *
 * @example
 * // packages/backend-cpu/test/conformance.test.ts (Vitest; Jest is the same)
 * import { describe, it, beforeAll, afterAll } from 'vitest';
 * import { runConformance } from '@tensorloom/core/testing';
 * import { CpuBackend } from '../src/index.js';
 * runConformance(() => new CpuBackend(), { name: 'cpu', runner: { describe, it, beforeAll, afterAll } });
 *
 * // a WebGL backend: asynchronous-only reads would add syncRead: false
 * runConformance(createWebglBackend, {
 *   name: 'webgl', runner: { describe, it, beforeAll, afterAll },
 *   capabilities: { int32Range: false, indexChecks: 'host' },
 * });
 */
export function runConformance(createBackend: () => Backend | Promise<Backend>, options: ConformanceOptions): void {
  const runner = options?.runner;
  if (!runner || typeof runner.describe !== 'function' || typeof runner.it !== 'function') {
    throw new Error('runConformance: options.runner is required: pass { describe, it, beforeAll, afterAll } from your test framework, or nodeTestRunner(nodeTest)');
  }
  const name = options.name ?? 'conformance-backend';
  const capabilities = resolveCapabilities(options.capabilities);
  const suites = new Set<ConformanceSuite>(options.suites ?? CONFORMANCE_SUITES);
  const ctx = makeContext(name, capabilities, runner);
  runner.describe(`conformance: ${name}`, () => {
    runner.beforeAll(async () => {
      registerBackend(name, createBackend, 100);
      await setBackend(name);
      checkDeclaration(ctx, getBackend());
    });
    runner.afterAll(() => removeBackend(name));
    if (suites.has('elementwise')) opCaseTests(ctx, 'elementwise', elementwiseCases);
    if (suites.has('reductions')) opCaseTests(ctx, 'reductions', reductionCases);
    if (suites.has('movement')) opCaseTests(ctx, 'movement and indexing', movementCases);
    if (suites.has('linalg')) opCaseTests(ctx, 'matmul, conv2d and pooling', linalgCases);
    if (suites.has('softmax')) opCaseTests(ctx, 'softmax family', softmaxCases);
    if (suites.has('edge cases')) edgeCaseTests(ctx);
    if (suites.has('autograd')) autogradTests(ctx);
    if (suites.has('memory')) memoryTests(ctx);
    if (suites.has('errors')) errorTests(ctx, createBackend);
  });
}

/** A backend that declares synchronous reads must have them. */
function checkDeclaration(ctx: KitContext, backend: Backend): void {
  if (ctx.capabilities.syncRead && !backend.readSync) {
    throw new Error(`runConformance: backend '${backend.name}' has no readSync; declare capabilities: { syncRead: false }`);
  }
}
