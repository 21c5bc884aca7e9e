/**
 * The page's drawings: the waveform and the live log-mel spectrogram of the last second, a
 * confusion matrix and an epoch chart (Chart.js). The softmax bars are apps/shared/page/prob_bars.ts.
 */
import { Chart, LineController, LineElement, PointElement, LinearScale, Legend, Tooltip } from 'chart.js';
import { resample } from '@tensorloom/data';
import { SAMPLE_RATE } from '../clips.js';
import { clipFeatures, FRAMES, N_MELS } from '../features.js';
import type { EpochPoint } from '../protocol.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

/**
 * Waveform (top) and log-mel spectrogram (bottom) of the most recent second of microphone
 * audio, redrawn every 100 ms (the second is resampled to 16 kHz first, as the model sees it).
 */
export class LiveView {
  private ring: Float32Array;
  private at = 0;
  private lastDraw = 0;

  constructor(private readonly wave: HTMLCanvasElement, private readonly spec: HTMLCanvasElement, private readonly rate: number) {
    this.ring = new Float32Array(Math.round(rate));
  }

  /** Appends samples at the microphone's rate; redraws at most every 100 ms. */
  push(samples: Float32Array): void {
    for (const v of samples) { this.ring[this.at] = v; this.at = (this.at + 1) % this.ring.length; }
    const now = performance.now();
    if (now - this.lastDraw > 100) { this.lastDraw = now; this.draw(resample(this.lastSecond(), Math.round(this.rate), SAMPLE_RATE)); }
  }

  private lastSecond(): Float32Array {
    return Float32Array.from({ length: this.ring.length }, (_, i) => this.ring[(this.at + i) % this.ring.length]!);
  }

  /** Draws a one-second, 16 kHz clip. */
  draw(clip: Float32Array): void {
    const w = this.wave.getContext('2d')!;
    const { width, height } = this.wave;
    w.clearRect(0, 0, width, height);
    w.strokeStyle = '#4f6bed';
    w.beginPath();
    for (let x = 0; x < width; x++) {
      const i = Math.floor((x * clip.length) / width);
      const y = height / 2 - clip[i]! * height * 0.45;
      if (x === 0) w.moveTo(x, y); else w.lineTo(x, y);
    }
    w.stroke();
    const s = this.spec.getContext('2d')!;
    const img = s.createImageData(FRAMES, N_MELS);
    const f = clipFeatures(clip);
    for (let m = 0; m < N_MELS; m++) {
      for (let t = 0; t < FRAMES; t++) {
        const v = Math.max(0, Math.min(1, (f[m * FRAMES + t]! + 2) / 4));
        const o = ((N_MELS - 1 - m) * FRAMES + t) * 4;
        img.data[o] = 255 * v; img.data[o + 1] = 200 * v * v; img.data[o + 2] = 80 + 100 * (1 - v); img.data[o + 3] = 255;
      }
    }
    const tmp = new OffscreenCanvas(FRAMES, N_MELS);
    tmp.getContext('2d')!.putImageData(img, 0, 0);
    s.imageSmoothingEnabled = false;
    s.drawImage(tmp, 0, 0, this.spec.width, this.spec.height);
  }
}

/** A confusion matrix as an HTML table (rows: true class, columns: predicted). */
export function renderConfusion(table: HTMLTableElement, matrix: number[][], labels: readonly string[]): void {
  const short = labels.map((l) => l.replace(/^_(.*)_$/, '$1'));
  const max = Math.max(1, ...matrix.flat());
  table.innerHTML = `<tr><th>true \\ pred</th>${short.map((l) => `<th>${l}</th>`).join('')}</tr>` +
    matrix.map((row, i) => `<tr><th>${short[i]}</th>${row.map((v, j) => `<td style="background:rgba(${i === j ? '22,163,74' : '220,38,38'},${(v / max).toFixed(2)})">${v}</td>`).join('')}</tr>`).join('');
}

/** Loss and accuracy per epoch. */
export class EpochChart {
  private readonly chart: Chart<'line', Array<{ x: number; y: number }>>;

  constructor(canvas: HTMLCanvasElement) {
    this.chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: [
        { label: 'train loss', data: [], borderColor: '#4f6bed', backgroundColor: '#4f6bed', yAxisID: 'loss' },
        { label: 'train accuracy', data: [], borderColor: '#16a34a', backgroundColor: '#16a34a', yAxisID: 'acc' },
      ] },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: false,
        scales: {
          x: { type: 'linear', title: { display: true, text: 'epoch' }, min: 0 },
          loss: { type: 'linear', position: 'left', min: 0, title: { display: true, text: 'loss' } },
          acc: { type: 'linear', position: 'right', min: 0, max: 1, title: { display: true, text: 'accuracy' } },
        },
      },
    });
  }

  reset(): void { for (const d of this.chart.data.datasets) d.data = []; this.chart.update(); }

  add(p: EpochPoint): void {
    this.chart.data.datasets[0]!.data.push({ x: p.epoch + 1, y: p.loss });
    this.chart.data.datasets[1]!.data.push({ x: p.epoch + 1, y: p.accuracy });
    this.chart.update();
  }
}
