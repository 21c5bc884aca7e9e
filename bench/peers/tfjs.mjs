// TensorFlow.js 4.22 as a bench peer: backend `wasm` (XNNPACK; one thread in Node) or `cpu`
// (TFJS_BACKEND). NHWC activations and HWIO filters: the shared NCHW/OIHW inputs are
// transposed once, outside the timing, and outputs transposed back for the checks. The wasm
// backend has no Conv2DBackpropFilter kernel, so the CNN step computes the filter gradient
// as a convolution of the input with dy (tf.customGrad), the usual workaround.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs'; // the union package registers every gradient (tfjs-core's Node bundle has none)
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { CNN, CONV_CASES, MLP, cnnInputs, convInputs, matmulInputs, mlpInputs, samplePositions, softmaxInput } from '../workloads.mjs';

const backend = process.env.TFJS_BACKEND ?? 'wasm';

export async function init() {
  await tf.setBackend(backend);
  await tf.ready();
  return { backend: tf.getBackend() };
}

const samples = (t, perm) => {
  const d = (perm ? tf.transpose(t, perm) : t).dataSync();
  return samplePositions(d.length).map((i) => d[i]);
};

/** conv2d (NHWC, HWIO, padding 'same', stride 1) whose filter gradient is itself a conv2d. */
const conv = tf.customGrad((x, w, save) => {
  save([x, w]);
  return {
    value: tf.conv2d(x, w, 1, 'same'),
    gradFunc: (dy, [xs, ws]) => {
      const dx = tf.conv2dTranspose(dy, ws, xs.shape, 1, 'same');
      // dW[kh, kw, ci, co] = Σ_{n,h,w} x[n, h+kh-1, w+kw-1, ci] · dy[n, h, w, co]:
      // a conv of x (channels as batch, images as channels) with dy (images as in-channels).
      const [kh, kw] = ws.shape;
      const xt = tf.transpose(xs, [3, 1, 2, 0]);
      const dyt = tf.transpose(dy, [1, 2, 0, 3]);
      const pad = [[0, 0], [(kh - 1) / 2, (kh - 1) / 2], [(kw - 1) / 2, (kw - 1) / 2], [0, 0]];
      const dw = tf.transpose(tf.conv2d(tf.pad(xt, pad), dyt, 1, 'valid'), [1, 2, 0, 3]);
      return [dx, dw];
    },
  };
});

function sgdStep(vars, lossOf, lr) {
  const { value, grads } = tf.variableGrads(lossOf, vars);
  tf.tidy(() => vars.forEach((v, i) => v.assign(tf.sub(v, tf.mul(grads[v.name], lr)))));
  tf.dispose(grads);
  const l = value.dataSync()[0];
  value.dispose();
  return l;
}

let varId = 0;
const variable = (v, shape) => tf.variable(tf.tensor(v, shape), true, `v${varId++}`);

export async function workload(id) {
  if (id.startsWith('matmul_')) {
    const n = Number(id.slice(7));
    const [a, b] = matmulInputs(n).map((v) => tf.tensor(v, [n, n]));
    return { check: () => samples(tf.matMul(a, b)), run: () => tf.matMul(a, b).dataSync() };
  }
  if (id.startsWith('softmax_')) {
    const [r, c] = id.slice(8).split('x').map(Number);
    const x = tf.tensor(softmaxInput(r, c), [r, c]);
    return { check: () => samples(tf.softmax(x)), run: () => tf.softmax(x).dataSync() };
  }
  if (id in CONV_CASES) {
    const [n, c, hw, o] = CONV_CASES[id];
    const [xv, wv] = convInputs(CONV_CASES[id]);
    const x = tf.transpose(tf.tensor(xv, [n, c, hw, hw]), [0, 2, 3, 1]);
    const w = tf.transpose(tf.tensor(wv, [o, c, 3, 3]), [2, 3, 1, 0]);
    return { check: () => samples(tf.conv2d(x, w, 1, 'same'), [0, 3, 1, 2]), run: () => tf.conv2d(x, w, 1, 'same').dataSync() };
  }
  if (id === 'mlp_step') {
    const { B, D, H, C, lr } = MLP;
    const v = mlpInputs();
    const x = tf.tensor(v.x, [B, D]), y = tf.oneHot(tf.tensor1d(v.labels, 'int32'), C);
    const vars = [variable(v.w1, [D, H]), variable(v.b1, [H]), variable(v.w2, [H, C]), variable(v.b2, [C])];
    const lossOf = () => tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, vars[0]), vars[1])), vars[2]), vars[3]));
    return { check: () => [sgdStep(vars, lossOf, lr)], run: () => sgdStep(vars, lossOf, lr) };
  }
  if (id === 'cnn_step') {
    const { B, lr } = CNN;
    const v = cnnInputs();
    const x = tf.transpose(tf.tensor(v.x, [B, 1, 28, 28]), [0, 2, 3, 1]);
    const y = tf.oneHot(tf.tensor1d(v.labels, 'int32'), 10);
    // dense weights: ours flatten NCHW (c, h, w); tfjs flattens NHWC (h, w, c): permute the rows.
    const d = tf.tidy(() => tf.reshape(tf.transpose(tf.reshape(tf.tensor(v.d, [784, 10]), [16, 7, 7, 10]), [1, 2, 0, 3]), [784, 10]));
    const vars = [
      tf.variable(tf.transpose(tf.tensor(v.c1, [8, 1, 3, 3]), [2, 3, 1, 0]), true, `c1_${varId++}`),
      tf.variable(tf.transpose(tf.tensor(v.c2, [16, 8, 3, 3]), [2, 3, 1, 0]), true, `c2_${varId++}`),
      tf.variable(d, true, `d_${varId++}`), variable(v.db, [10]),
    ];
    const lossOf = () => {
      const h1 = tf.maxPool(tf.relu(conv(x, vars[0])), 2, 2, 'valid');
      const h2 = tf.maxPool(tf.relu(conv(h1, vars[1])), 2, 2, 'valid');
      return tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(tf.reshape(h2, [B, 784]), vars[2]), vars[3]));
    };
    return { check: () => [sgdStep(vars, lossOf, lr)], run: () => sgdStep(vars, lossOf, lr) };
  }
  return null;
}
