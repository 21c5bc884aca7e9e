/**
 * Transform: a function from tensor to tensor, and `compose`, which chains transforms and
 * frees the intermediate tensors.
 */
import { tidy, type Tensor } from '@tensorloom/core';

/** A preprocessing or augmentation step: returns a new tensor and leaves its input alone. */
export type Transform = (x: Tensor) => Tensor;

/**
 * Chains transforms left to right (torchvision's `Compose`). Intermediate tensors are
 * disposed; the input is left to its owner and the result belongs to the caller.
 *
 * @example
 * const augment = compose(randomRotation({ degrees: 10, seed: 1 }), randomShift({ maxShift: 2, seed: 2 }), normalize(0.1307, 0.3081));
 * const y = augment(images); // [N,1,28,28] in, [N,1,28,28] out
 */
export function compose(...transforms: readonly Transform[]): Transform {
  return (x: Tensor): Tensor => tidy(() => {
    let y = x;
    for (const t of transforms) y = t(y);
    return y === x ? x.clone() : y;
  });
}
