/**
 * Scores a model on a labelled set, a batch at a time: accuracy and the confusion matrix
 * (`matrix[true][predicted]`). Used by the CLI and by the worker for the test-set view.
 */
import { noGrad, tidy, type Tensor } from '@tensorloom/core';
import { confusionMatrix, type Module } from '@tensorloom/nn';
import { NUM_CLASSES } from './model.js';

export interface Evaluation { accuracy: number; count: number; matrix: number[][] }

/**
 * @example
 * const { accuracy, matrix } = await evaluateConfusion(model, testLoader);
 */
export async function evaluateConfusion(model: Module, batches: Iterable<[Tensor, Tensor]>, onBatch?: () => Promise<void> | void): Promise<Evaluation> {
  const wasTraining = model.training;
  model.eval();
  const matrix = Array.from({ length: NUM_CLASSES }, () => new Array<number>(NUM_CLASSES).fill(0));
  let count = 0, correct = 0;
  try {
    for (const [x, y] of batches) {
      const pred = tidy(() => noGrad(() => model.forward(x).argmax(-1)));
      const [p, t] = await Promise.all([pred.data(), y.data()]);
      pred.dispose();
      const m = await confusionMatrix(p, t, NUM_CLASSES);
      for (let i = 0; i < NUM_CLASSES; i++) for (let j = 0; j < NUM_CLASSES; j++) matrix[i][j] += m[i][j];
      for (let i = 0; i < p.length; i++) if (p[i] === t[i]) correct++;
      count += p.length;
      await onBatch?.();
    }
  } finally {
    model.train(wasTraining);
  }
  return { accuracy: count ? correct / count : NaN, count, matrix };
}
