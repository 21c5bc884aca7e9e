/**
 * Runs an nn `LSTM` (one layer, one direction) over right-padded sequences and returns the
 * hidden state at each row's last real token (what a packed sequence gives in PyTorch).
 * Same weights and maths as `LSTM.forward`, with two changes for speed on long sequences:
 * the time steps are taken from the input projection by halving it recursively (each
 * step's slice then costs O(log T) in the backward pass instead of a full-size gradient
 * per step, which made training quadratic in T), and both biases are added once.
 */
import { stack, sigmoid, tanh, zeros, concat, type Tensor } from '@tensorloom/core';
import type { LSTM } from '@tensorloom/nn';

/** The slices x[0], x[1], … along axis 0 (squeezed), by recursive halving. */
export function unstack(x: Tensor): Tensor[] {
  const n = x.shape[0];
  if (n === 1) return [x.squeeze(0)];
  const h = n >> 1;
  return [...unstack(x.narrow(0, 0, h)), ...unstack(x.narrow(0, h, n - h))];
}

/**
 * @param x [B, T, E] embedded tokens; @param mask [B, T] float, 1 at real tokens (a prefix of each row).
 * @returns `last` [B, H], the state after each row's last real token (zeros for a row with
 * none), and `outputs` [B, T, H], the state after every step.
 *
 * @example
 * const { last } = lstmLastState(lstm, embedding.forward(ids), ids.notEqual(0).cast('float32'));
 */
export function lstmLastState(lstm: LSTM, x: Tensor, mask: Tensor): { last: Tensor; outputs: Tensor } {
  if (lstm.numLayers !== 1 || lstm.bidirectional || !lstm.bias || !lstm.batchFirst) throw new Error('lstmLastState: needs a one-layer, one-direction LSTM with biases and batchFirst');
  const [b, t] = x.shape;
  const hidden = lstm.hiddenSize;
  const p = (name: string): Tensor => lstm.getParameter(name).value;
  const bias = p('bias_ih_l0').add(p('bias_hh_l0'));
  const whh = p('weight_hh_l0').transpose();
  const xp = x.transpose(0, 1).matmul(p('weight_ih_l0').transpose()).add(bias); // [T, B, 4H]
  let h = zeros([b, hidden], { backend: x.backend });
  let c = zeros([b, hidden], { backend: x.backend });
  const hs: Tensor[] = [];
  for (const xt of unstack(xp)) {
    const [i, f, g, o] = xt.add(h.matmul(whh)).split(hidden, 1);
    c = sigmoid(f).mul(c).add(sigmoid(i).mul(tanh(g)));
    h = sigmoid(o).mul(tanh(c));
    hs.push(h);
  }
  const out = stack(hs, 1); // [B, T, H]
  // 1 at the last real position: mask[t] − mask[t + 1].
  const next = t > 1 ? concat([mask.narrow(1, 1, t - 1), zeros([b, 1], { backend: x.backend })], 1) : zeros([b, 1], { backend: x.backend });
  return { last: out.mul(mask.sub(next).unsqueeze(-1)).sum(1), outputs: out };
}
