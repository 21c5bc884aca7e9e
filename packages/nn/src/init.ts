/**
 * Weight initialisation, as in `torch.nn.init`: fan-in/fan-out, gains, xavier and kaiming
 * (uniform and normal), orthogonal, constants. Each scheme is a function that makes a tensor
 * of a shape, and a `_` variant that assigns a Parameter in place (PyTorch's names).
 */
import { TensorloomError, concat, full, rand, randn, tidy, where, type Tensor, formatShape } from '@tensorloom/core';
import type { Parameter } from './parameter.js';

export type Nonlinearity = 'linear' | 'conv2d' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';
export type FanMode = 'fanIn' | 'fanOut';

/**
 * fan_in and fan_out of a weight shape: [out, in, ...kernel] → in·k, out·k.
 *
 * @example
 * calculateFanInAndFanOut([64, 3, 3, 3]); // { fanIn: 27, fanOut: 576 }
 */
export function calculateFanInAndFanOut(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 2) throw new TensorloomError('init', `fan in and fan out need a tensor of at least 2 dimensions, got ${formatShape(shape)}`);
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[1] * receptive, fanOut: shape[0] * receptive };
}

/**
 * The recommended gain of a nonlinearity (torch.nn.init.calculate_gain).
 *
 * @example
 * calculateGain('relu'); // √2
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear': case 'conv2d': case 'sigmoid': return 1;
    case 'tanh': return 5 / 3;
    case 'relu': return Math.SQRT2;
    case 'leaky_relu': { const a = param ?? 0.01; return Math.sqrt(2 / (1 + a * a)); }
    case 'selu': return 3 / 4;
    default: throw new TensorloomError('calculateGain', `unknown nonlinearity '${String(nonlinearity)}'`);
  }
}

/** Uniform in [low, high). @example uniform([3, 4], -0.1, 0.1) */
export function uniform(shape: readonly number[], low = 0, high = 1): Tensor { return rand(shape, { low, high }); }
/** Normal with mean and std. @example normal([3, 4], 0, 0.02) */
export function normal(shape: readonly number[], mean = 0, std = 1): Tensor { return randn(shape, { mean, std }); }
/** A constant. @example constant([4], 0.1) */
export function constant(shape: readonly number[], value: number): Tensor { return full(shape, value); }

/**
 * Glorot uniform: U(−b, b) with b = gain·√(6 / (fanIn + fanOut)).
 *
 * @example
 * xavierUniform([128, 64]);
 */
export function xavierUniform(shape: readonly number[], gain = 1): Tensor {
  const { fanIn, fanOut } = calculateFanInAndFanOut(shape);
  const b = gain * Math.sqrt(6 / (fanIn + fanOut));
  return rand(shape, { low: -b, high: b });
}

/** Glorot normal: N(0, std²), std = gain·√(2 / (fanIn + fanOut)). @example xavierNormal([128, 64]) */
export function xavierNormal(shape: readonly number[], gain = 1): Tensor {
  const { fanIn, fanOut } = calculateFanInAndFanOut(shape);
  return randn(shape, { std: gain * Math.sqrt(2 / (fanIn + fanOut)) });
}

export interface KaimingOptions {
  /** Negative slope of the rectifier after this layer (leaky_relu). Default 0. */
  a?: number;
  mode?: FanMode;
  nonlinearity?: Nonlinearity;
}

function kaimingStd(shape: readonly number[], o: KaimingOptions): number {
  const { fanIn, fanOut } = calculateFanInAndFanOut(shape);
  const fan = (o.mode ?? 'fanIn') === 'fanIn' ? fanIn : fanOut;
  return calculateGain(o.nonlinearity ?? 'leaky_relu', o.a ?? 0) / Math.sqrt(fan);
}

/**
 * He uniform: U(−b, b) with b = gain·√(3 / fan).
 *
 * @example
 * kaimingUniform([64, 3, 3, 3], { nonlinearity: 'relu' });
 */
export function kaimingUniform(shape: readonly number[], options: KaimingOptions = {}): Tensor {
  const b = Math.sqrt(3) * kaimingStd(shape, options);
  return rand(shape, { low: -b, high: b });
}

/** He normal: N(0, (gain/√fan)²). @example kaimingNormal([64, 3, 3, 3], { mode: 'fanOut' }) */
export function kaimingNormal(shape: readonly number[], options: KaimingOptions = {}): Tensor {
  return randn(shape, { std: kaimingStd(shape, options) });
}

/**
 * A (semi-)orthogonal matrix of shape [rows, ...] (trailing dims flattened), scaled by gain:
 * the Q factor of a QR decomposition of a Gaussian matrix with diag(R) > 0, as in PyTorch.
 * Computed on the device (Gram-Schmidt with re-orthogonalisation, one column at a time), so
 * it reads nothing back and works on asynchronous backends.
 *
 * @example
 * orthogonal([4, 4]); // W Wᵀ = I
 */
export function orthogonal(shape: readonly number[], gain = 1): Tensor {
  if (shape.length < 2) throw new TensorloomError('orthogonal', `needs at least 2 dimensions, got ${formatShape(shape)}`);
  const rows = shape[0];
  const cols = shape.slice(1).reduce((a, b) => a * b, 1);
  const transposed = rows < cols;
  const [m, n] = transposed ? [cols, rows] : [rows, cols]; // m >= n: QR of an m×n matrix
  const g = randn([m, n]);
  let q: Tensor | null = null; // [m, j]: the orthonormal columns so far
  try {
    for (let j = 0; j < n; j++) {
      const prev = q as Tensor | null;
      q = tidy(() => {
        let v = g.narrow(1, j, 1);
        // Classical Gram-Schmidt twice ("twice is enough"): as accurate as modified G-S, in matmuls.
        if (prev) for (let pass = 0; pass < 2; pass++) v = v.sub(prev.matmul(prev.transpose().matmul(v)));
        const norm = v.square().sum().sqrt();
        const unit = v.div(where(norm.equal(0), 1, norm));
        return prev ? concat([prev, unit], 1) : unit;
      });
      prev?.dispose();
    }
    const result = q as Tensor;
    return tidy(() => (transposed ? result.transpose() : result).mul(gain).reshape(shape));
  } finally {
    g.dispose();
    q?.dispose();
  }
}

// ---- in-place variants on parameters ----

/** Fills a parameter with U(low, high). @example uniform_(layer.weight, -0.1, 0.1) */
export function uniform_(p: Parameter, low = 0, high = 1): Parameter { p.assign(uniform(p.shape, low, high)); return p; }
/** Fills a parameter with N(mean, std²). @example normal_(emb.weight, 0, 0.02) */
export function normal_(p: Parameter, mean = 0, std = 1): Parameter { p.assign(normal(p.shape, mean, std)); return p; }
/** Fills a parameter with a constant. @example constant_(layer.bias, 0.1) */
export function constant_(p: Parameter, value: number): Parameter { p.assign(constant(p.shape, value)); return p; }
/** Fills a parameter with zeros. @example zeros_(layer.bias) */
export function zeros_(p: Parameter): Parameter { return constant_(p, 0); }
/** Fills a parameter with ones. @example ones_(norm.weight) */
export function ones_(p: Parameter): Parameter { return constant_(p, 1); }
/** Glorot uniform in place. @example xavierUniform_(layer.weight) */
export function xavierUniform_(p: Parameter, gain = 1): Parameter { p.assign(xavierUniform(p.shape, gain)); return p; }
/** Glorot normal in place. @example xavierNormal_(layer.weight) */
export function xavierNormal_(p: Parameter, gain = 1): Parameter { p.assign(xavierNormal(p.shape, gain)); return p; }
/** He uniform in place. @example kaimingUniform_(conv.weight, { nonlinearity: 'relu' }) */
export function kaimingUniform_(p: Parameter, options: KaimingOptions = {}): Parameter { p.assign(kaimingUniform(p.shape, options)); return p; }
/** He normal in place. @example kaimingNormal_(conv.weight, { mode: 'fanOut' }) */
export function kaimingNormal_(p: Parameter, options: KaimingOptions = {}): Parameter { p.assign(kaimingNormal(p.shape, options)); return p; }
/** Orthogonal in place. @example orthogonal_(rnn.getParameter('weight_hh_l0')) */
export function orthogonal_(p: Parameter, gain = 1): Parameter { p.assign(orthogonal(p.shape, gain)); return p; }
