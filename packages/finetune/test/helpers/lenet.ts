/**
 * LeNet as in scripts/goldens/generate_lenet_fixture.py (the image-classifier app's
 * network) built from nn layers, the PyTorch → Sequential key renaming, and the fixture's
 * inputs and logits.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { manualSeed, tensor, type Tensor } from '@tensorloom/core';
import { Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential } from '@tensorloom/nn';
import { readSafetensors } from '../../src/index.js';

export const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/** PyTorch's `conv1.* / conv2.* / fc.*` → the Sequential's `0.* / 3.* / 7.*`. */
export const LENET_RENAME = { 'conv1.': '0.', 'conv2.': '3.', 'fc.': '7.' } as const;

export function lenet(seed = 0): Sequential {
  manualSeed(seed);
  return new Sequential(
    new Conv2d(1, 8, 5, { padding: 2 }), new ReLU(), new MaxPool2d(2),
    new Conv2d(8, 16, 5, { padding: 2 }), new ReLU(), new MaxPool2d(2),
    new Flatten(), new Linear(16 * 7 * 7, 10),
  );
}

/** The fixture's inputs [8,1,28,28], labels [8] and PyTorch logits per stored dtype (host arrays). */
export function lenetIo(): { inputs: () => Tensor; labels: Int32Array; logits: Record<'f32' | 'f16' | 'bf16', Float32Array> } {
  const { tensors } = readSafetensors(new Uint8Array(readFileSync(fixture('lenet_io.safetensors'))));
  const x = tensors.get('inputs')!;
  return {
    inputs: () => tensor(x.data, { shape: x.shape }),
    labels: tensors.get('labels')!.data as Int32Array,
    logits: { f32: tensors.get('logits_f32')!.data as Float32Array, f16: tensors.get('logits_f16')!.data as Float32Array, bf16: tensors.get('logits_bf16')!.data as Float32Array },
  };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** The largest |a − b| / (atol + rtol·|b|): at most 1 means within tolerance everywhere. */
export function closeness(a: ArrayLike<number>, b: ArrayLike<number>, atol: number, rtol: number): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / (atol + rtol * Math.abs(b[i])));
  return m;
}
