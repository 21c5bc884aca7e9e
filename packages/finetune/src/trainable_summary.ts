/**
 * trainableSummary: trainable and frozen parameter counts per top-level module, with a
 * printable table — the first thing to check after freezing.
 */
import type { AnyModule } from '@tensorloom/nn';

export interface TrainableRow { module: string; trainable: number; frozen: number; total: number }

export interface TrainableSummary {
  rows: TrainableRow[];
  trainable: number;
  frozen: number;
  total: number;
  /** The rows as an aligned text table with a total line. */
  table: string;
}

/**
 * Counts parameter elements per top-level child ('(own)' for the model's own parameters).
 *
 * @example
 * console.log(trainableSummary(model).table);
 */
export function trainableSummary(model: AnyModule): TrainableSummary {
  const rows = new Map<string, TrainableRow>();
  for (const [name, p] of model.namedParameters()) {
    const dot = name.indexOf('.');
    const top = dot < 0 ? '(own)' : name.slice(0, dot);
    const row = rows.get(top) ?? { module: top, trainable: 0, frozen: 0, total: 0 };
    if (p.requiresGrad) row.trainable += p.size; else row.frozen += p.size;
    row.total += p.size;
    rows.set(top, row);
  }
  const list = [...rows.values()];
  const trainable = list.reduce((s, r) => s + r.trainable, 0);
  const frozen = list.reduce((s, r) => s + r.frozen, 0);
  const total = trainable + frozen;
  const header = ['module', 'trainable', 'frozen', 'total'];
  const body = [...list.map((r) => [r.module, r.trainable, r.frozen, r.total].map(String)), ['total', String(trainable), String(frozen), String(total)]];
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const table = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.slice(0, -1).map(line), widths.map((w) => '-'.repeat(w)).join('  '), line(body[body.length - 1])].join('\n');
  return { rows: list, trainable, frozen, total, table };
}
