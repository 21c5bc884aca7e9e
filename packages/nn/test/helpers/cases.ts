/**
 * Builds the Tensorloom module (or loss function) that a golden layer case describes, and
 * runs it on the case's inputs, returning the outputs in the fixture's order.
 */
import type { Tensor } from '@tensorloom/core';
import * as nn from '../../src/index.js';
import { fromFixture, type Encoded } from './fixtures.js';

export interface LayerCase {
  name: string;
  layer: string;
  config: Record<string, unknown>;
  train: boolean;
  state: Record<string, Encoded>;
  inputs: Record<string, Encoded>;
  outputs: Encoded[];
  cotangents: Encoded[];
  grads: Record<string, Encoded>;
  buffersAfter?: Record<string, Encoded>;
}

type Run = (m: nn.AnyModule | null, i: Record<string, Tensor>) => Tensor[];
const c = (cfg: Record<string, unknown>, k: string): number => cfg[k] as number;
const opt = <T>(cfg: Record<string, unknown>, k: string): T | undefined => cfg[k] as T | undefined;
/** Tensors made from a case's config (class weights…); the test disposes them. */
export const made: Tensor[] = [];
const enc = (cfg: Record<string, unknown>, k: string): Tensor | undefined => {
  if (!cfg[k]) return undefined;
  const t = fromFixture(cfg[k] as Encoded);
  made.push(t);
  return t;
};

/** The module of a case (null for loss functions) and how to run it. */
export function buildCase(k: LayerCase): { module: nn.AnyModule | null; run: Run } {
  const cfg = k.config;
  const single: Run = (m, i) => [(m as unknown as nn.TensorModule).forward(Object.values(i)[0])];
  const mod = (m: unknown, run: Run = single): { module: nn.AnyModule; run: Run } => ({ module: m as nn.AnyModule, run });
  const loss = (fn: (a: Tensor, b: Tensor) => Tensor): { module: null; run: Run } => ({ module: null, run: (_m, i) => [fn(i.input, i.target)] });
  const reduction = opt<nn.Reduction>(cfg, 'reduction');
  switch (k.layer) {
    case 'Linear': return mod(new nn.Linear(c(cfg, 'in'), c(cfg, 'out'), { bias: opt(cfg, 'bias') }));
    case 'Conv2d': return mod(new nn.Conv2d(c(cfg, 'cin'), c(cfg, 'cout'), c(cfg, 'k'), {
      stride: c(cfg, 'stride'), padding: c(cfg, 'padding'), dilation: c(cfg, 'dilation'), groups: c(cfg, 'groups'), bias: opt(cfg, 'bias'),
    }));
    case 'MaxPool2d': return mod(new nn.MaxPool2d(c(cfg, 'k'), { stride: opt(cfg, 'stride'), padding: opt(cfg, 'padding') }));
    case 'AvgPool2d': return mod(new nn.AvgPool2d(c(cfg, 'k'), { stride: opt(cfg, 'stride'), padding: opt(cfg, 'padding'), countIncludePad: opt(cfg, 'countIncludePad') }));
    case 'AdaptiveAvgPool2d': return mod(new nn.AdaptiveAvgPool2d(cfg.out as [number, number]));
    case 'Flatten': return mod(new nn.Flatten());
    case 'BatchNorm1d': return mod(new nn.BatchNorm1d(c(cfg, 'c'), { momentum: opt(cfg, 'momentum') }));
    case 'BatchNorm2d': return mod(new nn.BatchNorm2d(c(cfg, 'c'), { momentum: opt(cfg, 'momentum') }));
    case 'LayerNorm': return mod(new nn.LayerNorm(cfg.shape as number[], { eps: opt(cfg, 'eps') }));
    case 'Embedding': return mod(new nn.Embedding(c(cfg, 'num'), c(cfg, 'dim'), { paddingIdx: opt(cfg, 'paddingIdx') }));
    case 'ReLU': return mod(new nn.ReLU());
    case 'LeakyReLU': return mod(new nn.LeakyReLU(c(cfg, 'slope')));
    case 'GELU': return mod(new nn.GELU({ approximate: opt(cfg, 'approximate') }));
    case 'SiLU': return mod(new nn.SiLU());
    case 'Sigmoid': return mod(new nn.Sigmoid());
    case 'Tanh': return mod(new nn.Tanh());
    case 'Softmax': return mod(new nn.Softmax(c(cfg, 'dim')));
    case 'LogSoftmax': return mod(new nn.LogSoftmax(c(cfg, 'dim')));
    case 'SoftmaxT': return mod(new nn.Softmax(c(cfg, 'dim'), { temperature: c(cfg, 'temperature') }));
    case 'SequentialMLP': return mod(new nn.Sequential(new nn.Linear(4, 6), new nn.ReLU(), new nn.Linear(6, 2)));
    case 'LSTM': case 'GRU': {
      const o = { numLayers: opt<number>(cfg, 'numLayers'), batchFirst: opt<boolean>(cfg, 'batchFirst'), bidirectional: opt<boolean>(cfg, 'bidirectional'), bias: opt<boolean>(cfg, 'bias') };
      if (k.layer === 'LSTM') {
        return mod(new nn.LSTM(c(cfg, 'input'), c(cfg, 'hidden'), o), (m, i) => {
          const [out, [h, cc]] = (m as unknown as nn.LSTM).forward(i.x, i.h0 ? [i.h0, i.c0] : undefined);
          return [out, h, cc];
        });
      }
      return mod(new nn.GRU(c(cfg, 'input'), c(cfg, 'hidden'), o), (m, i) => {
        const [out, h] = (m as unknown as nn.GRU).forward(i.x, i.h0);
        return [out, h];
      });
    }
    case 'MultiheadAttention': {
      const m = new nn.MultiheadAttention(c(cfg, 'embed'), c(cfg, 'heads'), { batchFirst: opt(cfg, 'batchFirst') });
      return mod(m, (_m, i) => {
        const [out, w] = m.forward(i.query, i.key, i.value, {
          keyPaddingMask: i.keyPaddingMask, isCausal: opt(cfg, 'causal'), averageAttnWeights: opt(cfg, 'averageAttnWeights'),
        });
        return [out, w as Tensor];
      });
    }
    case 'MixtureOfSoftmaxes': return mod(new nn.MixtureOfSoftmaxes(c(cfg, 'in'), c(cfg, 'vocab'), c(cfg, 'mixtures')));
    case 'crossEntropy': return loss((a, b) => nn.crossEntropy(a, b, { reduction, labelSmoothing: opt(cfg, 'labelSmoothing'), ignoreIndex: opt(cfg, 'ignoreIndex'), weight: enc(cfg, 'weight') }));
    case 'nllLoss': return loss((a, b) => nn.nllLoss(a, b, { reduction, ignoreIndex: opt(cfg, 'ignoreIndex'), weight: enc(cfg, 'weight') }));
    case 'binaryCrossEntropyWithLogits': return loss((a, b) => nn.binaryCrossEntropyWithLogits(a, b, { reduction, weight: enc(cfg, 'weight'), posWeight: enc(cfg, 'posWeight') }));
    case 'binaryCrossEntropy': return loss((a, b) => nn.binaryCrossEntropy(a, b, { reduction }));
    case 'mseLoss': return loss((a, b) => nn.mseLoss(a, b, { reduction }));
    case 'l1Loss': return loss((a, b) => nn.l1Loss(a, b, { reduction }));
    case 'huberLoss': return loss((a, b) => nn.huberLoss(a, b, { reduction, delta: opt(cfg, 'delta') }));
    case 'smoothL1Loss': return loss((a, b) => nn.smoothL1Loss(a, b, { reduction, beta: opt(cfg, 'beta') }));
    case 'klDiv': return loss((a, b) => nn.klDiv(a, b, { reduction: opt(cfg, 'reduction'), logTarget: opt(cfg, 'logTarget') }));
    default: throw new Error(`unknown layer ${k.layer}`);
  }
}
