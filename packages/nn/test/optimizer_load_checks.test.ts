/**
 * Optimizer.loadStateDict type-checks its input outside checkpoints too (issue 16): a wrong
 * lr, step count, betas, parameter index or state tensor is a TensorloomError naming the
 * optimizer, and the optimizer's options and state are bitwise unchanged afterwards.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TensorloomError, tensor, tidy, zeros } from '@tensorloom/core';
import * as nn from '../src/index.js';
import { useTestBackend } from './helpers/backend.js';

beforeAll(useTestBackend);

/** An Adam that has taken one step on two parameters. */
function trained(): { opt: nn.Adam; params: nn.Parameter[] } {
  const params = [new nn.Parameter(tensor([1, -2])), new nn.Parameter(tensor([[0.5]]))];
  const opt = new nn.Adam(params, { lr: 0.1 });
  const loss = tidy(() => params[0].value.square().sum().add(params[1].value.square().sum()));
  loss.backward();
  opt.step();
  loss.dispose();
  return { opt, params };
}

/** The optimizer's options and state as plain values, to compare before and after. */
async function snapshot(opt: nn.Optimizer): Promise<unknown> {
  const groups = opt.paramGroups.map(({ params, ...o }) => ({ ...o, n: params.length }));
  const state: unknown[] = [];
  for (const [p, s] of opt.state) {
    const entry: Record<string, unknown> = { shape: p.shape };
    for (const [k, v] of Object.entries(s)) entry[k] = typeof v === 'number' ? v : Array.from(await v.data());
    state.push(entry);
  }
  return { groups, state };
}

describe('Optimizer.loadStateDict checks everything before it changes anything', () => {
  const edits: Array<[string, (d: nn.OptimizerStateDict) => void, RegExp]> = [
    ['lr "abc"', (d) => { d.paramGroups[0].lr = 'abc'; }, /parameter group 0's lr is "abc" but Adam needs a finite number/],
    ['lr -1', (d) => { d.paramGroups[0].lr = -1; }, /options are invalid: .*lr must be >= 0/],
    ['step "x"', (d) => { (d.state[0] as Record<string, unknown>).step = 'x'; }, /state 'step' of parameter 0 is "x"; it must be a tensor or a finite number/],
    ['step 1.5', (d) => { d.state[0].step = 1.5; }, /step count of parameter 0 is 1\.5; it must be an integer >= 0/],
    ['betas 1', (d) => { d.paramGroups[0].betas = 1; }, /betas is 1 but Adam needs an array of 2 numbers/],
    ['betas [2, 0.9]', (d) => { d.paramGroups[0].betas = [2, 0.9]; }, /betas must be in \[0, 1\)/],
    ['state for parameter 99', (d) => { d.state[99] = { step: 1 }; }, /state for parameter "99", which the groups do not list/],
    ['a state tensor of the wrong shape', (d) => { d.state[1].exp_avg = zeros([3]); }, /state 'exp_avg' of parameter 1 has shape \[3\] but the parameter has shape \[1,1\]/],
    ['params not indices', (d) => { d.paramGroups[0].params = [0, 0]; }, /parameter index 0 appears twice/],
    ['no paramGroups', (d) => { (d as unknown as Record<string, unknown>).paramGroups = 'x'; }, /has no parameter groups but the optimizer has 1/],
  ];
  for (const [what, edit, pattern] of edits) {
    it(`rejects ${what} and leaves the optimizer unchanged`, async () => {
      const { opt, params } = trained();
      const before = await snapshot(opt);
      const dict = opt.stateDict();
      edit(dict);
      let err: unknown;
      try { opt.loadStateDict(dict); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(TensorloomError);
      expect((err as TensorloomError).op).toBe('Adam');
      expect((err as Error).message).toMatch(pattern);
      expect(await snapshot(opt)).toEqual(before);
      opt.dispose();
      params.forEach((p) => p.value.dispose());
    });
  }
  it('a good dict still loads', async () => {
    const { opt, params } = trained();
    const dict = opt.stateDict();
    dict.paramGroups[0].lr = 0.05;
    opt.loadStateDict(dict);
    expect(opt.paramGroups[0].lr).toBe(0.05);
    expect(opt.state.get(params[0])!.step).toBe(1);
    opt.dispose();
  });
});
