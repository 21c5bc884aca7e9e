/**
 * The messages between the page and the training worker. The page records and draws; every
 * tensor lives in the worker. Requests carry an `id` when they expect a reply of their own.
 */

export type BackendName = 'cpu' | 'webgl';

export interface TrainRequest {
  type: 'train';
  backend: BackendName;
  /** Training clips per class at most (a seeded subset; 0 = all). */
  perClass: number;
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
}

/** One of the user's recordings: one second at 16 kHz and its class. */
export interface Example { samples: Float32Array; label: number }

export type ToWorker =
  | TrainRequest
  | { type: 'stop' }
  | { type: 'predict'; id: number; samples: Float32Array }
  | { type: 'finetune'; examples: Example[]; epochs: number }
  | { type: 'save'; id: number }
  | { type: 'load'; id: number; bytes: Uint8Array };

export interface EpochPoint { epoch: number; loss: number; accuracy: number; valLoss?: number; valAccuracy?: number; seconds: number }

export type FromWorker =
  | { type: 'ready'; backends: BackendName[]; labels: string[] }
  | { type: 'status'; text: string }
  | { type: 'batch'; epoch: number; step: number; steps: number; loss: number }
  | { type: 'epoch'; point: EpochPoint }
  | { type: 'trained'; stopped: boolean; seconds: number; testAccuracy: number; testClips: number; confusion: number[][] }
  | { type: 'finetuned'; examples: number; replay: number; accuracyBefore: number; accuracyAfter: number; seconds: number }
  | { type: 'prediction'; id: number; probs: number[] }
  | { type: 'saved'; id: number; bytes: Uint8Array }
  | { type: 'loaded'; id: number; info: Record<string, unknown> }
  | { type: 'error'; id?: number; message: string };
