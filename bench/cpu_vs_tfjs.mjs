// CPU benchmarks: Tensorloom's CPU backend against TensorFlow.js's CPU backend (tfjs-core +
// tfjs-backend-cpu 4.22), same shapes, same process, best-of-N wall time per op, and the ratio
// (tfjs time / Tensorloom time: above 1 means Tensorloom is faster). Run: `pnpm bench`.
// Forward ops only: tfjs-core's Node bundle registers no gradients without the tfjs union package.
import * as tl from '@tensorloom/core';
import { registerCpuBackend } from '@tensorloom/backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

registerCpuBackend();
await tl.setBackend('cpu');
await tf.setBackend('cpu');
tl.manualSeed(0);

/** Best wall time (ms) of `reps` runs of `fn`, after `warmup` runs; `fn` returns something to free. */
async function time(fn, { reps = 10, warmup = 3 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

const rand = (shape) => Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.random() * 2 - 1);

const cases = [
  (() => {
    const a = rand([256, 256]), b = rand([256, 256]);
    const ta = tl.tensor(a, { shape: [256, 256] }), tb = tl.tensor(b, { shape: [256, 256] });
    const fa = tf.tensor(a, [256, 256]), fb = tf.tensor(b, [256, 256]);
    return ['matmul 256x256x256', () => tl.matmul(ta, tb).dispose(), () => tf.matMul(fa, fb).dataSync()];
  })(),
  (() => {
    const x = rand([512, 1000]);
    const tx = tl.tensor(x, { shape: [512, 1000] }), fx = tf.tensor(x, [512, 1000]);
    return ['softmax [512,1000]', () => tl.softmax(tx, -1).dispose(), () => tf.softmax(fx).dataSync()];
  })(),
  (() => {
    const x = rand([512, 1000]);
    const t = Int32Array.from({ length: 512 }, (_, i) => i % 1000);
    const tx = tl.tensor(x, { shape: [512, 1000] }), tt = tl.tensor(t, { dtype: 'int32' });
    const fx = tf.tensor(x, [512, 1000]), ft = tf.oneHot(tf.tensor1d(t, 'int32'), 1000);
    return ['cross-entropy [512,1000]',
      () => tl.softmaxCrossEntropy(tx, tt).dispose(),
      () => tf.tidy(() => tf.losses.softmaxCrossEntropy(ft, fx)).dataSync()];
  })(),
  (() => {
    const x = rand([16, 8, 28, 28]), w = rand([16, 8, 3, 3]);
    const tx = tl.tensor(x, { shape: [16, 8, 28, 28] }), tw = tl.tensor(w, { shape: [16, 8, 3, 3] });
    // tfjs convolves NHWC with HWIO filters: the same data transposed once, outside the timing.
    const fx = tf.transpose(tf.tensor(x, [16, 8, 28, 28]), [0, 2, 3, 1]);
    const fw = tf.transpose(tf.tensor(w, [16, 8, 3, 3]), [2, 3, 1, 0]);
    return ['conv2d 16x8x28x28, 16 3x3 filters', () => tl.conv2d(tx, tw, null, { padding: 1 }).dispose(), () => tf.conv2d(fx, fw, 1, 'same').dataSync()];
  })(),
  (() => {
    const x = rand([64, 256]), w = rand([256, 128]), b = rand([128]);
    const tx = tl.tensor(x, { shape: [64, 256] }), tw = tl.tensor(w, { shape: [256, 128] }), tb = tl.tensor(b);
    const fx = tf.tensor(x, [64, 256]), fw = tf.tensor(w, [256, 128]), fb = tf.tensor(b);
    return ['dense+relu [64,256]@[256,128]',
      () => tl.tidy(() => tl.relu(tl.add(tl.matmul(tx, tw), tb))).dispose(),
      () => tf.tidy(() => tf.relu(tf.add(tf.matMul(fx, fw), fb))).dataSync()];
  })(),
];

console.log('Tensorloom CPU vs TensorFlow.js CPU (best of 10; ratio = tfjs / tensorloom)\n');
console.log('op'.padEnd(48), 'tensorloom ms'.padStart(14), 'tfjs ms'.padStart(10), 'ratio'.padStart(8));
for (const [name, ours, theirs] of cases) {
  const a = await time(ours);
  const b = await time(theirs);
  console.log(name.padEnd(48), a.toFixed(2).padStart(14), b.toFixed(2).padStart(10), (b / a).toFixed(2).padStart(8));
}
