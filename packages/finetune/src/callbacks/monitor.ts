/**
 * Reading a monitored quantity ('loss', 'valLoss', 'accuracy', 'valAccuracy', or Keras's
 * 'val_accuracy') from an epoch's event, and the improvement test that EarlyStopping and
 * ModelCheckpoint share.
 */
import { TensorloomError } from '@tensorloom/core';
import type { EpochEndEvent } from '../trainer/types.js';

/** 'min', 'max', or 'auto' (max for names with 'acc', 'f1', 'precision' or 'recall'; else min). */
export type MonitorMode = 'min' | 'max' | 'auto';

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * The value of `name` in an epoch event, or undefined when the epoch did not produce it.
 *
 * @example
 * monitored(event, 'valAccuracy'); // event.valMetrics.accuracy
 */
export function monitored(e: EpochEndEvent, name: string): number | undefined {
  if (name === 'loss') return e.loss;
  if (name === 'valLoss' || name === 'val_loss') return e.valLoss;
  if (name === 'lr') return e.lr;
  if (name.startsWith('val_')) return e.valMetrics?.[name.slice(4)];
  if (/^val[A-Z]/.test(name)) return e.valMetrics?.[lowerFirst(name.slice(3))];
  return e.metrics[name];
}

/** Resolves 'auto' to 'min' or 'max' for `monitor`. */
export function resolveMode(op: string, mode: MonitorMode | undefined, monitor: string): 'min' | 'max' {
  const m = mode ?? 'auto';
  if (m !== 'min' && m !== 'max' && m !== 'auto') throw new TensorloomError(op, `mode must be 'min', 'max' or 'auto', got '${String(m)}'`);
  if (m !== 'auto') return m;
  return /acc|f1|precision|recall|auc/i.test(monitor) ? 'max' : 'min';
}

/** True when `value` beats `best` by more than `minDelta` in the direction of `mode`. */
export function improves(value: number, best: number, mode: 'min' | 'max', minDelta = 0): boolean {
  if (Number.isNaN(value)) return false;
  return mode === 'min' ? value < best - Math.abs(minDelta) : value > best + Math.abs(minDelta);
}

/** The value of `monitor`, or a clear error naming what the epoch produced. */
export function requireMonitored(op: string, e: EpochEndEvent, monitor: string): number {
  const v = monitored(e, monitor);
  if (v === undefined) {
    const have = ['loss', ...Object.keys(e.metrics), ...(e.valLoss !== undefined ? ['valLoss'] : []),
      ...Object.keys(e.valMetrics ?? {}).map((k) => `val${k.charAt(0).toUpperCase()}${k.slice(1)}`)];
    throw new TensorloomError(op, `monitors '${monitor}', but the epoch produced only ${have.join(', ')}${monitor.startsWith('val') ? ' (pass val data to fit)' : ''}`);
  }
  return v;
}
