/**
 * MixtureOfSoftmaxes: the output layer of Yang et al., "Breaking the Softmax Bottleneck"
 * (ICLR 2018). K latent contexts h_k = tanh(W_k h + b_k) share one decoder; the output is
 * log Σ_k π_k softmax(h_k Wᵀ + b) with mixture weights π = softmax(W_π h), computed in log
 * space (logsumexp of log π_k + logSoftmax) so it stays finite. Returns log-probabilities
 * (use nllLoss); its rank is not bounded by the hidden size, unlike a single softmax.
 */
import { TensorloomError, logSoftmax, logsumexp, tanh, tidy, type Tensor, formatShape } from '@tensorloom/core';
import { Module } from '../module.js';
import { Linear } from './linear.js';
import { checkPositiveInt } from '../checks.js';

export class MixtureOfSoftmaxes extends Module {
  readonly prior: Linear;
  readonly latent: Linear;
  readonly decoder: Linear;

  /**
   * @example
   * const mos = new MixtureOfSoftmaxes(256, 10000, 4);
   * const loss = nllLoss(mos.forward(hidden), targets); // hidden: [N, 256]
   */
  constructor(readonly inFeatures: number, readonly vocabSize: number, readonly numMixtures: number) {
    super();
    checkPositiveInt('MixtureOfSoftmaxes', 'numMixtures', numMixtures);
    this.prior = this.registerModule('prior', new Linear(inFeatures, numMixtures, { bias: false }));
    this.latent = this.registerModule('latent', new Linear(inFeatures, numMixtures * inFeatures));
    this.decoder = this.registerModule('decoder', new Linear(inFeatures, vocabSize));
  }

  /** hidden [..., inFeatures] → log-probabilities [..., vocabSize]. */
  forward(h: Tensor): Tensor {
    if (h.rank < 1 || h.shape[h.rank - 1] !== this.inFeatures) {
      throw new TensorloomError('MixtureOfSoftmaxes', `expected input [..., ${this.inFeatures}], got ${formatShape(h.shape)}`);
    }
    return tidy(() => {
      const lead = h.shape.slice(0, -1);
      const x = h.reshape([-1, this.inFeatures]);
      const n = x.shape[0];
      const logPrior = logSoftmax(this.prior.forward(x), -1); // [N, K]
      const contexts = tanh(this.latent.forward(x)).reshape([n, this.numMixtures, this.inFeatures]);
      const logp = logSoftmax(this.decoder.forward(contexts), -1); // [N, K, V]
      return logsumexp(logp.add(logPrior.unsqueeze(-1)), 1).reshape([...lead, this.vocabSize]);
    });
  }

  override extraRepr(): string { return `${this.inFeatures}, vocab=${this.vocabSize}, mixtures=${this.numMixtures}`; }
}
