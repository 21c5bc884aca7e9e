// The MLP and CNN training steps of workloads.mjs written with Tensorloom's core ops, shared by
// the CPU-backend peer (peers/tensorloom.mjs) and the ONNX-backend bench (onnx_backend.mjs):
// plain SGD over valueAndGrad, the parameters replaced in place each step.
import * as tl from '@tensorloom/core';
import { CNN, MLP, cnnInputs, mlpInputs } from './workloads.mjs';

/** A training step over `params` (replaced in place) with SGD; returns the loss tensor. */
function sgdStep(params, lossOf, lr) {
  const [loss, grads] = tl.valueAndGrad(lossOf)(...params);
  const next = tl.tidy(() => params.map((p, i) => tl.sub(p, tl.mul(grads[i], lr))));
  for (const g of grads) g.dispose();
  for (const p of params) p.dispose();
  params.splice(0, params.length, ...next);
  return loss;
}

/** `{ step, dispose }`: one SGD step of the MLP 784-256-10 (B = 128) on the current backend; `step` returns the loss. */
export function mlpTrainingStep() {
  const { B, D, H, C, lr } = MLP;
  const v = mlpInputs();
  const x = tl.tensor(v.x, { shape: [B, D] }), y = tl.tensor(v.labels, { dtype: 'int32' });
  const params = [tl.tensor(v.w1, { shape: [D, H] }), tl.tensor(v.b1), tl.tensor(v.w2, { shape: [H, C] }), tl.tensor(v.b2)];
  const lossOf = (w1, b1, w2, b2) => tl.softmaxCrossEntropy(tl.add(tl.matmul(tl.relu(tl.add(tl.matmul(x, w1), b1)), w2), b2), y);
  return { step: () => sgdStep(params, lossOf, lr), dispose: () => [x, y, ...params].forEach((t) => t.dispose()) };
}

/** `{ step, dispose }`: one SGD step of the CNN (conv3x3x8-relu-maxpool2-conv3x3x16-relu-maxpool2-dense10, B = 64). */
export function cnnTrainingStep() {
  const { B, lr } = CNN;
  const v = cnnInputs();
  const x = tl.tensor(v.x, { shape: [B, 1, 28, 28] }), y = tl.tensor(v.labels, { dtype: 'int32' });
  const params = [tl.tensor(v.c1, { shape: [8, 1, 3, 3] }), tl.tensor(v.c2, { shape: [16, 8, 3, 3] }), tl.tensor(v.d, { shape: [784, 10] }), tl.tensor(v.db)];
  const lossOf = (c1, c2, d, db) => {
    const h1 = tl.maxPool2d(tl.relu(tl.conv2d(x, c1, null, { padding: 1 })), 2);
    const h2 = tl.maxPool2d(tl.relu(tl.conv2d(h1, c2, null, { padding: 1 })), 2);
    return tl.softmaxCrossEntropy(tl.add(tl.matmul(tl.reshape(h2, [B, 784]), d), db), y);
  };
  return { step: () => sgdStep(params, lossOf, lr), dispose: () => [x, y, ...params].forEach((t) => t.dispose()) };
}
