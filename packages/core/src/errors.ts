/**
 * TensorloomError: the one error type that public ops throw for bad input.
 * Messages name the op, say what it got, and say what would fix it.
 */
export class TensorloomError extends Error {
  override readonly name = 'TensorloomError';
  /** The op (or API) that rejected its input, e.g. `matmul`. */
  readonly op: string;

  constructor(op: string, message: string) {
    super(`${op}: ${message}`);
    this.op = op;
  }
}

/** Throws a TensorloomError for `op` unless `condition` holds. */
export function check(condition: unknown, op: string, message: () => string): asserts condition {
  if (!condition) throw new TensorloomError(op, message());
}

/** Formats a shape as `[2,3]` for error messages. */
export function fmt(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
