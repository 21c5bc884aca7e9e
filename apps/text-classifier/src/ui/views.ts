/**
 * Small views: the typed text with each token shaded by its occlusion or gradient × embedding
 * weight, the confusion matrix with per-class precision / recall / F1, and the list of the
 * user's labelled examples (the probability bars are apps/shared/page/prob_bars.ts). Values the
 * e2e test reads are in data-* attributes.
 */
import type { Scores, TokenWeight, UserExample } from '../protocol.js';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The text with its tokens shaded: red pushes towards the second class, blue towards the first. */
export function renderHighlights(container: HTMLElement, text: string, tokens: readonly TokenWeight[], classes: readonly string[]): void {
  const scale = Math.max(0.25, ...tokens.map((t) => Math.abs(t.weight)));
  let html = '', at = 0;
  for (const t of tokens) {
    html += esc(text.slice(at, t.start));
    const a = Math.min(1, Math.abs(t.weight) / scale) * 0.75;
    const color = t.weight >= 0 ? `rgba(220,38,38,${a.toFixed(3)})` : `rgba(37,99,235,${a.toFixed(3)})`;
    html += `<mark style="background:${color}" data-weight="${t.weight}" title="${esc(t.token)}: ${t.weight >= 0 ? '+' : ''}${t.weight.toFixed(2)} log-odds of ${esc(classes[1] ?? '')}">${esc(text.slice(t.start, t.end))}</mark>`;
    at = t.end;
  }
  container.innerHTML = html + esc(text.slice(at));
}

/** The confusion matrix (rows true, columns predicted) and a precision / recall / F1 table. */
export function renderConfusion(container: HTMLElement, s: Scores & { classes: string[] }): void {
  const head = s.classes.map((c) => `<th>${esc(c)}</th>`).join('');
  const rows = s.matrix.map((row, i) => {
    const total = row.reduce((a, b) => a + b, 0) || 1;
    return `<tr><th>${esc(s.classes[i])}</th>${row.map((n, j) => {
      const share = n / total;
      const bg = n === 0 ? '' : i === j ? `rgba(22,163,74,${(0.15 + 0.6 * share).toFixed(3)})` : `rgba(220,38,38,${Math.min(0.85, share * 6).toFixed(3)})`;
      return `<td style="background:${bg}" title="true ${esc(s.classes[i])}, predicted ${esc(s.classes[j])}">${n}</td>`;
    }).join('')}</tr>`;
  }).join('');
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  const report = s.classes.map((c, i) => `<tr><th>${esc(c)}</th><td>${pct(s.precision[i])}</td><td>${pct(s.recall[i])}</td><td>${pct(s.f1[i])}</td></tr>`).join('');
  container.innerHTML = `<table class="confusion"><thead><tr><th class="corner">true \\ pred</th>${head}</tr></thead><tbody>${rows}</tbody></table>
<table class="report"><thead><tr><th></th><th>precision</th><th>recall</th><th>F1</th></tr></thead><tbody>${report}</tbody></table>`;
}

/** The user's examples, newest first. */
export function renderExamples(container: HTMLElement, examples: readonly UserExample[], classes: readonly string[]): void {
  container.innerHTML = examples.map((e) => `<li><span class="tag">${esc(classes[e.label] ?? String(e.label))}</span> ${esc(e.text.length > 120 ? `${e.text.slice(0, 117)}…` : e.text)}</li>`).reverse().join('');
}
