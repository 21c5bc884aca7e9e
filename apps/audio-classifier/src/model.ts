/**
 * The keyword classifier, the source material's audio recipe: log-mel spectrogram →
 * Conv2D → MaxPool → Dense → softmax (cross-entropy over logits), with batch norm and dropout:
 * conv3×3(1→16)–BN–ReLU–pool2 – conv3×3(16→32)–BN–ReLU–pool2 – dropout – linear(→10).
 */
import { BatchNorm2d, Conv2d, Dropout, Flatten, Linear, MaxPool2d, ReLU, Sequential } from '@tensorloom/nn';
import { FRAMES, N_MELS } from './features.js';
import { NUM_CLASSES } from './keywords.js';

const POOLED = Math.floor(Math.floor(N_MELS / 2) / 2) * Math.floor(Math.floor(FRAMES / 2) / 2);

/** Parameter-name prefix of the head, the layer that fine-tuning with frozen convolutions trains. */
export const HEAD_PREFIX = '10.';

/**
 * A fresh classifier; seed core's RNG first (`manualSeed`) for a reproducible start.
 *
 * @example
 * const logits = createModel().forward(features); // [N, 1, 32, 51] → [N, 10]
 */
export function createModel(): Sequential {
  return new Sequential(
    new Conv2d(1, 16, 3, { padding: 1 }), new BatchNorm2d(16), new ReLU(), new MaxPool2d(2),
    new Conv2d(16, 32, 3, { padding: 1 }), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),
    new Flatten(), new Dropout(0.25), new Linear(32 * POOLED, NUM_CLASSES),
  );
}
