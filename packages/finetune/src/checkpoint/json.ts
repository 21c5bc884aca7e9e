/**
 * JSON for checkpoint metadata that keeps non-finite numbers (ReduceLROnPlateau's best is
 * Infinity at first): they travel as {"$number": "Infinity"} and come back as numbers.
 */

/** JSON.stringify that keeps NaN and ±Infinity. */
export function stringifyState(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { $number: String(v) } : v));
}

/** JSON.parse that restores what `stringifyState` wrote. */
export function parseState(text: string): unknown {
  return JSON.parse(text, (_k, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      if (keys.length === 1 && keys[0] === '$number' && ['NaN', 'Infinity', '-Infinity'].includes(o.$number as string)) return Number(o.$number);
    }
    return v;
  });
}
