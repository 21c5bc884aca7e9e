/**
 * The messages between the page and the training worker: the shared ones (apps/shared/protocol.ts:
 * stop, save/load, status, progress, errors) and this app's. The page only draws; every tensor
 * lives in the worker. Requests carry an `id` when they expect a reply of their own.
 */
import type { CommonFromWorker, CommonToWorker, ReadyMessage, TrainRequestBase } from '../../shared/protocol.js';

export type BackendName = 'cpu' | 'webgl' | 'webgpu' | 'onnx';

export interface TrainRequest extends TrainRequestBase<BackendName> {
  /** Training images (a seeded subset of the 60,000). */
  trainSize: number;
  /** Test images to score. */
  testSize: number;
}

/** Fine-tune the current model on the user's drawings (pixels as `toMnistPixels` makes them). */
export interface FineTuneRequest {
  type: 'finetune';
  examples: Array<{ pixels: Float32Array; label: number }>;
  epochs: number;
  /** Test images to score before (when not scored yet) and after. */
  testSize: number;
}

/** What a fine-tuning run did, and the test accuracy before and after it. */
export interface FineTuneSummary {
  examples: number; replay: number; epochs: number; stopped: boolean; seconds: number; accuracyBefore: number; accuracyAfter: number;
  /** The softmax temperature fitted on held-out images after fine-tuning, and their ECE before / after it. */
  temperature: number; eceBefore: number; eceAfter: number;
}

export type ToWorker =
  | CommonToWorker
  | TrainRequest
  | { type: 'predict'; id: number; pixels: Float32Array }
  | { type: 'evaluate'; testSize: number }
  | FineTuneRequest;

export type FromWorker =
  | CommonFromWorker
  | ReadyMessage<BackendName>
  /** `backend`: the backend the model trained on (core's current backend). */
  | { type: 'trained'; stopped: boolean; seconds: number; backend: string }
  | ({ type: 'finetuned' } & FineTuneSummary)
  | { type: 'confusion'; accuracy: number; count: number; matrix: number[][] }
  | { type: 'prediction'; id: number; probs: number[]; temperature: number }
  | { type: 'loaded'; id: number; info: Record<string, unknown> };
