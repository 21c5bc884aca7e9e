/**
 * The training card of an app page and its charts (the markup of partials/train_card_end.html
 * and finetune_controls.html, and the form's #backend picker): fills the picker with
 * the backends the worker offers, reads the form, shows each batch in the progress bar, the
 * per-batch line and the charts, and enables or disables the buttons while the worker is busy.
 */
import type { BatchPoint, CommonFromWorker, EpochPoint } from '../protocol.js';
import { byId } from './by_id.js';
import { TrainingCharts } from './training_charts.js';

/** The worker's messages the panel shows itself. */
export type PanelMessage = Extract<CommonFromWorker, { type: 'status' | 'batch' | 'epoch' | 'error' }>;

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

  /**
   * Starts a fine-tuning run of `epochs` epochs when there is a model and `examples` > 0 (and
   * clears `#finetune-result`); otherwise `#examples-status` says what is missing (`howToAdd`:
   * how the user adds an example) and it returns false.
   *
   * @example
   * if (panel.beginFineTune(examples.length, 'type a message and press one of the Add buttons', 3)) worker.send(request);
   */
  beginFineTune(examples: number, howToAdd: string, epochs: number): boolean {
    const say = (text: string): void => { byId('examples-status').textContent = text; };
    if (!this.hasModel) { say('Train or load a model first, then fine-tune it on your examples.'); return false; }
    if (examples === 0) { say(`Add a few examples first: ${howToAdd}.`); return false; }
    const result = byId('finetune-result');
    result.textContent = '';
    delete result.dataset.done;
    this.start(epochs, true);
    return true;
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

  /**
   * Shows the worker's status lines, progress and errors; false for any other message.
   *
   * @example
   * function onMessage(msg: FromWorker): void { if (!panel.handles(msg)) appMessage(msg); }
   */
  handles(msg: { type: string }): msg is PanelMessage {
    const m = msg as PanelMessage;
    switch (m.type) {
      case 'status': this.status(m.text); return true;
      case 'batch': this.batch(m.point); return true;
      case 'epoch': this.epoch(m.point); return true;
      case 'error': this.fail(m.message); return true;
      default: return false;
    }
  }

  /** A request failed: the status line says why (and the examples' line, when fine-tuning), and the page is idle again. */
  fail(message: string): void {
    this.status(`Error: ${message}`);
    if (this.fineTuning) byId('examples-status').textContent = `Fine-tuning failed: ${message}`;
    this.setBusy(false);
  }

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
