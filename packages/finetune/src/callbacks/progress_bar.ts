/**
 * ProgressBar: training progress in a terminal. On a TTY, a live line per epoch (steps, a
 * bar, running loss and metrics, samples/s, ETA) rewritten in place; everywhere, one summary
 * line per epoch with its seconds, loss, metrics, validation values and lr.
 */
import type { Trainer } from '../trainer/trainer.js';
import type { BatchEndEvent, Callback, EpochEndEvent } from '../trainer/types.js';

/** Where progress goes: `process.stdout`, or anything with `write`. */
export interface ProgressStream { write(chunk: string): unknown; isTTY?: boolean; columns?: number }

export interface ProgressBarOptions {
  /** Default: `process.stdout` in Node, else lines to `console.log`. */
  stream?: ProgressStream;
  /** Rewrite a live line after each step (default: when the stream is a TTY). */
  live?: boolean;
  /** Minimum milliseconds between live updates (default 100). */
  updateEveryMs?: number;
  /** Width of the bar in characters (default 24). */
  barWidth?: number;
}

/** A number in 4 significant places, as progress lines show it. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3) : v.toFixed(4);
}

/** Seconds as "42s", "3m05s" or "1h02m". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

const cap = (k: string): string => k.charAt(0).toUpperCase() + k.slice(1);

function defaultStream(): ProgressStream {
  const proc = (globalThis as { process?: { stdout?: ProgressStream } }).process;
  if (proc?.stdout && typeof proc.stdout.write === 'function') return proc.stdout;
  let buffer = '';
  return {
    write(chunk: string): void {
      buffer += chunk.replace(/\r[^\n]*/g, '');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) console.log(line);
    },
  };
}

export class ProgressBar implements Callback {
  private readonly stream: ProgressStream;
  private readonly live: boolean;
  private readonly updateEveryMs: number;
  private readonly barWidth: number;
  private epochLabel = '';
  private lastUpdate = -Infinity;
  private sums: Record<string, number> = {};
  private samples = 0;
  private startedAt = 0;
  private steps = 0;
  private hasLiveLine = false;
  /** A step was not drawn (throttled) since the last drawn line. */
  private behind = false;

  /**
   * @example
   * const trainer = new Trainer({ model, optimizer, loss, callbacks: [new ProgressBar()] });
   * // Epoch 1/5 · 50/50 · 3.2s · loss 0.4120 accuracy 0.8812 valLoss 0.3011 valAccuracy 0.9100 · 1562 samples/s · lr 0.001
   */
  constructor(options: ProgressBarOptions = {}) {
    this.stream = options.stream ?? defaultStream();
    this.live = options.live ?? this.stream.isTTY === true;
    this.updateEveryMs = options.updateEveryMs ?? 100;
    this.barWidth = options.barWidth ?? 24;
  }

  onEpochBegin(epoch: number, trainer: Trainer): void {
    const total = trainer.fitRange?.epochs;
    this.epochLabel = `Epoch ${epoch + 1}${total !== undefined ? `/${total}` : ''}`;
    this.sums = {};
    this.samples = 0;
    this.steps = 0;
    this.startedAt = Date.now();
    this.lastUpdate = -Infinity;
  }

  onBatchEnd(e: BatchEndEvent): void {
    this.steps = e.step + 1;
    this.samples += e.batchSize;
    for (const [k, v] of Object.entries({ loss: e.loss, ...e.metrics })) this.sums[k] = (this.sums[k] ?? 0) + v * e.batchSize;
    if (!this.live) return;
    const t = Date.now();
    const last = e.stepsPerEpoch !== undefined && this.steps >= e.stepsPerEpoch;
    // The events of one log read arrive together: draw the last of them if the throttle skipped some.
    const catchUp = this.behind && e.lastOfRead === true;
    if (!last && !catchUp && t - this.lastUpdate < this.updateEveryMs) { this.behind = true; return; }
    this.behind = false;
    this.lastUpdate = t;
    const elapsed = (t - this.startedAt) / 1000;
    const parts = [this.epochLabel];
    if (e.stepsPerEpoch) {
      const done = Math.min(1, this.steps / e.stepsPerEpoch);
      const fill = Math.round(done * this.barWidth);
      parts.push(`${this.steps}/${e.stepsPerEpoch} [${'='.repeat(Math.max(0, fill - 1))}${fill > 0 ? (done >= 1 ? '=' : '>') : ''}${'.'.repeat(this.barWidth - fill)}]`);
    } else {
      parts.push(`step ${this.steps}`);
    }
    parts.push(Object.entries(this.sums).map(([k, s]) => `${k} ${formatNumber(s / this.samples)}`).join(' '));
    parts.push(`${Math.round(e.samplesPerSecond)} samples/s`);
    if (e.stepsPerEpoch) parts.push(`ETA ${formatDuration((elapsed / this.steps) * (e.stepsPerEpoch - this.steps))}`);
    let line = parts.join(' · ');
    if (this.stream.columns && line.length > this.stream.columns - 1) line = line.slice(0, this.stream.columns - 1);
    this.stream.write(`\r${line}\x1b[K`);
    this.hasLiveLine = true;
  }

  onEpochEnd(e: EpochEndEvent): void {
    const values = [`loss ${formatNumber(e.loss)}`, ...Object.entries(e.metrics).map(([k, v]) => `${k} ${formatNumber(v)}`)];
    if (e.valLoss !== undefined) values.push(`valLoss ${formatNumber(e.valLoss)}`);
    for (const [k, v] of Object.entries(e.valMetrics ?? {})) values.push(`val${cap(k)} ${formatNumber(v)}`);
    const line = [this.epochLabel || `Epoch ${e.epoch + 1}`, `${this.steps} steps`, `${e.seconds.toFixed(1)}s`, values.join(' '),
      `${Math.round(e.samplesPerSecond)} samples/s`, `lr ${formatNumber(e.lr)}`].join(' · ');
    this.stream.write(`${this.hasLiveLine ? '\r\x1b[K' : ''}${line}\n`);
    this.hasLiveLine = false;
  }

  onTrainEnd(): void {
    if (this.hasLiveLine) this.stream.write('\n');
    this.hasLiveLine = false;
  }
}
