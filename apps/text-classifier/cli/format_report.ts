/** Terminal tables: a classifier's test report (accuracy, per-class precision / recall / F1, confusion matrix). */
import type { Evaluation } from '../src/evaluate.js';

/**
 * @example
 * console.log(formatReport('lstm', evaluation, ['ham', 'spam']));
 */
export function formatReport(title: string, e: Evaluation, classes: readonly string[]): string {
  const w = Math.max(9, ...classes.map((c) => c.length + 1));
  const pct = (x: number): string => `${(100 * x).toFixed(2)}%`.padStart(9);
  const lines = [`${title}: accuracy ${(100 * e.accuracy).toFixed(2)}% on ${e.count} texts`];
  lines.push(`${'class'.padEnd(w)}${'precision'.padStart(10)}${'recall'.padStart(10)}${'F1'.padStart(10)}${'support'.padStart(9)}`);
  classes.forEach((c, i) => lines.push(`${c.padEnd(w)} ${pct(e.report.precision[i])} ${pct(e.report.recall[i])} ${pct(e.report.f1[i])}${String(e.report.support[i]).padStart(9)}`));
  lines.push(`${'macro'.padEnd(w)} ${pct(e.report.macro.precision)} ${pct(e.report.macro.recall)} ${pct(e.report.macro.f1)}`);
  const cw = Math.max(7, ...classes.map((c) => c.length + 2), ...e.matrix.flat().map((v) => String(v).length + 2));
  lines.push(`confusion (rows true, columns predicted):`);
  lines.push(`${''.padEnd(w)}${classes.map((c) => c.padStart(cw)).join('')}`);
  e.matrix.forEach((row, i) => lines.push(`${classes[i].padEnd(w)}${row.map((v) => String(v).padStart(cw)).join('')}`));
  return lines.join('\n');
}
