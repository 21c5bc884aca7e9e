/**
 * Class-probability bars for an app page: one row per class (label, bar, percentage), the most
 * likely class highlighted. Each row carries `data-label` and `data-prob` (empty while blank),
 * which the e2e tests read.
 */

/**
 * The bars of one classifier.
 *
 * @example
 * const bars = new ProbBars(container, ['ham', 'spam']);
 * bars.show([0.2, 0.8]);
 */
export class ProbBars {
  private readonly rows: Array<{ row: HTMLElement; fill: HTMLElement; value: HTMLElement }> = [];

  /** Replaces `container`'s content with one blank row per label; `display` turns a label into the text shown. */
  constructor(container: HTMLElement, labels: readonly string[], display: (label: string) => string = (label) => label) {
    container.replaceChildren();
    for (const label of labels) {
      const row = document.createElement('div');
      row.className = 'bar';
      row.dataset.label = label;
      row.dataset.prob = '';
      row.innerHTML = '<span class="label"></span><span class="track"><span class="fill"></span></span><span class="value">–</span>';
      (row.querySelector('.label') as HTMLElement).textContent = display(label);
      container.append(row);
      this.rows.push({ row, fill: row.querySelector('.fill') as HTMLElement, value: row.querySelector('.value') as HTMLElement });
    }
  }

  /** Shows `probs` (one per label, summing to 1), or blanks the bars for null. */
  show(probs: readonly number[] | null): void {
    const best = probs ? probs.indexOf(Math.max(...probs)) : -1;
    this.rows.forEach(({ row, fill, value }, k) => {
      const p = probs?.[k] ?? 0;
      row.dataset.prob = probs ? String(p) : '';
      row.classList.toggle('best', k === best);
      fill.style.width = `${(100 * p).toFixed(1)}%`;
      value.textContent = probs ? `${(100 * p).toFixed(1)}%` : '–';
    });
  }
}
