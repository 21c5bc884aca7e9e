/**
 * The kit's autograd tests on a backend: accumulation, noGrad, retained graphs, functional
 * transforms and higher-order gradients (checked against closed forms and finite differences).
 */
import * as T from '../index.js';
import { grad, valueAndGrad, vjp } from '../autograd/functional.js';
import { noGrad } from '../autograd/grad_mode.js';
import { memory, outsideScopes, tidy } from '../memory.js';
import { expectTensorloomError, expectValues } from './checks.js';
import type { KitContext } from './context.js';

export function autogradTests(ctx: KitContext): void {
  ctx.describe('autograd', () => {
    ctx.test('backward accumulates into .grad', async () => {
      const w = T.tensor([1, 2, 3], { requiresGrad: true });
      T.sum(T.mul(w, w)).backward();
      T.sum(T.mul(w, 3)).backward();
      await expectValues(w.grad!, [3], [5, 7, 9]);
      w.grad = null;
      if (w.grad !== null) throw new Error('setting grad to null must clear it');
    });
    ctx.test('a tensor used twice gets both contributions', async () => {
      const x = T.tensor([2], { requiresGrad: true });
      const y = T.mul(T.add(x, 1), T.exp(x));
      T.sum(y).backward();
      await expectValues(x.grad!, [1], [Math.exp(2) * 4]);
    });
    ctx.test('noGrad records nothing', async () => {
      const w = T.tensor([1, 2], { requiresGrad: true });
      const y = noGrad(() => T.mul(w, 2));
      if (y.requiresGrad) throw new Error('an op inside noGrad must not require grad');
    });
    ctx.test('a second backward without retainGraph is an error; with it, it accumulates', async () => {
      const x = T.tensor([1, 2], { requiresGrad: true });
      const y = T.sum(T.exp(x));
      y.backward(undefined, { retainGraph: true });
      y.backward();
      await expectValues(x.grad!, [2], [2 * Math.E, 2 * Math.exp(2)]);
      expectTensorloomError(() => y.backward(), /already freed/);
    });
    ctx.test('grad and valueAndGrad', async () => {
      const f = (x: T_Tensor): T_Tensor => T.sum(T.mul(T.sin(x), x));
      const x = T.tensor([0.5, -1.2]);
      const [value, [dx]] = valueAndGrad(f)(x);
      await expectValues(value, [], [0.5 * Math.sin(0.5) + -1.2 * Math.sin(-1.2)]);
      await expectValues(dx, [2], [0.5, -1.2].map((v) => Math.sin(v) + v * Math.cos(v)));
      await expectValues(grad(f)(x), [2], [0.5, -1.2].map((v) => Math.sin(v) + v * Math.cos(v)));
    });
    ctx.test('vjp of softmax is p ⊙ (g − Σ g⊙p)', async () => {
      const z = [0.3, -1, 2];
      const g = [1, -2, 0.5];
      const [, [dz]] = vjp((x) => T.softmax(x), [T.tensor(z)], T.tensor(g));
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const p = e.map((v) => v / e.reduce((a, b) => a + b, 0));
      const dot = p.reduce((s, v, i) => s + v * g[i], 0);
      await expectValues(dz, [3], p.map((v, i) => v * (g[i] - dot)));
    });
    ctx.test('second derivatives: grad(grad(f))', async () => {
      await expectValues(grad(grad((x) => T.sum(T.pow(x, 3))))(T.tensor(2)), [], [12]);
      const t = Math.tanh(0.7);
      await expectValues(grad(grad((x) => T.sum(T.tanh(x))))(T.tensor([0.7])), [1], [-2 * t * (1 - t * t)]);
      const s = 1 / (1 + Math.exp(-0.4));
      await expectValues(grad(grad((x) => T.sum(T.sigmoid(x))))(T.tensor([0.4])), [1], [s * (1 - s) * (1 - 2 * s)]);
    });
    ctx.test('Hessian-vector product through softmax matches finite differences', async () => {
      const c = [1, -0.5, 2];
      const v = [0.3, 0.1, -0.2];
      const x0 = [0.2, -0.4, 0.9];
      // f(x) = Σ softmax(x)·c; ∇f = p ⊙ (c − p·c); Hv by central differences of ∇f (float64).
      const gradF = (x: number[]): number[] => {
        const m = Math.max(...x);
        const e = x.map((u) => Math.exp(u - m));
        const p = e.map((u) => u / e.reduce((a, b) => a + b, 0));
        const pc = p.reduce((s, u, i) => s + u * c[i], 0);
        return p.map((u, i) => u * (c[i] - pc));
      };
      const h = 1e-6;
      const plus = gradF(x0.map((u, i) => u + h * v[i]));
      const minus = gradF(x0.map((u, i) => u - h * v[i]));
      const hv = plus.map((u, i) => (u - minus[i]) / (2 * h));
      const ct = T.tensor(c), vt = T.tensor(v);
      const hvp = grad((x) => T.sum(T.mul(grad((y) => T.sum(T.mul(T.softmax(y), ct)))(x), vt)));
      await expectValues(hvp(T.tensor(x0)), [3], hv, 1e-4, 1e-5);
    });
    ctx.test('higher-order gradients through cross-entropy', async () => {
      // d²/dz² of CE(z, t) along direction v equals vᵀ (diag(p) − ppᵀ) v.
      const z0 = [0.1, 0.7, -0.3];
      const v = [1, -1, 0.5];
      const m = Math.max(...z0);
      const e = z0.map((u) => Math.exp(u - m));
      const p = e.map((u) => u / e.reduce((a, b) => a + b, 0));
      const pv = p.reduce((s, u, i) => s + u * v[i], 0);
      const expected = p.reduce((s, u, i) => s + u * v[i] * v[i], 0) - pv * pv;
      const t = T.tensor([1], { dtype: 'int32' });
      const vt = T.tensor([v]);
      const inner = grad((z) => T.softmaxCrossEntropy(z, t));
      const second = grad((z) => T.sum(T.mul(inner(z), vt)));
      const hv = second(T.tensor([z0]));
      const got = await T.sum(T.mul(hv, vt)).data();
      if (Math.abs(got[0] - expected) > 1e-5) throw new Error(`vᵀHv = ${got[0]}, expected ${expected}`);
    });
    ctx.test("maxPool2d sends a window's gradient to its first maximum, as PyTorch", async () => {
      const x = T.tensor([[[[0, 0, 1, 3], [0, 0, 3, 2]]]], { requiresGrad: true });
      T.sum(T.maxPool2d(x, 2)).backward();
      await expectValues(x.grad!, [1, 1, 2, 4], [1, 0, 0, 1, 0, 0, 0, 0]);
    });
    ctx.test("grad and valueAndGrad free their seed and the function's intermediates", async () => {
      const x = T.tensor([1, 2, 3]);
      const before = memory().numTensors;
      const g = outsideScopes(() => grad((v) => T.sum(T.mul(T.exp(v), v)))(x));
      const [value, [dx]] = outsideScopes(() => valueAndGrad((v) => T.sum(T.mul(v, v)))(x));
      if (memory().numTensors !== before + 3) throw new Error(`expected only the 3 results to stay alive, got ${memory().numTensors - before}`);
      await expectValues(dx, [3], [2, 4, 6]);
      [g, value, dx].forEach((t) => t.dispose());
    });
    ctx.test('a gradient assigned inside tidy stays with its leaf', async () => {
      const p = T.tensor([1, 2], { requiresGrad: true });
      tidy(() => { p.grad = T.zerosLike(p); });
      T.sum(T.mul(p, 3)).backward();
      await expectValues(p.grad!, [2], [3, 3]);
    });
    ctx.test("gradients flow through a composed op's composition on every backend (conv2d)", async () => {
      const x = T.tensor([[[[1, 2], [3, 4]]]], { requiresGrad: true });
      const w = T.tensor([[[[1]]], [[[2]]]], { requiresGrad: true });
      T.sum(T.conv2d(x, w)).backward();
      await expectValues(x.grad!, [1, 1, 2, 2], [3, 3, 3, 3]);
      await expectValues(w.grad!, [2, 1, 1, 1], [10, 10]);
    });
  });
}

type T_Tensor = import('../tensor.js').Tensor;
