/**
 * The test-runner interface the conformance kit registers its tests with, so the kit imports
 * no test framework: Vitest's and Jest's own `describe`/`it`/`beforeAll`/`afterAll` fit it as
 * they are, and `nodeTestRunner()` adapts node:test.
 */

/** The functions of a test runner that the kit uses (Vitest's and Jest's fit as they are). */
export interface TestRunner {
  /** Groups tests. */
  describe(name: string, body: () => void): void;
  /** Registers a test; it fails when `body` rejects. `timeoutMs` is the kit's per-test limit. */
  it(name: string, body: () => Promise<void>, timeoutMs?: number): void;
  /** Runs `fn` once before the tests of the enclosing group. */
  beforeAll(fn: () => Promise<void> | void): void;
  /** Runs `fn` once after the tests of the enclosing group. */
  afterAll(fn: () => Promise<void> | void): void;
  /**
   * Registers a skipped test (its name carries the reason). Optional where `it.skip(name, fn)`
   * exists, as in Vitest and Jest.
   */
  skip?(name: string): void;
}

/** The part of `node:test` that `nodeTestRunner` needs (`import * as nodeTest from 'node:test'`). */
export interface NodeTestModule {
  describe(name: string, fn: () => void): unknown;
  it(name: string, options: { timeout?: number; skip?: boolean | string }, fn: () => Promise<void>): unknown;
  before(fn: () => Promise<void> | void): unknown;
  after(fn: () => Promise<void> | void): unknown;
}

/**
 * Adapts node's built-in test runner for `runConformance`.
 *
 * @example
 * import * as nodeTest from 'node:test';
 * import { nodeTestRunner, runConformance } from '@tensorloom/core/testing';
 * runConformance(() => new MyBackend(), { name: 'mine', runner: nodeTestRunner(nodeTest) });
 */
export function nodeTestRunner(t: NodeTestModule): TestRunner {
  return {
    describe: (name, body) => { t.describe(name, body); },
    it: (name, body, timeoutMs) => { t.it(name, { timeout: timeoutMs }, body); },
    beforeAll: (fn) => { t.before(fn); },
    afterAll: (fn) => { t.after(fn); },
    skip: (name) => { t.it(name, { skip: true }, async () => {}); },
  };
}

/** Registers a skipped test with whatever the runner offers. */
export function registerSkip(runner: TestRunner, name: string): void {
  if (runner.skip) { runner.skip(name); return; }
  const skip = (runner.it as { skip?: (n: string, fn: () => void) => void }).skip;
  if (typeof skip !== 'function') {
    throw new Error(`runConformance: the test runner has no skip() and its it() has no it.skip; give runner.skip to report "${name}"`);
  }
  skip.call(runner.it, name, () => {});
}
