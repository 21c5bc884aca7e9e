/**
 * The messages that every example app's page and training worker exchange; each app's
 * src/protocol.ts adds its own requests and replies to these. The page only draws; every tensor
 * lives in the worker. Requests carry an `id` when they expect a reply of their own.
 */

/** One training step, as the charts and the progress line show it. */
export interface BatchPoint { epoch: number; step: number; stepsPerEpoch: number; loss: number; accuracy: number; samplesPerSecond: number }

/** One epoch's means. */
export interface EpochPoint { epoch: number; loss: number; accuracy: number; valLoss?: number; valAccuracy?: number; seconds: number }

/** What every app's train request carries (each app adds its data options). */
export interface TrainRequestBase<B extends string> { type: 'train'; backend: B; epochs: number; batchSize: number; lr: number; seed: number }

/** The worker has started: the backends it offers, in the picker's order. */
export interface ReadyMessage<B extends string> { type: 'ready'; backends: B[] }

/** Requests every worker answers: stop training, save the model (→ `saved`), load one (→ the app's `loaded`). */
export type CommonToWorker =
  | { type: 'stop' }
  | { type: 'save'; id: number }
  | { type: 'load'; id: number; bytes: Uint8Array };

/** What every worker posts: status lines, training progress, saved bytes, and errors (with the failed request's id). */
export type CommonFromWorker =
  | { type: 'status'; text: string }
  | { type: 'batch'; point: BatchPoint }
  | { type: 'epoch'; point: EpochPoint }
  | { type: 'saved'; id: number; bytes: Uint8Array }
  | { type: 'error'; id?: number; message: string };
