/**
 * The confusion matrix of the test set as a heat-map table: rows are true digits, columns
 * predicted ones; the diagonal is green, mistakes red, shaded by their share of the row.
 */
export function renderConfusion(container: HTMLElement, matrix: number[][]): void {
  const table = document.createElement('table');
  table.className = 'confusion';
  const head = table.createTHead().insertRow();
  head.insertCell().outerHTML = '<th class="corner">true \\ pred</th>';
  matrix.forEach((_, j) => { head.insertCell().outerHTML = `<th>${j}</th>`; });
  const body = table.createTBody();
  matrix.forEach((row, i) => {
    const tr = body.insertRow();
    tr.insertCell().outerHTML = `<th>${i}</th>`;
    const total = row.reduce((a, b) => a + b, 0) || 1;
    row.forEach((count, j) => {
      const td = tr.insertCell();
      const share = count / total;
      const alpha = i === j ? 0.15 + 0.6 * share : Math.min(0.85, share * 6);
      td.textContent = String(count);
      td.title = `true ${i}, predicted ${j}: ${count} (${(100 * share).toFixed(1)}% of the ${i}s)`;
      td.style.background = count === 0 ? '' : i === j ? `rgba(22,163,74,${alpha})` : `rgba(220,38,38,${alpha})`;
    });
  });
  container.replaceChildren(table);
}
