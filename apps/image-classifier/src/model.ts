/**
 * The digit classifier shared by the CLI and the browser worker: a small LeNet-style CNN,
 * conv(1→8, 5×5) – ReLU – maxpool 2 – conv(8→16, 5×5) – ReLU – maxpool 2 – linear(784→10),
 * about 11k parameters. Small enough that the CPU backend trains an MNIST epoch in about a
 * minute, big enough to reach ~99% test accuracy in three epochs.
 */
import { Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential } from '@tensorloom/nn';

/** Input images: [N, 1, 28, 28], pixels standardised with MNIST's mean and std. */
export const IMAGE_SHAPE = [1, 28, 28] as const;
export const NUM_CLASSES = 10;

/**
 * Builds a fresh (randomly initialised) classifier; seed core's RNG first for a
 * reproducible start (`manualSeed(0)`).
 *
 * @example
 * const model = createModel();
 * model.forward(images); // [N, 10] logits
 */
export function createModel(): Sequential {
  return new Sequential(
    new Conv2d(1, 8, 5, { padding: 2 }), new ReLU(), new MaxPool2d(2),
    new Conv2d(8, 16, 5, { padding: 2 }), new ReLU(), new MaxPool2d(2),
    new Flatten(), new Linear(16 * 7 * 7, NUM_CLASSES),
  );
}
