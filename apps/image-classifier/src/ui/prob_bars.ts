/**
 * Ten horizontal bars, one per digit, showing the model's softmax probabilities; the
 * most likely digit is highlighted. Each bar carries `data-prob` (used by the e2e test).
 */
export class ProbBars {
  private readonly rows: Array<{ row: HTMLElement; fill: HTMLElement; value: HTMLElement }> = [];

  constructor(container: HTMLElement) {
    for (let d = 0; d < 10; d++) {
      const row = document.createElement('div');
      row.className = 'bar';
      row.innerHTML = `<span class="digit">${d}</span><span class="track"><span class="fill"></span></span><span class="value">–</span>`;
      container.append(row);
      this.rows.push({ row, fill: row.querySelector('.fill') as HTMLElement, value: row.querySelector('.value') as HTMLElement });
    }
  }

  /** Shows `probs` (10 values summing to 1), or blanks the bars for null. */
  show(probs: number[] | null): void {
    const best = probs ? probs.indexOf(Math.max(...probs)) : -1;
    this.rows.forEach(({ row, fill, value }, d) => {
      const p = probs?.[d] ?? 0;
      row.dataset.prob = probs ? String(p) : '';
      row.classList.toggle('best', d === best);
      fill.style.width = `${(100 * p).toFixed(1)}%`;
      value.textContent = probs ? `${(100 * p).toFixed(1)}%` : '–';
    });
  }
}
