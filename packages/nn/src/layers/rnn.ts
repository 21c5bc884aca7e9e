/**
 * LSTM and GRU: several layers, batchFirst, bidirectional, with PyTorch's gate order
 * (LSTM i, f, g, o; GRU r, z, n), parameter names (weight_ih_l0, weight_hh_l0_reverse, …)
 * and init U(±1/√hidden). The input projection of a whole sequence is one matmul; the
 * recurrence loops over time.
 */
import { TensorloomError, Tensor, concat, rand, sigmoid, stack, tanh, tidy, zeros, formatShape, shapesEqual } from '@tensorloom/core';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { checkInput, checkPositiveInt } from '../checks.js';

export interface RNNOptions {
  numLayers?: number;
  bias?: boolean;
  /** Input and output are [batch, seq, feature] instead of [seq, batch, feature]. */
  batchFirst?: boolean;
  bidirectional?: boolean;
}

type Cell = (xp: Tensor, h: Tensor, c: Tensor | null, w: CellWeights) => [Tensor, Tensor | null];
interface CellWeights { whh: Tensor; bhh: Tensor | null }

abstract class RNNBase extends Module<[Tensor, (Tensor | [Tensor, Tensor])?], [Tensor, Tensor | [Tensor, Tensor]]> {
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly bidirectional: boolean;

  constructor(readonly inputSize: number, readonly hiddenSize: number, private readonly gates: number, options: RNNOptions) {
    super();
    checkPositiveInt(this.typeName, 'inputSize', inputSize);
    checkPositiveInt(this.typeName, 'hiddenSize', hiddenSize);
    this.numLayers = options.numLayers ?? 1;
    checkPositiveInt(this.typeName, 'numLayers', this.numLayers);
    this.bias = options.bias ?? true;
    this.batchFirst = options.batchFirst ?? false;
    this.bidirectional = options.bidirectional ?? false;
    const k = 1 / Math.sqrt(hiddenSize);
    const u = (shape: number[]): Parameter => new Parameter(rand(shape, { low: -k, high: k }));
    const dirs = this.bidirectional ? 2 : 1;
    for (let l = 0; l < this.numLayers; l++) {
      for (let d = 0; d < dirs; d++) {
        const sfx = `l${l}${d === 1 ? '_reverse' : ''}`;
        const inp = l === 0 ? inputSize : hiddenSize * dirs;
        this.registerParameter(`weight_ih_${sfx}`, u([gates * hiddenSize, inp]));
        this.registerParameter(`weight_hh_${sfx}`, u([gates * hiddenSize, hiddenSize]));
        if (this.bias) {
          this.registerParameter(`bias_ih_${sfx}`, u([gates * hiddenSize]));
          this.registerParameter(`bias_hh_${sfx}`, u([gates * hiddenSize]));
        }
      }
    }
  }

  protected abstract readonly cell: Cell;
  protected abstract readonly hasCellState: boolean;

  /** Runs every layer and direction over x [T, B, F]; returns the output and final states. */
  protected run(x: Tensor, h0: Tensor | null, c0: Tensor | null): [Tensor, Tensor, Tensor | null] {
    const dirs = this.bidirectional ? 2 : 1;
    const [steps, batch] = x.shape;
    const states = this.numLayers * dirs;
    const hInit = h0 ?? zeros([states, batch, this.hiddenSize], { backend: x.backend });
    const cInit = this.hasCellState ? c0 ?? zeros([states, batch, this.hiddenSize], { backend: x.backend }) : null;
    let input = x;
    const hn: Tensor[] = [];
    const cn: Tensor[] = [];
    for (let l = 0; l < this.numLayers; l++) {
      const outs: Tensor[] = [];
      for (let d = 0; d < dirs; d++) {
        const sfx = `l${l}${d === 1 ? '_reverse' : ''}`;
        const wih = this.getParameter(`weight_ih_${sfx}`).value;
        const w: CellWeights = { whh: this.getParameter(`weight_hh_${sfx}`).value.transpose(), bhh: this.bias ? this.getParameter(`bias_hh_${sfx}`).value : null };
        let xp = input.matmul(wih.transpose()); // [T, B, G·H]
        if (this.bias) xp = xp.add(this.getParameter(`bias_ih_${sfx}`).value);
        const idx = l * dirs + d;
        let h = hInit.narrow(0, idx, 1).squeeze(0);
        let c = cInit ? cInit.narrow(0, idx, 1).squeeze(0) : null;
        const ys = new Array<Tensor>(steps);
        const xs = xp.split(1, 0);
        for (let s = 0; s < steps; s++) {
          const t = d === 0 ? s : steps - 1 - s;
          [h, c] = this.cell(xs[t].squeeze(0), h, c, w);
          ys[t] = h;
        }
        outs.push(steps > 0 ? stack(ys, 0) : zeros([0, batch, this.hiddenSize], { backend: x.backend }));
        hn.push(h);
        if (c) cn.push(c);
      }
      input = dirs === 1 ? outs[0] : concat(outs, 2);
    }
    return [input, stack(hn, 0), this.hasCellState ? stack(cn, 0) : null];
  }

  protected prepare(x: Tensor, h0: Tensor | null, c0: Tensor | null): Tensor {
    checkInput(this.typeName, x, [3], this.batchFirst ? `[batch, seq, ${this.inputSize}]` : `[seq, batch, ${this.inputSize}]`);
    if (x.shape[2] !== this.inputSize) throw new TensorloomError(this.typeName, `expected ${this.inputSize} input features, got shape ${formatShape(x.shape)}`);
    const batch = this.batchFirst ? x.shape[0] : x.shape[1];
    const expected = [this.numLayers * (this.bidirectional ? 2 : 1), batch, this.hiddenSize];
    for (const [name, s] of [['h0', h0], ['c0', c0]] as const) {
      if (s && !shapesEqual(s.shape, expected)) {
        throw new TensorloomError(this.typeName, `${name} must have shape ${formatShape(expected)} (layers·directions, batch, hidden), got ${formatShape(s.shape)}`);
      }
    }
    return this.batchFirst ? x.transpose(0, 1) : x;
  }

  protected finish(out: Tensor): Tensor { return this.batchFirst ? out.transpose(0, 1) : out; }

  override extraRepr(): string {
    return `${this.inputSize}, ${this.hiddenSize}, numLayers=${this.numLayers}, batchFirst=${this.batchFirst}, bidirectional=${this.bidirectional}`;
  }
}

function lstmCell(xp: Tensor, h: Tensor, c: Tensor | null, w: CellWeights): [Tensor, Tensor] {
  let gates = xp.add(h.matmul(w.whh));
  if (w.bhh) gates = gates.add(w.bhh);
  const [i, f, g, o] = gates.split(gates.shape[1] / 4, 1);
  const cNext = sigmoid(f).mul(c as Tensor).add(sigmoid(i).mul(tanh(g)));
  return [sigmoid(o).mul(tanh(cNext)), cNext];
}

function gruCell(xp: Tensor, h: Tensor, _c: Tensor | null, w: CellWeights): [Tensor, null] {
  let hp = h.matmul(w.whh);
  if (w.bhh) hp = hp.add(w.bhh);
  const n3 = xp.shape[1] / 3;
  const [xr, xz, xn] = xp.split(n3, 1);
  const [hr, hz, hn] = hp.split(n3, 1);
  const r = sigmoid(xr.add(hr));
  const z = sigmoid(xz.add(hz));
  const n = tanh(xn.add(r.mul(hn)));
  return [n.sub(z.mul(n)).add(z.mul(h)), null];
}

export class LSTM extends RNNBase {
  protected readonly cell: Cell = lstmCell;
  protected readonly hasCellState = true;

  /**
   * @example
   * const lstm = new LSTM(32, 64, { numLayers: 2, batchFirst: true, bidirectional: true });
   * const [out, [hn, cn]] = lstm.forward(x); // out: [B, T, 128]
   */
  constructor(inputSize: number, hiddenSize: number, options: RNNOptions = {}) { super(inputSize, hiddenSize, 4, options); }

  /** x and optional [h0, c0]; returns [output, [hn, cn]]. */
  forward(x: Tensor, state?: Tensor | [Tensor, Tensor]): [Tensor, [Tensor, Tensor]] {
    if (state instanceof Tensor) throw new TensorloomError('LSTM', 'the state of an LSTM is a pair [h0, c0]');
    const [h0, c0] = state ?? [null, null];
    return tidy(() => {
      const xs = this.prepare(x, h0, c0);
      const [out, hn, cn] = this.run(xs, h0, c0);
      return [this.finish(out), [hn, cn as Tensor]] as [Tensor, [Tensor, Tensor]];
    });
  }
}

export class GRU extends RNNBase {
  protected readonly cell: Cell = gruCell;
  protected readonly hasCellState = false;

  /**
   * @example
   * const gru = new GRU(32, 64, { batchFirst: true });
   * const [out, hn] = gru.forward(x);
   */
  constructor(inputSize: number, hiddenSize: number, options: RNNOptions = {}) { super(inputSize, hiddenSize, 3, options); }

  /** x and optional h0; returns [output, hn]. */
  forward(x: Tensor, h0?: Tensor | [Tensor, Tensor]): [Tensor, Tensor] {
    if (Array.isArray(h0)) throw new TensorloomError('GRU', 'the state of a GRU is one tensor h0');
    return tidy(() => {
      const xs = this.prepare(x, h0 ?? null, null);
      const [out, hn] = this.run(xs, h0 ?? null, null);
      return [this.finish(out), hn] as [Tensor, Tensor];
    });
  }
}
