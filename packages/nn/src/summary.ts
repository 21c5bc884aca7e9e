/**
 * summary(): a Keras-style table of a model's layers (in call order), their output shapes
 * and parameter counts, from one forward pass on a zero input (no graph, nothing kept).
 */
import { Tensor, noGrad, tidy, zeros } from '@tensorloom/core';
import type { AnyModule, Module } from './module.js';

/**
 * A parameter count as both summaries print it: digits grouped by commas, independent of the
 * locale (Keras's `f"{n:,}"`).
 *
 * @example
 * formatParamCount(100480); // '100,480'
 */
export function formatParamCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

interface Row { name: string; type: string; shape: string; params: number }

function shapesOf(v: unknown): string {
  if (v instanceof Tensor) return `[${v.shape.join(', ')}]`;
  if (Array.isArray(v)) return v.map(shapesOf).filter(Boolean).join(', ');
  return '';
}

/**
 * Runs `model` on zeros of `inputShape` (or on `input`) and formats a table of each leaf
 * layer's output shape and parameter count, with totals.
 *
 * @example
 * console.log(summary(model, [1, 784]));
 * // Layer (type)        Output Shape       Param #
 * // 0 (Linear)          [1, 128]           100480 ...
 */
export function summary(model: Module<[Tensor], unknown>, input: readonly number[] | Tensor): string {
  const rows: Row[] = [];
  const patched: AnyModule[] = [];
  for (const [name, m] of model.namedModules()) {
    if (name === '' || m.children().length > 0) continue;
    const original = m.forward;
    const wrapper = (...args: never[]): unknown => {
      const out = original.apply(m, args);
      rows.push({ name, type: m.typeName, shape: shapesOf(out), params: m.numParameters() });
      return out;
    };
    Object.defineProperty(m, 'forward', { value: wrapper, configurable: true, writable: true });
    patched.push(m);
  }
  const wasTraining = model.training;
  model.eval();
  try {
    noGrad(() => tidy(() => {
      const x = input instanceof Tensor ? input : zeros(input);
      model.forward(x);
    }));
  } finally {
    for (const m of patched) delete (m as { forward?: unknown }).forward;
    model.train(wasTraining);
  }
  const total = model.numParameters();
  const trainable = model.numParameters(true);
  const header: Row = { name: 'Layer (type)', type: '', shape: 'Output Shape', params: 0 };
  const cells = [header, ...rows].map((r, i) => [i === 0 ? r.name : `${r.name} (${r.type})`, r.shape, i === 0 ? 'Param #' : formatParamCount(r.params)]);
  const widths = [0, 1, 2].map((c) => Math.max(...cells.map((row) => row[c].length)) + 4);
  const line = (row: string[]): string => row.map((s, c) => s.padEnd(widths[c])).join('').trimEnd();
  const width = widths.reduce((a, b) => a + b, 0);
  return [
    `Model: "${model.typeName}"`,
    '_'.repeat(width),
    line(cells[0]),
    '='.repeat(width),
    ...cells.slice(1).map(line),
    '='.repeat(width),
    `Total params: ${formatParamCount(total)}`,
    `Trainable params: ${formatParamCount(trainable)}`,
    `Non-trainable params: ${formatParamCount(total - trainable)}`,
    '_'.repeat(width),
  ].join('\n');
}
