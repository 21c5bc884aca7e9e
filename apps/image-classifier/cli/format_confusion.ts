/** A confusion matrix as a fixed-width text table for the terminal (rows: true, columns: predicted). */
export function formatConfusion(matrix: number[][]): string {
  const width = Math.max(4, ...matrix.flat().map((v) => String(v).length + 1));
  const pad = (s: string | number): string => String(s).padStart(width);
  const lines = [`true\\pred${matrix.map((_, j) => pad(j)).join('')}`];
  matrix.forEach((row, i) => lines.push(`${String(i).padStart(9)}${row.map(pad).join('')}`));
  return lines.join('\n');
}
