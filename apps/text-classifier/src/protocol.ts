/**
 * The messages between the page and the training worker: the shared ones (apps/shared/protocol.ts:
 * stop, save/load, status, progress, errors) and this app's. The page only draws; every tensor
 * lives in the worker. Requests carry an `id` when they expect a reply of their own.
 */
import type { CommonFromWorker, CommonToWorker, ReadyMessage, TrainRequestBase } from '../../shared/protocol.js';
import type { ModelKind } from './models/text_models.js';
import type { ExplainMethod } from './explain.js';

export type BackendName = 'cpu' | 'webgl' | 'webgpu' | 'onnx';
export type TaskName = 'spam' | 'sentiment';

export interface TrainRequest extends TrainRequestBase<BackendName> {
  task: TaskName;
  model: ModelKind;
  /** Training texts (a seeded subset of the training split; 0 = all). */
  trainSize: number;
  /** Test texts to score (0 = all). */
  testSize: number;
  maxLen: number;
}

/** The user's own labelled text. */
export interface UserExample { text: string; label: number }

export interface FineTuneRequest { type: 'finetune'; examples: UserExample[]; epochs: number }

/** A token of the typed text, its span in it, and how much it pushes towards the second class (occlusion or gradient × embedding). */
export interface TokenWeight { start: number; end: number; token: string; weight: number }

export interface Scores { accuracy: number; count: number; matrix: number[][]; precision: number[]; recall: number[]; f1: number[] }

export interface FineTuneSummary {
  examples: number; replay: number; epochs: number; stopped: boolean; seconds: number;
  /** Mean probability of the user's labels on the user's examples, before and after. */
  exampleProbBefore: number; exampleProbAfter: number;
  accuracyBefore: number; accuracyAfter: number;
}

export type ToWorker =
  | CommonToWorker
  | TrainRequest
  | { type: 'evaluate' }
  | { type: 'predict'; id: number; text: string; explain: boolean; method?: ExplainMethod }
  | FineTuneRequest;

export type FromWorker =
  | CommonFromWorker
  | ReadyMessage<BackendName>
  | { type: 'trained'; stopped: boolean; seconds: number; classes: string[]; task: TaskName }
  | ({ type: 'finetuned' } & FineTuneSummary)
  | ({ type: 'confusion'; classes: string[] } & Scores)
  | { type: 'prediction'; id: number; probs: number[]; tokens: TokenWeight[] }
  | { type: 'loaded'; id: number; classes: string[]; task: string; kind: string };
