/**
 * The training recipe shared by the CLI, the worker and the tests: a Trainer with Adam
 * (one learning rate, or parameter groups), cross-entropy on logits and the built-in
 * accuracy metric (computed on the device).
 */
import type { Tensor } from '@tensorloom/core';
import { Adam, crossEntropy, type AdamOptions, type Module, type ParamGroupInput, type Parameter } from '@tensorloom/nn';
import { Trainer, type Callback } from '@tensorloom/finetune';

export interface TrainerConfig {
  lr: number;
  /** Parameters (or groups with their own `lr`) to train; default all of the model's. */
  params?: Parameter[] | Array<ParamGroupInput<AdamOptions>>;
  weightDecay?: number;
  callbacks?: Callback[];
}

/**
 * @example
 * const trainer = createTrainer(model, { lr: 2e-3, callbacks: [new ProgressBar()] });
 * await trainer.fit({ train, val, epochs: 3 });
 */
export function createTrainer(model: Module<[Tensor], Tensor>, config: TrainerConfig): Trainer {
  return new Trainer({
    model,
    optimizer: new Adam(config.params ?? model.parameters(), { lr: config.lr, weightDecay: config.weightDecay ?? 0 }),
    loss: (output: Tensor, target: Tensor) => crossEntropy(output, target),
    metrics: ['accuracy'],
    callbacks: config.callbacks ?? [],
  });
}
