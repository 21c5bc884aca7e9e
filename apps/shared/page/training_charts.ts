/**
 * Live training charts (Chart.js) for an app page: loss and accuracy per step, smoothed, with
 * the per-epoch means as points. `reset` clears them for a new run.
 */
import { Chart, LineController, LineElement, PointElement, LinearScale, Legend, Tooltip, type ChartDataset } from 'chart.js';
import type { BatchPoint, EpochPoint } from '../protocol.js';

type Series = ChartDataset<'line', Array<{ x: number; y: number }>>;

const line = (label: string, color: string): Series => ({ label, data: [], borderColor: color, backgroundColor: color, borderWidth: 1.5, pointRadius: 0, tension: 0.2 });
const points = (label: string, color: string): Series => ({ label, data: [], borderColor: color, backgroundColor: color, showLine: false, pointRadius: 4 });

function makeChart(canvas: HTMLCanvasElement, yTitle: string, datasets: Series[], yMax?: number): Chart<'line', Array<{ x: number; y: number }>> {
  return new Chart<'line', Array<{ x: number; y: number }>>(canvas, {
    type: 'line',
    data: { datasets },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false, parsing: false,
      scales: {
        x: { type: 'linear', title: { display: true, text: 'epoch' }, min: 0 },
        y: { title: { display: true, text: yTitle }, min: 0, max: yMax },
      },
      plugins: { legend: { labels: { boxWidth: 12 } } },
    },
  });
}

/**
 * The loss chart and the accuracy chart of a training run.
 *
 * @example
 * const charts = new TrainingCharts(lossCanvas, accCanvas);
 * charts.addBatch({ epoch: 0, step: 0, stepsPerEpoch: 10, loss: 2.3, accuracy: 0.1, samplesPerSecond: 500 });
 */
export class TrainingCharts {
  private readonly loss: Chart<'line', Array<{ x: number; y: number }>>;
  private readonly acc: Chart<'line', Array<{ x: number; y: number }>>;
  private smoothLoss = NaN;
  private smoothAcc = NaN;
  private pendingDraw = false;

  constructor(lossCanvas: HTMLCanvasElement, accCanvas: HTMLCanvasElement) {
    Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);
    this.loss = makeChart(lossCanvas, 'loss', [line('train loss (smoothed)', '#4f6bed'), points('epoch mean', '#1b2a8a')]);
    this.acc = makeChart(accCanvas, 'accuracy', [line('train accuracy (smoothed)', '#16a34a'), points('epoch mean', '#0b5e2a')], 1);
  }

  reset(): void {
    for (const c of [this.loss, this.acc]) for (const d of c.data.datasets) d.data = [];
    this.smoothLoss = this.smoothAcc = NaN;
    this.draw();
  }

  addBatch(p: BatchPoint): void {
    const x = p.epoch + (p.step + 1) / p.stepsPerEpoch;
    const k = 0.1; // exponential smoothing, seeded by the first value
    this.smoothLoss = Number.isNaN(this.smoothLoss) ? p.loss : this.smoothLoss + k * (p.loss - this.smoothLoss);
    this.smoothAcc = Number.isNaN(this.smoothAcc) ? p.accuracy : this.smoothAcc + k * (p.accuracy - this.smoothAcc);
    this.loss.data.datasets[0].data.push({ x, y: this.smoothLoss });
    this.acc.data.datasets[0].data.push({ x, y: this.smoothAcc });
    this.scheduleDraw();
  }

  addEpoch(p: EpochPoint): void {
    this.loss.data.datasets[1].data.push({ x: p.epoch + 1, y: p.loss });
    this.acc.data.datasets[1].data.push({ x: p.epoch + 1, y: p.accuracy });
    this.scheduleDraw();
  }

  /** Redraws at most once per frame however fast batches arrive. */
  private scheduleDraw(): void {
    if (this.pendingDraw) return;
    this.pendingDraw = true;
    requestAnimationFrame(() => { this.pendingDraw = false; this.draw(); });
  }

  private draw(): void { this.loss.update('none'); this.acc.update('none'); }
}
