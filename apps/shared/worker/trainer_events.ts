/**
 * The Trainer's batch and epoch events as the page's chart points (protocol.ts): what an app's
 * worker posts as `batch` and `epoch` messages. The events are typed by shape, so this file
 * needs no package.
 */
import type { BatchPoint, EpochPoint } from '../protocol.js';

/** The fields of the Trainer's `batchEnd` event a point needs. */
export interface BatchEventLike { epoch: number; step: number; stepsPerEpoch?: number; loss: number; metrics: Record<string, number>; samplesPerSecond: number }
/** The fields of the Trainer's `epochEnd` event a point needs. */
export interface EpochEventLike { epoch: number; loss: number; metrics: Record<string, number>; seconds: number }

/**
 * A batch event as a chart point; `stepsPerEpoch` stands in when the batch source has no length.
 *
 * @example
 * trainer.on('batchEnd', (e) => post({ type: 'batch', point: toBatchPoint(e, loader.length) }));
 */
export function toBatchPoint(e: BatchEventLike, stepsPerEpoch = 1): BatchPoint {
  return { epoch: e.epoch, step: e.step, stepsPerEpoch: e.stepsPerEpoch ?? stepsPerEpoch, loss: e.loss, accuracy: e.metrics.accuracy ?? NaN, samplesPerSecond: e.samplesPerSecond };
}

/**
 * An epoch event as a chart point.
 *
 * @example
 * trainer.on('epochEnd', (e) => post({ type: 'epoch', point: toEpochPoint(e) }));
 */
export function toEpochPoint(e: EpochEventLike): EpochPoint {
  return { epoch: e.epoch, loss: e.loss, accuracy: e.metrics.accuracy ?? NaN, seconds: e.seconds };
}
