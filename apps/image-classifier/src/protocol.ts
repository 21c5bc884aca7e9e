/**
 * The messages between the page and the training worker. The page only draws; every tensor
 * lives in the worker. Requests carry an `id` when they expect a reply of their own.
 */

export type BackendName = 'cpu' | 'webgl' | 'webgpu' | 'onnx';

export interface TrainRequest {
  type: 'train';
  backend: BackendName;
  trainSize: number;
  testSize: number;
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
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
  | TrainRequest
  | { type: 'stop' }
  | { type: 'predict'; id: number; pixels: Float32Array }
  | { type: 'evaluate'; testSize: number }
  | FineTuneRequest
  | { type: 'save'; id: number }
  | { type: 'load'; id: number; bytes: Uint8Array };

export interface BatchPoint { epoch: number; step: number; stepsPerEpoch: number; loss: number; accuracy: number; samplesPerSecond: number }
export interface EpochPoint { epoch: number; loss: number; accuracy: number; valLoss?: number; valAccuracy?: number; seconds: number }

export type FromWorker =
  | { type: 'ready'; backends: BackendName[] }
  | { type: 'status'; text: string }
  | { type: 'batch'; point: BatchPoint }
  | { type: 'epoch'; point: EpochPoint }
  /** `backend`: the backend the model trained on (core's current backend). */
  | { type: 'trained'; stopped: boolean; seconds: number; backend: string }
  | ({ type: 'finetuned' } & FineTuneSummary)
  | { type: 'confusion'; accuracy: number; count: number; matrix: number[][] }
  | { type: 'prediction'; id: number; probs: number[]; temperature: number }
  | { type: 'saved'; id: number; bytes: Uint8Array }
  | { type: 'loaded'; id: number; info: Record<string, unknown> }
  | { type: 'error'; id?: number; message: string };
