/**
 * chunkedCrossEntropy: the cross-entropy of a large-vocabulary output layer computed from
 * the hidden states and the output weights, V/chunk columns at a time, so neither the
 * [N, V] logits nor their softmax is ever materialised: peak memory is O(N × chunk) beside
 * the parameters. The forward pass keeps an online logsumexp (running max and rescaled
 * sum); the gradients (softmax − onehot) are rebuilt chunk by chunk in a second pass.
 *
 * Autograd: core has no custom-VJP hook, so the result is `loss + (S − detach(S))` with
 * S = Σ h⊙∂h + Σ W⊙∂W + Σ b⊙∂b for the precomputed gradients: its value is exactly the
 * loss and its gradient exactly theirs (first order only).
 */
import { TensorloomError, Tensor, arange, concat, exp, full, log, maximum, noGrad, sum, takeAlongAxis, tidy, where, zeros, formatShape } from '@tensorloom/core';

export interface ChunkedCrossEntropyOptions {
  /** Output bias [V]. */
  bias?: Tensor | null;
  /** Vocabulary columns per chunk (default 4096). */
  chunkSize?: number;
  reduction?: 'mean' | 'sum';
  ignoreIndex?: number;
}

/**
 * Cross-entropy of logits = hidden Wᵀ + b against int32 targets, in chunks of the vocabulary.
 * Equals `crossEntropy(hidden.matmul(weight.transpose()).add(bias), target)` in value and
 * gradient (for hidden, weight and bias).
 *
 * @example
 * const loss = chunkedCrossEntropy(h, decoder.weight.value, targets, { bias: decoder.bias?.value, chunkSize: 8192 });
 * loss.backward();
 */
export function chunkedCrossEntropy(hidden: Tensor, weight: Tensor, target: Tensor, options: ChunkedCrossEntropyOptions = {}): Tensor {
  const op = 'chunkedCrossEntropy';
  if (!(hidden instanceof Tensor) || !(weight instanceof Tensor) || !(target instanceof Tensor)) throw new TensorloomError(op, 'hidden, weight and target must be Tensors');
  if (hidden.rank !== 2 || weight.rank !== 2 || hidden.shape[1] !== weight.shape[1]) {
    throw new TensorloomError(op, `hidden must be [N, D] and weight [V, D], got ${formatShape(hidden.shape)} and ${formatShape(weight.shape)}`);
  }
  const [n, dim] = hidden.shape;
  const vocab = weight.shape[0];
  if (target.dtype !== 'int32' || target.rank !== 1 || target.shape[0] !== n) throw new TensorloomError(op, `target must be int32 [${n}], got ${target.dtype} ${formatShape(target.shape)}`);
  const bias = options.bias ?? null;
  if (bias && (bias.rank !== 1 || bias.shape[0] !== vocab)) throw new TensorloomError(op, `bias must be [${vocab}], got ${formatShape(bias.shape)}`);
  const chunk = options.chunkSize ?? 4096;
  if (!Number.isInteger(chunk) || chunk < 1) throw new TensorloomError(op, `chunkSize must be a positive integer, got ${chunk}`);
  const reduction = options.reduction ?? 'mean';
  if (reduction !== 'mean' && reduction !== 'sum') throw new TensorloomError(op, `reduction must be 'mean' or 'sum' (per-row losses need the full logits), got '${String(reduction)}'`);
  const ignore = options.ignoreIndex ?? -100;

  const starts: number[] = [];
  for (let s = 0; s < vocab; s += chunk) starts.push(s);
  const logits = (s: number): Tensor => {
    const len = Math.min(chunk, vocab - s);
    const z = hidden.matmul(weight.narrow(0, s, len).transpose());
    return bias ? z.add(bias.narrow(0, s, len)) : z;
  };
  /** Per-row mask (1 where target falls in [s, s + len)) and the local index. */
  const local = (s: number, len: number): [Tensor, Tensor] => {
    const inside = target.greaterEqual(s).logicalAnd(target.less(s + len));
    return [inside, where(inside, target.sub(s), 0)];
  };

  const grads = noGrad(() => {
    // Pass 1: online logsumexp and the target logit.
    let m = full([n], -Infinity, { backend: hidden.backend });
    let acc = zeros([n], { backend: hidden.backend });
    let zt = zeros([n], { backend: hidden.backend });
    for (const s of starts) {
      const next = tidy(() => {
        const z = logits(s);
        const mNew = maximum(m, z.max(1));
        const scaled = acc.mul(exp(m.sub(mNew))).add(exp(z.sub(mNew.unsqueeze(1))).sum(1));
        const [inside, idx] = local(s, z.shape[1]);
        const picked = takeAlongAxis(z, idx.unsqueeze(1), 1);
        const zsel = zt.add(where(inside, picked.squeeze(1), 0));
        return [mNew, scaled, zsel];
      });
      [m, acc, zt].forEach((t) => t.dispose());
      [m, acc, zt] = next;
    }
    const result = tidy(() => {
      const lse = m.add(log(acc));
      const valid = target.notEqual(ignore).cast('float32');
      const count = valid.sum();
      const rowLoss = lse.sub(zt).mul(valid);
      const total = rowLoss.sum();
      const loss = reduction === 'mean' ? total.div(count) : total;
      const rowScale = reduction === 'mean' ? valid.div(count) : valid; // dLoss/dlogit row factor
      // Pass 2: dz = (softmax − onehot)·rowScale, chunk by chunk.
      let gh = zeros([n, dim], { backend: hidden.backend });
      const gw: Tensor[] = [];
      const gb: Tensor[] = [];
      for (const s of starts) {
        const [ghNext, gwc, gbc] = tidy(() => {
          const z = logits(s);
          const len = z.shape[1];
          const [inside, idx] = local(s, len);
          const p = exp(z.sub(lse.unsqueeze(1)));
          const hot = idx.unsqueeze(1).equal(arangeRow(len, hidden)).logicalAnd(inside.unsqueeze(1)).cast('float32');
          const dz = p.sub(hot).mul(rowScale.unsqueeze(1));
          return [gh.add(dz.matmul(weight.narrow(0, s, len))), dz.transpose().matmul(hidden), sum(dz, 0)];
        });
        gh.dispose();
        gh = ghNext;
        gw.push(gwc);
        gb.push(gbc);
      }
      const gW = gw.length === 1 ? gw[0] : concat(gw, 0);
      const gB = gb.length === 1 ? gb[0] : concat(gb, 0);
      return { loss, gh, gW, gB };
    });
    [m, acc, zt].forEach((t) => t.dispose());
    return result;
  });
  const result = tidy(() => {
    // Flat dot products (1×K @ K×1) so the surrogate makes no parameter-sized temporaries.
    const dot = (a: Tensor, g: Tensor): Tensor => a.reshape([1, a.size]).matmul(g.reshape([g.size, 1])).reshape([]);
    let s = dot(hidden, grads.gh).add(dot(weight, grads.gW));
    if (bias) s = s.add(dot(bias, grads.gB));
    return grads.loss.add(s.sub(s.detach()));
  });
  for (const t of [grads.loss, grads.gh, grads.gW, grads.gB]) t.dispose();
  return result;
}

function arangeRow(len: number, like: Tensor): Tensor {
  return arange(len, undefined, 1, { backend: like.backend }).reshape([1, len]);
}
