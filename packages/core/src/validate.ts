/**
 * Run-time argument rules shared by every public op. Users call ops from JavaScript, so the
 * types in the signatures are not enough: each op checks its arguments with these helpers and
 * throws a TensorloomError that names the op, the argument, what it got and what to pass.
 */
import { isDType, type DType } from './dtype.js';
import { TensorloomError, formatShape } from './errors.js';
import { Tensor } from './tensor.js';

/** Most elements one tensor may hold (int32 indexing): larger shapes fail before allocating. */
export const MAX_ELEMENTS = 2 ** 31 - 1;

/** How a value reads in an error message: `the string "x"`, `null`, `an array [1,2]`, `1.5`. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (v instanceof Tensor) return `a ${v.dtype} Tensor ${formatShape(v.shape)}`;
  if (Array.isArray(v)) return v.length <= 8 ? `the array ${safeJson(v)}` : `an array of ${v.length}`;
  switch (typeof v) {
    case 'string': return `the string ${JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}…` : v)}`;
    case 'number': return String(v);
    case 'boolean': return `the boolean ${v}`;
    case 'bigint': return `the bigint ${v}n`;
    case 'function': return 'a function';
    case 'symbol': return 'a symbol';
    default: return ArrayBuffer.isView(v) ? `a ${v.constructor.name}` : 'an object';
  }
}

function safeJson(v: unknown): string {
  try { return JSON.stringify(v) ?? String(v); } catch { return String(v); }
}

/** Checks `v` is a live Tensor. */
export function checkTensor(op: string, name: string, v: unknown): asserts v is Tensor {
  if (!(v instanceof Tensor)) throw new TensorloomError(op, `${name} must be a Tensor, got ${describe(v)}; make one with tensor(...)`);
  v.assertAlive(op);
}

/** Checks `v` is a Tensor, a number or a boolean (what arithmetic takes). */
export function checkTensorLike(op: string, name: string, v: unknown): asserts v is Tensor | number | boolean {
  if (v instanceof Tensor) { v.assertAlive(op); return; }
  if (typeof v !== 'number' && typeof v !== 'boolean') {
    throw new TensorloomError(op, `${name} must be a Tensor, a number or a boolean, got ${describe(v)}; make arrays into tensors with tensor(...)`);
  }
}

/** Checks a tensor's dtype is one of `allowed`. */
export function checkDTypeOf(op: string, name: string, t: Tensor, allowed: readonly DType[], fix: string): void {
  if (!allowed.includes(t.dtype)) throw new TensorloomError(op, `${name} must be ${allowed.join(' or ')}, got ${t.dtype}; ${fix}`);
}

/** Checks `v` names a dtype (undefined allowed when `optional`). */
export function checkDType(op: string, name: string, v: unknown, optional = false): asserts v is DType {
  if (optional && v === undefined) return;
  if (!isDType(v)) throw new TensorloomError(op, `${name} must be 'float32', 'int32' or 'bool', got ${describe(v)}`);
}

interface NumberRule {
  /** Integers only. */
  integer?: boolean;
  /** Smallest allowed value. */
  min?: number;
  /** Largest allowed value. */
  max?: number;
  /** NaN and ±Infinity allowed (default: finite only). */
  nonFinite?: boolean;
  /** ±Infinity allowed, NaN not. */
  infinity?: boolean;
}

/** Checks `v` is a number obeying `rule`; returns it. */
export function checkNumber(op: string, name: string, v: unknown, rule: NumberRule = {}): number {
  const kind = rule.integer ? 'an integer' : rule.nonFinite ? 'a number' : rule.infinity ? 'a number (not NaN)' : 'a finite number';
  const range = rule.min !== undefined && rule.max !== undefined ? ` in [${rule.min}, ${rule.max}]`
    : rule.min !== undefined ? ` >= ${rule.min}` : rule.max !== undefined ? ` <= ${rule.max}` : '';
  const ok = typeof v === 'number'
    && (rule.nonFinite || Number.isFinite(v) || (rule.infinity && !Number.isNaN(v)))
    && (!rule.integer || Number.isInteger(v))
    && (rule.min === undefined || v >= rule.min)
    && (rule.max === undefined || v <= rule.max);
  if (!ok) throw new TensorloomError(op, `${name} must be ${kind}${range}, got ${describe(v)}`);
  return v as number;
}

/** Like `checkNumber`, but undefined passes (and gives undefined). */
export function checkOptionalNumber(op: string, name: string, v: unknown, rule: NumberRule = {}): number | undefined {
  return v === undefined ? undefined : checkNumber(op, name, v, rule);
}

/** Checks `v` is a boolean (undefined gives `fallback`). */
export function checkBoolean(op: string, name: string, v: unknown, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new TensorloomError(op, `${name} must be true or false, got ${describe(v)}`);
  return v;
}

/** Checks `v` is an array of integers (each >= `min` when given); returns a copy. */
export function checkIntList(op: string, name: string, v: unknown, min?: number): number[] {
  if (!Array.isArray(v)) throw new TensorloomError(op, `${name} must be an array of integers, got ${describe(v)}`);
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    if (typeof x !== 'number' || !Number.isInteger(x) || (min !== undefined && x < min)) {
      const kind = min === 0 ? 'a non-negative integer' : `an integer${min !== undefined ? ` >= ${min}` : ''}`;
      throw new TensorloomError(op, `${name}[${i}] must be ${kind}, got ${describe(x)} (in ${describe(v)})`);
    }
  }
  return [...(v as number[])];
}

/** Checks `v` is a shape: non-negative integers holding at most MAX_ELEMENTS values. */
export function checkShape(op: string, name: string, v: unknown): number[] {
  const shape = checkIntList(op, name, v, 0);
  checkSize(op, shape);
  return shape;
}

/** Fails before allocating when a shape holds more than MAX_ELEMENTS values. */
export function checkSize(op: string, shape: readonly number[]): void {
  let n = 1;
  for (const d of shape) n *= d;
  if (n > MAX_ELEMENTS) {
    throw new TensorloomError(op, `shape ${formatShape(shape)} holds ${n.toExponential(3)} values, more than the limit of ${MAX_ELEMENTS} (2^31 − 1) per tensor; use smaller tensors`);
  }
}

/** Checks `v` is an integer axis of a tensor of `rank`; returns it normalised (>= 0). */
export function checkAxis(op: string, name: string, v: unknown, rank: number): number {
  const r = Math.max(rank, 1);
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new TensorloomError(op, `${name} must be an integer in [${-r}, ${r - 1}] for a tensor of rank ${rank}, got ${describe(v)}`);
  }
  if (v < -r || v >= r) {
    throw new TensorloomError(op, `${name} ${v} is out of range for a tensor of rank ${rank}; use an integer in [${-r}, ${r - 1}]`);
  }
  return v < 0 ? v + r : v;
}

/** Checks an axis, a list of axes, or undefined (all axes); returns them normalised, sorted, unique. */
export function checkAxes(op: string, name: string, v: unknown, rank: number): number[] {
  if (v === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list: unknown[] = typeof v === 'number' ? [v] : Array.isArray(v) ? v : [null];
  if (!Array.isArray(v) && typeof v !== 'number') {
    throw new TensorloomError(op, `${name} must be an integer axis or an array of them (or omitted for all axes), got ${describe(v)}`);
  }
  const out = list.map((a, i) => checkAxis(op, Array.isArray(v) ? `${name}[${i}]` : name, a, rank));
  if (new Set(out).size !== out.length) throw new TensorloomError(op, `${name} ${describe(v)} repeats an axis; list each axis once`);
  return out.sort((x, y) => x - y);
}

/** Checks `v` is an options object (undefined gives {}); returns it. */
export function checkOptions<T extends object>(op: string, name: string, v: T | undefined): Partial<T> {
  if (v === undefined) return {};
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Tensor) {
    throw new TensorloomError(op, `${name} must be an options object like { ... }, got ${describe(v)}`);
  }
  return v;
}

/** Checks `v` is one of `choices` (undefined gives `fallback`). */
export function checkOneOf<T extends string>(op: string, name: string, v: unknown, choices: readonly T[], fallback: T): T {
  if (v === undefined) return fallback;
  if (!choices.includes(v as T)) {
    throw new TensorloomError(op, `${name} must be ${choices.map((c) => `'${c}'`).join(', ')}, got ${describe(v)}`);
  }
  return v as T;
}
