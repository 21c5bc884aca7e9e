/**
 * The training card of an app page and its charts (the markup of partials/train_buttons.html,
 * run_status.html and charts_card.html, and the form's #backend picker): fills the picker with
 * the backends the worker offers, reads the form, shows each batch in the progress bar, the
 * per-batch line and the charts, and enables or disables the buttons while the worker is busy.
 */
import type { BatchPoint, EpochPoint } from '../protocol.js';
import { byId } from './by_id.js';
import { TrainingCharts } from './training_charts.js';

/** Buttons that act on the model: usable once there is one and the worker is idle. */
const MODEL_BUTTONS = ['download', 'store'];

/**
 * The training card.
 *
 * @example
 * const panel = new TrainingPanel('images');
 * panel.onTrain(() => worker.send({ type: 'train', backend: panel.text('backend') as BackendName, epochs: panel.number('epochs') }));
 */
export class TrainingPanel {
  /** The worker is training or fine-tuning. */
  busy = false;
  /** The current run fine-tunes: its batches move the progress bar, not the training charts. */
  fineTuning = false;
  /** There is a model to save (the save buttons follow it). */
  hasModel = false;
  readonly form = byId<HTMLFormElement>('train-form');
  private readonly charts = new TrainingCharts(byId('loss-chart'), byId('acc-chart'));
  private readonly progress = byId<HTMLProgressElement>('progress');
  private epochs = 1;

  /** `unit`: what the per-batch line counts per second ("images"). */
  constructor(private readonly unit: string) {}

  /** The worker has started: the picker lists `backends`, Train and Fine-tune work. */
  ready(backends: readonly string[], text: string): void {
    byId<HTMLSelectElement>('backend').replaceChildren(...backends.map((b) => new Option(b, b)));
    byId<HTMLButtonElement>('train').disabled = false;
    byId<HTMLButtonElement>('finetune').disabled = false;
    this.status(text);
  }

  status(text: string): void { byId('status').textContent = text; }

  /** A form field's value. */
  text(name: string): string { return String(new FormData(this.form).get(name) ?? ''); }

  /** A form field's value as a number. */
  number(name: string): number { return Number(this.text(name)); }

  /** Calls `start` when the form is submitted (Train) and `stop` when Stop is pressed. */
  onTrain(start: () => void, stop: () => void): void {
    this.form.addEventListener('submit', (e) => { e.preventDefault(); start(); });
    byId('stop').addEventListener('click', stop);
  }

  /** A run of `epochs` epochs begins: busy, progress at 0, and new charts unless it fine-tunes. */
  start(epochs: number, fineTuning = false): void {
    this.epochs = epochs;
    if (!fineTuning) this.charts.reset();
    this.progress.value = 0;
    this.setBusy(true);
    this.fineTuning = fineTuning;
  }

  /** One batch: the progress bar, the per-batch line (its loss also in `#speed[data-loss]`) and, when training, the charts. */
  batch(p: BatchPoint): void {
    if (!this.fineTuning) this.charts.addBatch(p);
    this.progress.value = (p.epoch + (p.step + 1) / p.stepsPerEpoch) / this.epochs;
    const speed = byId('speed');
    speed.textContent = `${this.fineTuning ? 'fine-tuning · ' : ''}epoch ${p.epoch + 1}/${this.epochs} · step ${p.step + 1}/${p.stepsPerEpoch} · loss ${p.loss.toFixed(3)} · ${Math.round(p.samplesPerSecond)} ${this.unit}/s`;
    speed.dataset.loss = String(p.loss);
  }

  /** One epoch's means, on the charts when training. */
  epoch(p: EpochPoint): void { if (!this.fineTuning) this.charts.addEpoch(p); }

  /** Busy: Train and Fine-tune off, Stop on, and the save buttons off; idle: the reverse (save buttons when there is a model). */
  setBusy(busy: boolean): void {
    this.busy = busy;
    if (!busy) this.fineTuning = false;
    byId<HTMLButtonElement>('train').disabled = busy;
    byId<HTMLButtonElement>('stop').disabled = !busy;
    for (const id of MODEL_BUTTONS) byId<HTMLButtonElement>(id).disabled = busy || !this.hasModel;
    byId<HTMLButtonElement>('finetune').disabled = busy;
  }
}
