/**
 * @tensorloom/core/testing: the backend conformance kit and its float64 reference.
 * Requires Vitest (a peer dependency of this entry only).
 */
export { runConformance, type ConformanceOptions } from './run_conformance.js';
export { trainTinyMlp } from './memory_tests.js';
export { expectValues, expectTensorloomError } from './checks.js';
export { mismatch, close, makeValues, finiteDifference, type OpCase, type InputSpec, type Gen } from './harness.js';
export * as reference from './reference.js';
