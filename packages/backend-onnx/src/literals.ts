/**
 * Written scalars (a learning rate, ReLU's 0, an ignore index) can be embedded in a
 * compiled graph as initializers, which lets onnxruntime fold them and lets the emitters see
 * patterns such as ReLU's where(x <= 0, 0, x), or be fed like any input, which keeps one session
 * for values that change every step (Adam's bias corrections, a scheduled learning rate).
 * LiteralPolicy decides per graph structure: each scalar starts embedded with the value it
 * first had; once it differs it is fed from then on, and that graph compiles once more.
 */
import type { TypedArray } from '@tensorloom/core';
import type { LazyNode } from './lazy_node.js';

/**
 * Whether a node is a literal: a written rank-0 value (core's scalars: `x.mul(0.5)`, ReLU's 0)
 * or a written int32 range 0…n−1 (core writes one per oneHot and takeAlongAxis: embedded, equal
 * ranges are one initializer, so the subexpressions over them are computed once and nothing is
 * fed). Other written values are fed: a parameter is written once and computed from then on,
 * and a graph that embedded it would not match the next step's.
 */
export function isLiteral(n: LazyNode): boolean {
  return n.host !== null && (n.shape.length === 0 || n.range);
}

/** Longest written range embedded as a literal. */
const MAX_RANGE = 65536;

/** True when `values` are the int32 range 0, 1, …, n−1 with 2 ≤ n ≤ 65536 (checked on write). */
export function isRange(values: ArrayLike<number>, shape: readonly number[]): boolean {
  const n = values.length;
  if (shape.length !== 1 || n < 2 || n > MAX_RANGE) return false;
  for (let i = 0; i < n; i++) if (values[i] !== i) return false;
  return true;
}

interface Entry {
  /** Unique per entry, so a forgotten and re-learnt structure never reuses an old key. */
  readonly serial: number;
  /** The values each slot had first (embedded while the slot is not fed). */
  readonly first: readonly TypedArray[];
  readonly fed: boolean[];
  embedded: readonly boolean[];
  key: string;
}

/** What a plan does with its literal slots. */
export interface LiteralDecision {
  /** The graph's cache key (the structure, this entry and which slots are fed). */
  readonly key: string;
  /** Per slot: embedded (true) or fed. Embedded slots hold the values they had first. */
  readonly embedded: readonly boolean[];
  /** The key this structure had until now, when a slot has just become fed (its session is stale). */
  readonly stale: string | null;
}

/** Same values, NaN equal to NaN and 0 apart from -0. */
function sameValues(a: TypedArray, b: TypedArray): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y ? x === 0 && 1 / x !== 1 / y : x === x || y === y) return false;
  }
  return true;
}

export class LiteralPolicy {
  private readonly entries = new Map<string, Entry>();
  private serial = 0;

  constructor(private readonly capacity: number) {}

  /** Decides, for a graph of `structure`, which literal slots (host values in slot order) are embedded. */
  decide(structure: string, slots: readonly TypedArray[]): LiteralDecision {
    let e = this.entries.get(structure);
    let stale: string | null = null;
    if (e) {
      this.entries.delete(structure);
      this.entries.set(structure, e);
      let changed = false;
      for (let j = 0; j < slots.length; j++) {
        if (!e.fed[j] && !sameValues(e.first[j], slots[j])) { e.fed[j] = true; changed = true; }
      }
      if (changed) { stale = e.key; e.key = keyOf(structure, e); e.embedded = e.fed.map((f) => !f); }
    } else {
      const made: Entry = { serial: this.serial++, first: slots, fed: slots.map(() => false), embedded: slots.map(() => true), key: '' };
      made.key = keyOf(structure, made);
      this.entries.set(structure, made);
      if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
      e = made;
    }
    return { key: e.key, embedded: e.embedded, stale };
  }
}

function keyOf(structure: string, e: Entry): string {
  return `${structure}#${e.serial}:${e.fed.map((f) => (f ? 'F' : 'E')).join('')}`;
}
