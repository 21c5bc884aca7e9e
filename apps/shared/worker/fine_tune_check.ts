/**
 * When a worker can fine-tune: there is a model, no training or fine-tuning run is in
 * progress, and the user gave examples. Otherwise the request fails with the reason, which the
 * page shows.
 */

/** The worker's state, as the check needs it. */
export interface FineTuneState {
  /** A training or fine-tuning run is in progress. */
  running: boolean;
  /** How many examples the request carries. */
  examples: number;
  /** What to say when there are none (default: add some examples first). */
  noExamples?: string;
}

/**
 * `model` when a fine-tuning request can run now; else throws the reason.
 *
 * @example
 * const m = modelToFineTune(model, { running: abort !== null, examples: req.examples.length });
 */
export function modelToFineTune<M>(model: M | null, state: FineTuneState): M {
  if (model === null) throw new Error('train or load a model before fine-tuning');
  if (state.running) throw new Error('training is running; fine-tune when it has finished');
  if (state.examples === 0) throw new Error(state.noExamples ?? 'add some examples first');
  return model;
}
