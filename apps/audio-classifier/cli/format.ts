/** Terminal formatting for the CLI: a labelled confusion matrix and a simple progress line. */

/** A confusion matrix with class names (rows: true class, columns: predicted). */
export function formatConfusion(matrix: number[][], labels: readonly string[]): string {
  const names = labels.map((l) => l.replace(/^_(.*)_$/, '$1').slice(0, 7));
  const width = Math.max(5, ...matrix.flat().map((v) => String(v).length + 1), ...names.map((n) => n.length + 1));
  const pad = (s: string | number): string => String(s).padStart(width);
  const lines = [`${'true\\pred'.padEnd(9)}${names.map(pad).join('')}`];
  matrix.forEach((row, i) => lines.push(`${names[i]!.padEnd(9)}${row.map(pad).join('')}`));
  return lines.join('\n');
}

/** Prints `label done/total` on one line (rewritten in a terminal, every 10% otherwise). */
export function progress(label: string): (done: number, total: number) => void {
  let last = -1;
  return (done, total) => {
    const tenth = Math.floor((10 * done) / Math.max(1, total));
    if (process.stderr.isTTY) process.stderr.write(`\r${label} ${done}/${total}${done === total ? '\n' : ''}`);
    else if (tenth !== last || done === total) { process.stderr.write(`${label} ${done}/${total}\n`); last = tenth; }
  };
}
