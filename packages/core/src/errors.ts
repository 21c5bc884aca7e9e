/**
 * TensorloomError, the one error type that public ops throw for bad input, and `formatShape`,
 * the shape notation (`[2,3]`) that every message uses. Messages name the op, say what it got,
 * and say what would fix it.
 */

/** The public op the user called, while it runs (null outside ops). See `publicOp`. */
let activeOp: string | null = null;

/**
 * @internal Runs `body` as the public op `op`: every TensorloomError made while it runs names
 * `op`, even when an op it is composed of rejected the input (`stack` runs `concat`,
 * `indexSelect` runs `gather`), so errors name the function the user called. Nested public
 * ops keep the outermost name.
 */
export function publicOp<T>(op: string, body: () => T): T {
  if (activeOp !== null) return body();
  activeOp = op;
  try {
    return body();
  } finally {
    activeOp = null;
  }
}

/**
 * The error every public op throws for bad input. `op` names the function the user called
 * (the outermost public op running when the error was made).
 *
 * @example
 * try {
 *   matmul(ones([2, 3]), ones([4, 5]));
 * } catch (e) {
 *   if (e instanceof TensorloomError) console.log(e.op); // 'matmul'
 * }
 */
export class TensorloomError extends Error {
  override readonly name = 'TensorloomError';
  /** The op (or API) that rejected its input, e.g. `matmul`. */
  readonly op: string;

  /** Makes an error whose message is `op: message`. */
  constructor(op: string, message: string) {
    const shown = activeOp ?? op;
    super(`${shown}: ${message}`);
    this.op = shown;
  }
}

/**
 * Formats a shape as `[2,3]` (a scalar is `[]`), the notation of every Tensorloom error message.
 *
 * @example
 * formatShape([2, 3]); // '[2,3]'
 */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
