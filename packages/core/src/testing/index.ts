/**
 * @tensorloom/core/testing: the backend conformance kit and its float64 reference. It imports
 * no test framework: pass your runner's `describe`/`it`/`beforeAll`/`afterAll` (Vitest, Jest)
 * or `nodeTestRunner(nodeTest)` to `runConformance`.
 *
 * @packageDocumentation
 */
export { runConformance, CONFORMANCE_SUITES, type ConformanceOptions, type ConformanceSuite } from './run_conformance.js';
export { nodeTestRunner, type TestRunner, type NodeTestModule } from './runner.js';
export type { BackendCapabilities } from './capabilities.js';
export { trainTinyMlp } from './memory_tests.js';
export { expectValues, expectTensorloomError, expectTensorloomErrorAsync } from './checks.js';
export { mismatch, close, makeValues, finiteDifference, type OpCase, type InputSpec, type Gen } from './harness.js';
export * as reference from './reference.js';
export type { Ref } from './reference.js';
