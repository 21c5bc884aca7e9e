/**
 * The keyword-spotting task: eight command words, an "unknown" class for other words and a
 * "silence" class (background noise only), as in the Speech Commands benchmark.
 */

export const KEYWORDS = ['yes', 'no', 'up', 'down', 'left', 'right', 'stop', 'go'] as const;
/** Words spoken for the "unknown" class; none of them is a keyword. */
export const UNKNOWN_WORDS = ['cat', 'tree', 'house', 'bird', 'seven', 'happy', 'wow', 'bed'] as const;
export const UNKNOWN = '_unknown_';
export const SILENCE = '_silence_';
/** Class names, in the order of the model's outputs. */
export const LABELS: readonly string[] = [...KEYWORDS, UNKNOWN, SILENCE];
export const NUM_CLASSES = LABELS.length;

/** Class index of a spoken word (keywords map to themselves, other words to "unknown"). */
export function labelOf(word: string): number {
  const k = (KEYWORDS as readonly string[]).indexOf(word);
  return k >= 0 ? k : LABELS.indexOf(word === SILENCE ? SILENCE : UNKNOWN);
}
