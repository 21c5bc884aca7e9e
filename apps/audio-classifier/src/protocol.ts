/**
 * The messages between the page and the training worker: the shared ones (apps/shared/protocol.ts:
 * stop, save/load, status, progress, errors) and this app's. The page records and draws; every
 * tensor lives in the worker. Requests carry an `id` when they expect a reply of their own.
 */
import type { CommonFromWorker, CommonToWorker, ReadyMessage, TrainRequestBase } from '../../shared/protocol.js';

export type { EpochPoint } from '../../shared/protocol.js';

export type BackendName = 'cpu' | 'webgl' | 'webgpu' | 'onnx';

export interface TrainRequest extends TrainRequestBase<BackendName> {
  /** Training clips per class at most (a seeded subset; 0 = all). */
  perClass: number;
}

/** One of the user's recordings: one second at 16 kHz and its class. */
export interface Example { samples: Float32Array; label: number }

export type ToWorker =
  | CommonToWorker
  | TrainRequest
  | { type: 'predict'; id: number; samples: Float32Array }
  | { type: 'finetune'; examples: Example[]; epochs: number };

export type FromWorker =
  | CommonFromWorker
  /** `labels`: the classes, in the model's output order. */
  | (ReadyMessage<BackendName> & { labels: string[] })
  | { type: 'trained'; stopped: boolean; seconds: number; testAccuracy: number; testClips: number; confusion: number[][] }
  | { type: 'finetuned'; examples: number; replay: number; accuracyBefore: number; accuracyAfter: number; seconds: number }
  | { type: 'prediction'; id: number; probs: number[] }
  | { type: 'loaded'; id: number; info: Record<string, unknown> };
