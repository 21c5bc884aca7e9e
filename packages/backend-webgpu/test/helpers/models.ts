/**
 * The training workloads the WebGPU tests compare with the CPU backend: an MLP (12 → 32 → 5,
 * tanh, biases) and a small CNN (conv 3×3 → relu → max pool → conv → avg pool → linear), both
 * plain SGD on seeded data; each returns every step's loss.
 */
import {
  add, avgPool2d, conv2d, keep, manualSeed, matmul, maxPool2d, mul, noGrad, randint, randn, relu, reshape,
  softmaxCrossEntropy, sub, tanh, tidy, zeros, type Tensor,
} from '@tensorloom/core';

async function sgd(params: Tensor[], steps: number, lr: number, lossOf: (p: Tensor[]) => Tensor, onStep?: (step: number) => void): Promise<number[]> {
  let ps = params.map((p) => keep(p.requiresGrad_()));
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const loss = tidy(() => lossOf(ps));
    loss.backward();
    losses.push((await loss.data())[0]);
    loss.dispose();
    ps = ps.map((p) => {
      const next = noGrad(() => tidy(() => sub(p, mul(p.grad!, lr))));
      p.dispose();
      return keep(next.requiresGrad_());
    });
    onStep?.(step);
  }
  ps.forEach((p) => p.dispose());
  return losses;
}

/** SGD on the MLP; returns every step's loss. */
export async function trainMlp(steps: number, onStep?: (step: number) => void): Promise<number[]> {
  manualSeed(7);
  const params = [randn([12, 32], { std: 0.4 }), zeros([32]), randn([32, 5], { std: 0.4 }), zeros([5])];
  const x = keep(randn([24, 12]));
  const y = keep(randint(0, 5, [24]));
  const losses = await sgd(params, steps, 0.3, ([w1, b1, w2, b2]) => softmaxCrossEntropy(add(matmul(tanh(add(matmul(x, w1), b1)), w2), b2), y), onStep);
  x.dispose();
  y.dispose();
  return losses;
}

/** SGD on the CNN (8 images 1 × 12 × 12, 4 classes); returns every step's loss. */
export async function trainCnn(steps: number, onStep?: (step: number) => void): Promise<number[]> {
  manualSeed(9);
  const params = [randn([6, 1, 3, 3], { std: 0.4 }), randn([8, 6, 3, 3], { std: 0.2 }), randn([8 * 2 * 2, 4], { std: 0.3 }), zeros([4])];
  const x = keep(randn([8, 1, 12, 12]));
  const y = keep(randint(0, 4, [8]));
  const losses = await sgd(params, steps, 0.1, ([k1, k2, w, b]) => {
    const h = maxPool2d(relu(conv2d(x, k1, null, { padding: 1 })), 2); // [8, 6, 6, 6]
    const g = avgPool2d(relu(conv2d(h, k2, null, { stride: 1 })), 2); // [8, 8, 2, 2]
    return softmaxCrossEntropy(add(matmul(reshape(g, [8, 32]), w), b), y);
  }, onStep);
  x.dispose();
  y.dispose();
  return losses;
}
