/**
 * LSTM, GRU and RNN with ONNX's gate layouts (LSTM iofc with peepholes and input_forget,
 * GRU zrh with linear_before_reset), forward / reverse / bidirectional, layout 0 and 1,
 * initial states, clip, the activation list, and sequence_lens (shorter sequences keep their
 * state and give zero outputs past their end). A loop over time steps of core ops: trainable.
 */
import {
  add, elu, gather, leakyRelu, less, matmul, maximum, minimum, mul, relu, reshape, sigmoid, slice, softplus,
  stack, sub, tanh, tensor, transpose, where, zeros, div, abs, greater, type Tensor,
} from '@tensorloom/core';
import type { NodeContext, OpImpl } from '../context.js';

type Act = (x: Tensor) => Tensor;

function activationList(ctx: NodeContext, defaults: string[], dirs: number): Act[] {
  const names = ctx.attrs.strings('activations') ?? (dirs === 2 ? [...defaults, ...defaults] : defaults);
  if (names.length !== defaults.length * dirs) ctx.fail(`activations needs ${defaults.length * dirs} entries, got ${names.length}`);
  const alphas = [...(ctx.attrs.floats('activation_alpha') ?? [])];
  const betas = [...(ctx.attrs.floats('activation_beta') ?? [])];
  return names.map((name): Act => {
    const a = (d: number): number => (alphas.length ? (alphas.shift() as number) : d);
    const b = (d: number): number => (betas.length ? (betas.shift() as number) : d);
    switch (name.toLowerCase()) {
      case 'sigmoid': return sigmoid;
      case 'tanh': return tanh;
      case 'relu': return relu;
      case 'hardsigmoid': { const al = a(0.2), be = b(0.5); return (x) => maximum(0, minimum(1, add(mul(x, al), be))); }
      case 'leakyrelu': { const al = a(0.01); return (x) => leakyRelu(x, al); }
      case 'thresholdedrelu': { const al = a(1); return (x) => where(greater(x, al), x, 0); }
      case 'scaledtanh': { const al = a(1), be = b(1); return (x) => mul(tanh(mul(x, be)), al); }
      case 'affine': { const al = a(1), be = b(0); return (x) => add(mul(x, al), be); }
      case 'elu': { const al = a(1); return (x) => elu(x, al); }
      case 'softsign': return (x) => div(x, add(abs(x), 1));
      case 'softplus': return (x) => softplus(x);
      default: return ctx.fail(`activation '${name}' is not supported`);
    }
  });
}

/** Piece `k` of `n` equal pieces of the last axis. */
function piece(t: Tensor, k: number, n: number): Tensor {
  const h = t.shape[t.shape.length - 1] / n;
  return slice(t, t.shape.map((_, i) => (i === t.shape.length - 1 ? k * h : 0)), t.shape.map((d, i) => (i === t.shape.length - 1 ? h : d)));
}

/** Row `d` of a [dirs, ...] tensor, without its leading axis. */
function row(t: Tensor, d: number): Tensor {
  return reshape(slice(t, t.shape.map((_, i) => (i === 0 ? d : 0)), t.shape.map((s, i) => (i === 0 ? 1 : s))), t.shape.slice(1));
}

/** Reverses each batch column's first len[b] steps of x [seq, batch, ...] (the rest stays). */
function reverseWithin(x: Tensor, lens: number[]): Tensor {
  const [seq, batch] = x.shape;
  const idx: number[] = [];
  for (let t = 0; t < seq; t++) for (let b = 0; b < batch; b++) idx.push((t < lens[b] ? lens[b] - 1 - t : t) * batch + b);
  const flat = reshape(x, [seq * batch, ...x.shape.slice(2)]);
  return reshape(gather(flat, tensor(Int32Array.from(idx), { dtype: 'int32' }), 0), x.shape);
}

type Cell = (xt: Tensor, h: Tensor, c: Tensor | null, d: number) => [Tensor, Tensor | null];

function runRnn(ctx: NodeContext, gates: number, defaults: string[], makeCell: (acts: Act[], W: Tensor, R: Tensor, B: Tensor | null, hidden: number, clip: (t: Tensor) => Tensor) => Cell, hasCell: boolean): Array<Tensor | undefined> {
  const layout = ctx.attrs.int('layout', 0);
  let x = ctx.tensor(0);
  if (x.shape.length !== 3) ctx.fail(`X must be 3-D, got [${x.shape.join(',')}]`);
  if (layout === 1) x = transpose(x, [1, 0, 2]);
  const [seq, batch] = x.shape;
  const W = ctx.tensor(1);
  const R = ctx.tensor(2);
  const B = ctx.optTensor(3) ?? null;
  const direction = ctx.attrs.string('direction', 'forward');
  const dirs = direction === 'bidirectional' ? 2 : 1;
  if (!['forward', 'reverse', 'bidirectional'].includes(direction)) ctx.fail(`direction '${direction}' is not forward, reverse or bidirectional`);
  const hidden = ctx.attrs.int('hidden_size', R.shape[R.shape.length - 1]);
  if (W.shape[0] !== dirs || W.shape[1] !== gates * hidden || R.shape[1] !== gates * hidden || R.shape[2] !== hidden) {
    ctx.fail(`W [${W.shape.join(',')}] and R [${R.shape.join(',')}] do not match ${dirs} direction(s) of ${gates} gates of hidden size ${hidden}`);
  }
  const lensIn = ctx.has(4) ? ctx.ints(4) ?? [] : Array<number>(batch).fill(seq);
  if (lensIn.length !== batch || lensIn.some((l) => l < 0 || l > seq)) ctx.fail(`sequence_lens must hold ${batch} lengths in [0, ${seq}]`);
  const ragged = lensIn.some((l) => l !== seq);
  const stateIn = (i: number): Tensor | null => {
    const t = ctx.optTensor(i);
    return t && layout === 1 ? transpose(t, [1, 0, 2]) : t ?? null;
  };
  const h0 = stateIn(5);
  const c0 = hasCell ? stateIn(6) : null;
  const clipValue = ctx.attrs.float('clip');
  const clip = (t: Tensor): Tensor => (clipValue === undefined ? t : maximum(-clipValue, minimum(clipValue, t)));
  const acts = activationList(ctx, defaults, dirs);
  const cell = makeCell(acts, W, R, B, hidden, clip);
  const ys: Tensor[] = [];
  const hs: Tensor[] = [];
  const cs: Tensor[] = [];
  const mask = ragged ? (t: number): Tensor => tensor(lensIn.map((l) => (t < l ? 1 : 0)), { shape: [batch, 1] }) : null;
  for (let d = 0; d < dirs; d++) {
    const reverse = direction === 'reverse' || d === 1;
    const xs = reverse ? reverseWithin(x, lensIn) : x;
    let h = h0 ? row(h0, d) : zeros([batch, hidden]);
    let c = hasCell ? (c0 ? row(c0, d) : zeros([batch, hidden])) : null;
    const outs: Tensor[] = [];
    for (let t = 0; t < seq; t++) {
      const xt = reshape(slice(xs, [t, 0, 0], [1, batch, xs.shape[2]]), [batch, xs.shape[2]]);
      const [hn, cn] = cell(xt, h, c, d);
      if (mask) {
        const m = mask(t);
        const keep = less(m, 0.5);
        h = where(keep, h, hn);
        c = c && cn ? where(keep, c, cn) : cn;
        outs.push(mul(hn, m));
      } else {
        h = hn; c = cn;
        outs.push(hn);
      }
    }
    let y = outs.length ? stack(outs, 0) : zeros([0, batch, hidden]);
    if (reverse) y = reverseWithin(y, lensIn);
    ys.push(y); hs.push(h); if (c) cs.push(c);
  }
  let Y = stack(ys, 1); // [seq, dirs, batch, H]
  let Yh = stack(hs, 0); // [dirs, batch, H]
  let Yc = hasCell ? stack(cs, 0) : undefined;
  if (layout === 1) {
    Y = transpose(Y, [2, 0, 1, 3]);
    Yh = transpose(Yh, [1, 0, 2]);
    if (Yc) Yc = transpose(Yc, [1, 0, 2]);
  }
  return [Y, Yh, Yc];
}

/** x·Wᵀ for W [G·H, in] */
const lin = (x: Tensor, w: Tensor): Tensor => matmul(x, transpose(w, [1, 0]));

function biases(B: Tensor | null, d: number, gates: number, hidden: number): [Tensor | null, Tensor | null] {
  if (!B) return [null, null];
  const b = row(B, d);
  return [slice(b, [0], [gates * hidden]), slice(b, [gates * hidden], [gates * hidden])];
}

const lstmCell = (ctx: NodeContext) => (acts: Act[], W: Tensor, R: Tensor, B: Tensor | null, hidden: number, clip: (t: Tensor) => Tensor): Cell => {
  const P = ctx.optTensor(7) ?? null;
  const inputForget = ctx.attrs.int('input_forget', 0) === 1;
  return (xt, h, c, d) => {
    const [f, g, hAct] = acts.slice(3 * d, 3 * d + 3);
    const [wb, rb] = biases(B, d, 4, hidden);
    let z = add(lin(xt, row(W, d)), lin(h, row(R, d)));
    if (wb && rb) z = add(z, add(wb, rb));
    const p = P ? row(P, d) : null;
    const prev = c as Tensor;
    let zi = piece(z, 0, 4);
    let zf = piece(z, 2, 4);
    if (p) { zi = add(zi, mul(piece(p, 0, 3), prev)); zf = add(zf, mul(piece(p, 2, 3), prev)); }
    const i = f(clip(zi));
    const fg = inputForget ? sub(1, i) : f(clip(zf));
    const cc = g(clip(piece(z, 3, 4)));
    const cn = add(mul(fg, prev), mul(i, cc));
    let zo = piece(z, 1, 4);
    if (p) zo = add(zo, mul(piece(p, 1, 3), cn));
    const o = f(clip(zo));
    return [mul(o, hAct(cn)), cn];
  };
};

const gruCell = (ctx: NodeContext) => (acts: Act[], W: Tensor, R: Tensor, B: Tensor | null, hidden: number, clip: (t: Tensor) => Tensor): Cell => {
  const lbr = ctx.attrs.int('linear_before_reset', 0) !== 0;
  return (xt, h, _c, d) => {
    const [f, g] = acts.slice(2 * d, 2 * d + 2);
    const [wb, rb] = biases(B, d, 3, hidden);
    const Wd = row(W, d);
    const Rd = row(R, d);
    let xw = lin(xt, Wd);
    if (wb) xw = add(xw, wb);
    const hr = lin(h, slice(Rd, [0, 0], [2 * hidden, hidden]));
    const rbZR = rb ? slice(rb, [0], [2 * hidden]) : null;
    const zr = add(slice(xw, [0, 0], [xw.shape[0], 2 * hidden]), rbZR ? add(hr, rbZR) : hr);
    const zt = f(clip(piece(zr, 0, 2)));
    const rt = f(clip(piece(zr, 1, 2)));
    const Rh = slice(Rd, [2 * hidden, 0], [hidden, hidden]);
    const rbh = rb ? slice(rb, [2 * hidden], [hidden]) : null;
    const xh = slice(xw, [0, 2 * hidden], [xw.shape[0], hidden]);
    let pre: Tensor;
    if (lbr) {
      const hh = rbh ? add(lin(h, Rh), rbh) : lin(h, Rh);
      pre = add(xh, mul(rt, hh));
    } else {
      const hh = lin(mul(rt, h), Rh);
      pre = add(xh, rbh ? add(hh, rbh) : hh);
    }
    const ht = g(clip(pre));
    return [add(mul(sub(1, zt), ht), mul(zt, h)), null];
  };
};

const rnnCell = () => (acts: Act[], W: Tensor, R: Tensor, B: Tensor | null, hidden: number, clip: (t: Tensor) => Tensor): Cell =>
  (xt, h, _c, d) => {
    const [wb, rb] = biases(B, d, 1, hidden);
    let z = add(lin(xt, row(W, d)), lin(h, row(R, d)));
    if (wb && rb) z = add(z, add(wb, rb));
    return [acts[d](clip(z)), null];
  };

export const rnnOps: Record<string, OpImpl> = {
  LSTM: (ctx) => runRnn(ctx, 4, ['Sigmoid', 'Tanh', 'Tanh'], lstmCell(ctx), true),
  GRU: (ctx) => runRnn(ctx, 3, ['Sigmoid', 'Tanh'], gruCell(ctx), false),
  RNN: (ctx) => runRnn(ctx, 1, ['Tanh'], rnnCell(), false),
};


