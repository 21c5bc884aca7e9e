/**
 * Loss modules: each holds its options and calls the matching function in
 * losses/functional.ts (`new CrossEntropyLoss({ labelSmoothing: 0.1 }).forward(logits, y)`).
 */
import type { CrossEntropyOptions, Tensor } from '@tensorloom/core';
import { Module } from '../module.js';
import {
  binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, huberLoss, klDiv, l1Loss, mseLoss, nllLoss, smoothL1Loss,
  type BceOptions, type BceWithLogitsOptions, type KlDivOptions, type NllOptions, type Reduction,
} from './functional.js';

abstract class Loss<O> extends Module<[Tensor, Tensor], Tensor> {
  constructor(readonly options: O) { super(); }
}

/** @example const lossFn = new CrossEntropyLoss({ ignoreIndex: -100 }); lossFn.forward(logits, y) */
export class CrossEntropyLoss extends Loss<CrossEntropyOptions> {
  constructor(options: CrossEntropyOptions = {}) { super(options); }
  forward(logits: Tensor, target: Tensor): Tensor { return crossEntropy(logits, target, this.options); }
}
/** @example new NLLLoss().forward(logProbs, y) */
export class NLLLoss extends Loss<NllOptions> {
  constructor(options: NllOptions = {}) { super(options); }
  forward(logProbs: Tensor, target: Tensor): Tensor { return nllLoss(logProbs, target, this.options); }
}
/** @example new BCEWithLogitsLoss({ posWeight }).forward(logits, y) */
export class BCEWithLogitsLoss extends Loss<BceWithLogitsOptions> {
  constructor(options: BceWithLogitsOptions = {}) { super(options); }
  forward(logits: Tensor, target: Tensor): Tensor { return binaryCrossEntropyWithLogits(logits, target, this.options); }
}
/** @example new BCELoss().forward(probs, y) */
export class BCELoss extends Loss<BceOptions> {
  constructor(options: BceOptions = {}) { super(options); }
  forward(probs: Tensor, target: Tensor): Tensor { return binaryCrossEntropy(probs, target, this.options); }
}
/** @example new MSELoss().forward(pred, y) */
export class MSELoss extends Loss<{ reduction?: Reduction }> {
  constructor(options: { reduction?: Reduction } = {}) { super(options); }
  forward(input: Tensor, target: Tensor): Tensor { return mseLoss(input, target, this.options); }
}
/** @example new L1Loss().forward(pred, y) */
export class L1Loss extends Loss<{ reduction?: Reduction }> {
  constructor(options: { reduction?: Reduction } = {}) { super(options); }
  forward(input: Tensor, target: Tensor): Tensor { return l1Loss(input, target, this.options); }
}
/** @example new HuberLoss({ delta: 0.5 }).forward(pred, y) */
export class HuberLoss extends Loss<{ reduction?: Reduction; delta?: number }> {
  constructor(options: { reduction?: Reduction; delta?: number } = {}) { super(options); }
  forward(input: Tensor, target: Tensor): Tensor { return huberLoss(input, target, this.options); }
}
/** @example new SmoothL1Loss({ beta: 1 }).forward(pred, y) */
export class SmoothL1Loss extends Loss<{ reduction?: Reduction; beta?: number }> {
  constructor(options: { reduction?: Reduction; beta?: number } = {}) { super(options); }
  forward(input: Tensor, target: Tensor): Tensor { return smoothL1Loss(input, target, this.options); }
}
/** @example new KLDivLoss({ reduction: 'batchmean' }).forward(logProbs, targetProbs) */
export class KLDivLoss extends Loss<KlDivOptions> {
  constructor(options: KlDivOptions = {}) { super(options); }
  forward(input: Tensor, target: Tensor): Tensor { return klDiv(input, target, this.options); }
}
