/**
 * The kit's memory tests: tidy frees intermediates, dispose is idempotent, and a training
 * loop with backward keeps memory() flat.
 */
import * as T from '../index.js';
import { memory, tidy, keep, outsideScopes } from '../memory.js';
import { noGrad } from '../autograd/grad_mode.js';
import type { Tensor } from '../tensor.js';
import type { KitContext } from './context.js';

/**
 * Trains a tiny MLP by plain SGD on the current backend; returns the loss curve (about ten
 * points). `onStep` runs after each step (memory checks).
 *
 * @example
 * const losses = await trainTinyMlp(100);
 */
export async function trainTinyMlp(steps: number, onStep?: (step: number) => void): Promise<number[]> {
  T.manualSeed(0);
  let w1 = keep(T.randn([4, 8], { std: 0.5 }).requiresGrad_());
  let w2 = keep(T.randn([8, 3], { std: 0.5 }).requiresGrad_());
  const x = keep(T.randn([16, 4]));
  const y = keep(T.randint(0, 3, [16]));
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const loss = tidy(() => T.softmaxCrossEntropy(T.matmul(T.relu(T.matmul(x, w1)), w2), y));
    loss.backward();
    if (step % Math.max(1, Math.floor(steps / 10)) === 0 || step === steps - 1) losses.push((await loss.data())[0]);
    loss.dispose();
    const update = (w: Tensor): Tensor => {
      const next = noGrad(() => tidy(() => T.sub(w, T.mul(w.grad!, 0.5))));
      w.dispose();
      return keep(next.requiresGrad_());
    };
    w1 = update(w1);
    w2 = update(w2);
    onStep?.(step);
  }
  [w1, w2, x, y].forEach((t) => t.dispose());
  return losses;
}

export function memoryTests(ctx: KitContext): void {
  ctx.describe('memory', () => {
    ctx.test('tidy frees intermediates and keeps the result', async () => {
      const x = T.ones([3]);
      const before = memory().numTensors;
      const y = tidy(() => T.add(T.mul(x, 2), T.exp(x)));
      if (memory().numTensors !== before + 1) throw new Error(`tidy left ${memory().numTensors - before} tensors, expected 1`);
      y.dispose();
      y.dispose();
      if (memory().numTensors !== before) throw new Error('dispose did not free the tensor');
      let threw = false;
      try { await y.data(); } catch { threw = true; }
      if (!threw) throw new Error('reading a disposed tensor must throw');
    });
    ctx.test('backward through every composed op, mid-graph, frees all it makes', () => {
      const x4 = T.tensor([[[[0.3, -1.2, 0.5, 2], [1.1, 0.4, -0.7, 0.2], [0.9, -0.3, 1.6, -2], [0.1, 0.8, -0.5, 1.3]]]]).requiresGrad_();
      const t = T.tensor([1, 0, 3, 2], { dtype: 'int32' });
      const k = T.tensor([[[[0.5, -1], [0.25, 2]]]]);
      const ops: Array<[string, (h: Tensor) => Tensor]> = [
        ['softmax', (h) => T.softmax(h, -1)], ['logSoftmax', (h) => T.logSoftmax(h, 2)], ['logsumexp', (h) => T.logsumexp(h, 3)],
        ['softmaxCrossEntropy', (h) => T.softmaxCrossEntropy(T.reshape(h, [4, 4]), t)], ['conv2d', (h) => T.conv2d(h, k, null, { padding: 1 })],
        ['maxPool2d', (h) => T.maxPool2d(h, 2)], ['avgPool2d', (h) => T.avgPool2d(h, 3, { stride: 1, padding: 1 })],
        ['sigmoid', (h) => T.sigmoid(h)], ['softplus', (h) => T.softplus(h)],
      ];
      for (const [name, op] of ops) {
        const before = memory().numTensors;
        const buffers = memory().numDataBuffers;
        // op between two other ops: its gradients are intermediates of the backward pass.
        const loss = outsideScopes(() => tidy(() => T.sum(T.mul(op(T.mul(x4, 1.5)), 0.5))));
        loss.backward();
        loss.dispose();
        x4.grad = null;
        if (memory().numTensors !== before || memory().numDataBuffers !== buffers) {
          throw new Error(`backward through ${name} left ${memory().numTensors - before} tensors and ${memory().numDataBuffers - buffers} buffers alive`);
        }
      }
      [x4, t, k].forEach((u) => u.dispose());
    });
    ctx.test('a training loop keeps memory() flat', async () => {
      let start = -1;
      let startBytes = -1;
      const losses = await trainTinyMlp(300, (step) => {
        if (step === 9) { start = memory().numTensors; startBytes = memory().numBytes; }
        if (step > 9 && (memory().numTensors !== start || memory().numBytes !== startBytes)) {
          throw new Error(`memory grew at step ${step}: ${memory().numTensors} tensors vs ${start}`);
        }
      });
      if (!(losses[losses.length - 1] < losses[0] * 0.7)) throw new Error(`the loss did not fall: ${losses}`);
    }, { timeout: 120_000 });
  });
}
