/** A numeric option of an app's CLI (`--epochs 3`): a non-negative number, or exit code 2 with a message that names it. */

/**
 * The value of `--name` in `values` (what `node:util`'s parseArgs returned) as a number.
 *
 * @example
 * const epochs = numberOption(opts, 'epochs');
 */
export function numberOption(values: Readonly<Record<string, unknown>>, name: string): number {
  const v = Number(values[name]);
  if (!Number.isFinite(v) || v < 0) {
    console.error(`--${name} must be a non-negative number, got ${String(values[name])}`);
    process.exit(2);
  }
  return v;
}
