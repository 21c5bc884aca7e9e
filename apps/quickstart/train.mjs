// Quickstart: trains a two-layer MLP on a synthetic 3-arm spiral with Tensorloom's CPU
// backend, printing the loss and accuracy as it goes, then shows the softmax family on the
// inputs that break other libraries. Run with `pnpm dev` at the repository root.
import {
  argmax, equal, keep, manualSeed, matmul, memory, noGrad, randn, relu, softmax, softmaxCrossEntropy,
  sum, tensor, tidy, zeros, setBackend,
} from '@tensorloom/core';
import { registerCpuBackend } from '@tensorloom/backend-cpu';

registerCpuBackend();
await setBackend('cpu');
manualSeed(0);

/** Points on three interleaved spiral arms, with labels 0, 1, 2. */
function spiral(perClass, classes = 3) {
  const xs = [];
  const ys = [];
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < perClass; i++) {
      const r = i / perClass;
      const t = (c * 4 + 4 * r) + Math.sin(i * 12.9898 + c) * 0.2;
      xs.push(r * Math.sin(t), r * Math.cos(t));
      ys.push(c);
    }
  }
  return { x: tensor(xs, { shape: [perClass * classes, 2] }), y: tensor(ys, { dtype: 'int32' }) };
}

const { x, y } = spiral(100);
const hidden = 64;
const params = {
  w1: randn([2, hidden], { std: Math.sqrt(2 / 2) }).requiresGrad_(),
  b1: zeros([hidden]).requiresGrad_(),
  w2: randn([hidden, 3], { std: Math.sqrt(1 / hidden) }).requiresGrad_(),
  b2: zeros([3]).requiresGrad_(),
};
const forward = (input) => matmul(relu(matmul(input, params.w1).add(params.b1)), params.w2).add(params.b2);

const lr = 0.5;
const started = Date.now();
for (let step = 0; step <= 1000; step++) {
  const loss = tidy(() => softmaxCrossEntropy(forward(x), y));
  loss.backward();
  if (step % 100 === 0) {
    const accuracy = tidy(() => sum(equal(argmax(forward(x), 1), y)).cast('float32').div(y.size));
    console.log(`step ${String(step).padStart(4)}  loss ${(await loss.item()).toFixed(4)}  accuracy ${((await accuracy.item()) * 100).toFixed(1)}%`);
    accuracy.dispose();
  }
  loss.dispose();
  for (const [name, p] of Object.entries(params)) {
    params[name] = keep(noGrad(() => tidy(() => p.sub(p.grad.mul(lr)))).requiresGrad_());
    p.dispose();
  }
}
console.log(`trained in ${((Date.now() - started) / 1000).toFixed(2)} s; live tensors: ${memory().numTensors}`);

console.log('\nThe softmax family on hard inputs:');
console.log('softmax([1000, -1000, 0])           =', await softmax(tensor([1000, -1000, 0])).array());
console.log('softmax([0, -inf, 1]) (masked)       =', await softmax(tensor([0, -Infinity, 1])).array());
console.log('cross-entropy of logits 1e4 apart   =', await softmaxCrossEntropy(tensor([[1e4, 0, -1e4]]), tensor([1], { dtype: 'int32' })).item());
