/** Reading a worker's result tensor into a plain array for a message to the page, then freeing it. */

/** What is read: a tensor, by shape (so this file needs no package). */
export interface Readable { data(): Promise<ArrayLike<number>>; dispose(): void }

/**
 * The values of `t` as an array; `t` is disposed whether the read succeeds or fails.
 *
 * @example
 * const probs = await readAndDispose(tidy(() => softmax(model.forward(x), -1)));
 */
export async function readAndDispose(t: Readable): Promise<number[]> {
  try {
    return Array.from(await t.data());
  } finally {
    t.dispose();
  }
}
