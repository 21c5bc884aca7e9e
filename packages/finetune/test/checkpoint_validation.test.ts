/**
 * Checkpoints load all or nothing: each malformed checkpoint (bad scheduler or optimizer
 * records, state for parameters that do not exist, stray tensors, prototype-named keys,
 * mistyped options, odd epochs) is a TensorloomError, and the model, the Adam state and the
 * scheduler are bitwise what they were, with no tensor leaked. Each checkpoint is the
 * writer's own output with one thing changed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TensorloomError, manualSeed, memory, randn, type TypedArray } from '@tensorloom/core';
import { Adam, StepLR, type Sequential } from '@tensorloom/nn';
import { checkpointFromBytes, checkpointToBytes, readSafetensors, writeSafetensors, type HostTensor } from '../src/index.js';
import { parseState, stringifyState } from '../src/checkpoint/json.js';
import { mlp, useCpu } from './helpers/setup.js';

beforeAll(useCpu);

interface Trio { model: Sequential; opt: Adam; sched: StepLR }

/** A model, Adam with state (two steps taken) and a stepped StepLR. */
function trained(seed: number): Trio {
  const model = mlp(seed);
  const opt = new Adam(model.parameters(), { lr: 0.01 });
  const sched = new StepLR(opt, { stepSize: 1, gamma: 0.5 });
  manualSeed(seed + 100);
  for (let s = 0; s < 2; s++) {
    opt.zeroGrad();
    model.forward(randn([5, 4])).square().mean().backward();
    opt.step();
    sched.step();
  }
  return { model, opt, sched };
}

const hex = (a: TypedArray): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

/** Every bit of the model's weights, the optimizer's state and options, and the scheduler. */
async function snapshot({ model, opt, sched }: Trio): Promise<string> {
  const parts: Record<string, string> = {};
  for (const [k, t] of Object.entries(model.stateDict())) parts[`model.${k}`] = hex(await t.data());
  const sd = opt.stateDict();
  for (const [id, s] of Object.entries(sd.state)) {
    for (const [k, v] of Object.entries(s)) {
      if (typeof v === 'number') parts[`opt.${id}.${k}`] = String(v);
      else { parts[`opt.${id}.${k}`] = hex(await v.data()); v.dispose(); }
    }
  }
  parts.groups = stringifyState(sd.paramGroups);
  parts.sched = stringifyState(sched.stateDict());
  return JSON.stringify(parts);
}

interface Parts { tensors: Record<string, HostTensor>; metadata: Record<string, string> }

/** The checkpoint's tensors and metadata, changed by `edit`, written again. */
function edited(bytes: Uint8Array, edit: (p: Parts) => void): Uint8Array {
  const { tensors, metadata } = readSafetensors(bytes);
  const p: Parts = { tensors: {}, metadata: { ...metadata } };
  for (const [k, t] of tensors) p.tensors[k] = { dtype: t.dtype, shape: t.shape, data: t.data };
  edit(p);
  return writeSafetensors(p.tensors, p.metadata);
}

/** Edits one JSON metadata record (optimizer, scheduler, extra) in place. */
const json = (name: string, edit: (v: Record<string, any>) => void) => (p: Parts): void => { // eslint-disable-line @typescript-eslint/no-explicit-any
  const v = parseState(p.metadata[name]) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  edit(v);
  p.metadata[name] = stringifyState(v);
};

const w = (shape: number[]): HostTensor => ({ dtype: 'float32', shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(7) });

/** Adds a tensor as an own key, whatever its name (`constructor`, `__proto__`, …). */
const put = (p: Parts, name: string, t: HostTensor): void => { Object.defineProperty(p.tensors, name, { value: t, enumerable: true }); };

const CASES: Array<[string, (p: Parts) => void, RegExp]> = [
  ['a scheduler record with lastEpoch "x"', (p) => { p.metadata.scheduler = '{"type":"StepLR","state":{"lastEpoch":"x"}}'; }, /scheduler state lacks 'baseLrs'|lastEpoch is "x"/],
  ['a scheduler lastEpoch of "x" beside the other keys', json('scheduler', (s) => { s.state.lastEpoch = 'x'; }), /lastEpoch is "x" but StepLR needs an integer/],
  ['a scheduler lastEpoch of 1.5', json('scheduler', (s) => { s.state.lastEpoch = 1.5; }), /lastEpoch is 1\.5/],
  ['a scheduler baseLrs of the wrong length', json('scheduler', (s) => { s.state.baseLrs = [0.1, 0.2]; }), /baseLrs .* needs an array of 1/],
  ['a scheduler key StepLR lacks', json('scheduler', (s) => { s.state.junk = 1; }), /has 'junk', which StepLR does not have/],
  ['optimizer numbers for parameter 99', json('optimizer', (o) => { o.numbers['99'] = { step: 1 }; }), /state for parameter "99", which the optimizer does not have/],
  ['a tensor named __optimizer__.state.1', (p) => { p.tensors['__optimizer__.state.1'] = w([8]); }, /'__optimizer__\.state\.1' is not optimizer state of the form/],
  ['a tensor __optimizer__.state.9.exp_avg', (p) => { p.tensors['__optimizer__.state.9.exp_avg'] = w([3]); }, /names parameter 9, which the optimizer does not have/],
  ['a tensor __optimizer__.state.01.exp_avg', (p) => { p.tensors['__optimizer__.state.01.exp_avg'] = w([8]); }, /not optimizer state of the form/],
  ['lr "abc"', json('optimizer', (o) => { o.paramGroups[0].lr = 'abc'; }), /lr is "abc" but Adam needs a number/],
  ['lr -1', json('optimizer', (o) => { o.paramGroups[0].lr = -1; }), /optimizer options are invalid: .*lr must be >= 0/],
  ['lr Infinity', json('optimizer', (o) => { o.paramGroups[0].lr = Infinity; }), /lr is .*Infinity.* needs a number/],
  ['step "x"', json('optimizer', (o) => { o.numbers['0'].step = 'x'; }), /state step of parameter 0 is "x"; it must be a finite number/],
  ['step 1.5', json('optimizer', (o) => { o.numbers['0'].step = 1.5; }), /step count of parameter 0 is 1\.5/],
  ['betas 1', json('optimizer', (o) => { o.paramGroups[0].betas = 1; }), /betas is 1 but Adam needs an array of 2/],
  ['betas [2, 0.5]', json('optimizer', (o) => { o.paramGroups[0].betas = [2, 0.5]; }), /betas must be in \[0, 1\)/],
  ['an option Adam does not have', json('optimizer', (o) => { o.paramGroups[0].momentum = 0.9; }), /option 'momentum', which Adam does not have/],
  ['a state record keyed __proto__', (p) => { p.metadata.optimizer = p.metadata.optimizer.replace('"numbers":{"0":{', '"numbers":{"0":{"__proto__":1,'); }, /malformed name "__proto__"/],
  ['params [0, 1, 2, NaN]', json('optimizer', (o) => { o.paramGroups[0].params = [0, 1, 2, NaN]; }), /lists parameter NaN where 3 belongs/],
  ['a stray number record keyed NaN', json('optimizer', (o) => { o.numbers.NaN = { step: 2 }; }), /state for parameter "NaN"/],
  ['params [0, 1, 2, NaN] with a stray NaN record', json('optimizer', (o) => { o.paramGroups[0].params = [0, 1, 2, NaN]; o.numbers.NaN = { step: 2 }; }), /lists parameter NaN where 3 belongs|parameter "NaN"/],
  ['params [0, 0, 1, 2]', json('optimizer', (o) => { o.paramGroups[0].params = [0, 0, 1, 2]; }), /lists parameter 0 where 1 belongs/],
  ['a step stored as number and tensor', (p) => { p.tensors['__optimizer__.state.0.step'] = { dtype: 'float32', shape: [], data: new Float32Array([1]) }; }, /stored both as a number and as a tensor/],
  ['an int32 exp_avg', (p) => { p.tensors['__optimizer__.state.1.exp_avg'] = { dtype: 'int32', shape: [8], data: new Int32Array(8) }; }, /is int32 but parameter 1 is float32/],
  ['a tensor named constructor', (p) => put(p, 'constructor', w([1])), /not in the model: constructor/],
  ['a tensor named toString', (p) => put(p, 'toString', w([1])), /not in the model: toString/],
  ['a tensor named hasOwnProperty', (p) => put(p, 'hasOwnProperty', w([1])), /not in the model: hasOwnProperty/],
  ['a tensor named __proto__', (p) => put(p, '__proto__', w([1])), /not in the model: __proto__/],
  ['epoch ""', (p) => { p.metadata.epoch = ''; }, /epoch "" is not a non-negative integer/],
  ['epoch "0x10"', (p) => { p.metadata.epoch = '0x10'; }, /epoch "0x10" is not a non-negative integer/],
  ['epoch "1e3"', (p) => { p.metadata.epoch = '1e3'; }, /epoch "1e3"/],
  ['format version 2', (p) => { p.metadata.version = '2'; }, /format version "2"/],
  ['an optimizer type mismatch', json('optimizer', (o) => { o.type = 'SGD'; }), /holds SGD state but the optimizer is Adam/],
  ['a scheduler record that is an array', (p) => { p.metadata.scheduler = '[1,2]'; }, /scheduler record is not an object/],
];

describe('checkpoints validate everything, then apply', () => {
  let good: Uint8Array;
  beforeAll(async () => {
    const t = trained(1);
    good = await checkpointToBytes({ model: t.model, optimizer: t.opt, scheduler: t.sched, epoch: 2 });
  });

  it('the unedited checkpoint loads (the cases below differ from it in one thing)', async () => {
    const src = trained(1);
    const target = trained(2);
    const bytes = await checkpointToBytes({ model: src.model, optimizer: src.opt, scheduler: src.sched, epoch: 2 });
    expect(await snapshot(target)).not.toBe(await snapshot(src));
    const round = edited(bytes, () => {});
    expect(checkpointFromBytes(round, { model: target.model, optimizer: target.opt, scheduler: target.sched }).epoch).toBe(2);
    expect(await snapshot(target)).toBe(await snapshot(src));
  });

  for (const [what, edit, message] of CASES) {
    it(`rejects ${what}, leaving model, Adam and StepLR bitwise unchanged and leaking nothing`, async () => {
      const target = trained(3);
      const before = await snapshot(target);
      const bad = edited(good, edit);
      const tensorsBefore = memory().numTensors;
      let err: unknown;
      try { checkpointFromBytes(bad, { model: target.model, optimizer: target.opt, scheduler: target.sched }); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(TensorloomError);
      expect((err as Error).message).toMatch(/^loadCheckpoint: /);
      expect((err as Error).message).toMatch(message);
      expect(memory().numTensors).toBe(tensorsBefore);
      expect(await snapshot(target)).toBe(before);
    });
  }
});
