/**
 * The property suite (fast-check, fixed seed): for every public core op, ≥ 10,000 generated
 * wrong calls (wrong JS types, shapes, dtypes and axes) each throw a TensorloomError naming
 * that op — none is accepted and none throws an untyped error — and random valid calls agree
 * with the float64 reference. The counts are printed. TENSORLOOM_PROPERTY_CASES raises the count.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as core from '@tensorloom/core';
import { memory } from '@tensorloom/core';
import { useToyBackend } from './helpers/use_toy.js';
import { SPECS, SEED, runBadCase, runValidCase, sampleBadCases, sampleValidCases, type Outcome } from './properties/cases.js';

const BAD_CASES = Number(process.env.TENSORLOOM_PROPERTY_CASES ?? 12_000);

/** Core's function exports that are not tensor ops (classes, registry, memory, autograd, RNG, shape helpers). */
const NOT_OPS = new Set([
  'Tensor', 'TensorloomError', 'formatShape', 'bytesPerElement', 'promoteTypes', 'sizeOf', 'stridesOf', 'broadcastShapes', 'normalizeAxis',
  'normalizeAxes', 'shapesEqual', 'registerBackend', 'removeBackend', 'setBackend', 'getBackend', 'findBackend', 'listBackends', 'markStep', 'tidy', 'keep',
  'startScope', 'endScope', 'memory', 'noGrad', 'isGradEnabled', 'grad', 'valueAndGrad', 'vjp', 'customVjp', 'traceOps', 'manualSeed',
  'getRngState', 'setRngState',
]);

beforeAll(() => useToyBackend('toy-properties'));

describe('property suite: public core ops at the API edge', () => {
  it(`≥ 10,000 wrong calls each throw a TensorloomError naming the op (seed ${SEED})`, () => {
    const cases = sampleBadCases(BAD_CASES);
    const before = memory().numTensors;
    const counts: Record<Outcome, number> = { typed: 0, accepted: 0, untyped: 0, wrongOp: 0 };
    const failures: string[] = [];
    for (const c of cases) {
      const { outcome, detail } = runBadCase(c);
      counts[outcome]++;
      if (outcome !== 'typed' && failures.length < 40) failures.push(detail);
    }
    console.log(`property suite: ${cases.length} wrong calls over ${SPECS.length} ops: ${counts.typed} typed errors naming the op, `
      + `${counts.accepted} accepted, ${counts.untyped} untyped errors, ${counts.wrongOp} naming another op`);
    expect(failures).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(10_000);
    expect(counts.typed).toBe(cases.length);
    expect(memory().numTensors).toBe(before); // a rejected call leaks nothing
  });

  it('random valid calls agree with the float64 reference', () => {
    const cases = sampleValidCases(40);
    const failures: string[] = [];
    for (const { spec, args } of cases) {
      const why = runValidCase(spec, args);
      if (why && failures.length < 40) failures.push(why);
    }
    console.log(`property suite: ${cases.length} valid calls over ${new Set(cases.map((c) => c.spec.op)).size} ops checked against the float64 reference, ${failures.length} differ`);
    expect(failures).toEqual([]);
  });

  it('covers every public op that core exports', () => {
    const ops = new Set(SPECS.map((s) => s.op));
    const publicOps = Object.entries(core).filter(([name, v]) => typeof v === 'function' && !NOT_OPS.has(name)).map(([name]) => name);
    expect(publicOps.filter((name) => !ops.has(name))).toEqual([]);
    expect(publicOps.length).toBeGreaterThanOrEqual(90);
  });
});
