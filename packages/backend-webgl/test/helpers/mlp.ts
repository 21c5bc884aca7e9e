/** A small MLP (4 → 16 → 3, tanh and ReLU, softmax cross-entropy, SGD with momentum) for training tests. */
import * as T from '@tensorloom/core';

export interface MlpRun { losses: number[] }

/** Trains for `steps` steps from seed 0 on the current backend; every tensor is freed at the end. */
export async function trainMlp(steps: number, onStep?: (step: number) => void): Promise<MlpRun> {
  T.manualSeed(0);
  const x = T.keep(T.randn([32, 4]));
  const y = T.keep(T.randint(0, 3, [32]));
  let params = [T.randn([4, 16], { std: 0.5 }), T.zeros([16]), T.randn([16, 3], { std: 0.5 }), T.zeros([3])].map((p) => T.keep(p.requiresGrad_()));
  let velocity = params.map((p) => T.keep(T.zerosLike(p)));
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const [w1, b1, w2, b2] = params;
    const loss = T.tidy(() => {
      const h = T.relu(T.tanh(T.add(T.matmul(x, w1), b1)));
      return T.softmaxCrossEntropy(T.add(T.matmul(h, w2), b2), y);
    });
    loss.backward();
    losses.push((await loss.data())[0]);
    loss.dispose();
    const next = T.noGrad(() => T.tidy(() => params.map((p, i) => {
      const v = T.add(T.mul(velocity[i], 0.9), p.grad!);
      return [T.sub(p, T.mul(v, 0.1)), v] as const;
    })));
    params.forEach((p) => p.dispose());
    velocity.forEach((v) => v.dispose());
    params = next.map(([p]) => T.keep(p.requiresGrad_()));
    velocity = next.map(([, v]) => T.keep(v));
    onStep?.(step);
  }
  [x, y, ...params, ...velocity].forEach((t) => t.dispose());
  return { losses };
}
