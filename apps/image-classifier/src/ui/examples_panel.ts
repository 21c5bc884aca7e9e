/**
 * The user's own examples: ten digit tiles (pick the label; each shows how many drawings it
 * holds and the latest one), "Add example" (stores the pad's MNIST-style 28×28 pixels with
 * the picked digit) and "Clear examples". Examples live in the page's memory; the worker
 * gets a copy when fine-tuning.
 */
import type { UserExample } from '../finetune_examples.js';

export class ExamplesPanel {
  private readonly list: UserExample[] = [];
  private readonly tiles: Array<{ tile: HTMLButtonElement; count: HTMLElement; thumb: HTMLCanvasElement }> = [];
  private picked = 0;

  /**
   * @param gallery   where the ten tiles go
   * @param onChange  called after every add or clear (to update messages and buttons)
   */
  constructor(gallery: HTMLElement, private readonly onChange: (message: string) => void) {
    for (let d = 0; d < 10; d++) {
      const tile = document.createElement('button');
      tile.type = 'button';
      tile.className = 'tile';
      tile.dataset.digit = String(d);
      tile.title = `Label new examples as ${d}`;
      tile.innerHTML = `<span class="tile-digit">${d}</span><canvas width="28" height="28"></canvas><span class="tile-count">0</span>`;
      tile.addEventListener('click', () => this.pick(d));
      gallery.append(tile);
      this.tiles.push({ tile, count: tile.querySelector('.tile-count') as HTMLElement, thumb: tile.querySelector('canvas') as HTMLCanvasElement });
    }
    this.pick(0);
  }

  /** The picked digit (the label of the next example). */
  get label(): number { return this.picked; }
  get size(): number { return this.list.length; }
  /** Copies of the examples, for the worker. */
  examples(): UserExample[] { return this.list.map((e) => ({ pixels: e.pixels.slice(), label: e.label })); }

  pick(digit: number): void {
    this.picked = digit;
    this.tiles.forEach(({ tile }, d) => tile.setAttribute('aria-pressed', String(d === digit)));
  }

  /** Stores `pixels` (null: the pad is empty) as an example of the picked digit. */
  add(pixels: Float32Array | null): void {
    if (!pixels) { this.onChange('Draw a digit on the pad first.'); return; }
    const label = this.picked;
    this.list.push({ pixels: pixels.slice(), label });
    const { count, thumb } = this.tiles[label];
    count.textContent = String(this.list.filter((e) => e.label === label).length);
    drawThumb(thumb, pixels);
    this.tiles[label].tile.classList.add('has');
    this.onChange(`Added a ${label}: ${this.summary()}.`);
  }

  clear(): void {
    this.list.length = 0;
    for (const { tile, count, thumb } of this.tiles) {
      count.textContent = '0';
      tile.classList.remove('has');
      thumb.getContext('2d')?.clearRect(0, 0, 28, 28);
    }
    this.onChange('No examples yet.');
  }

  /** "7 examples of 3 digits". */
  summary(): string {
    const n = this.list.length;
    const digits = new Set(this.list.map((e) => e.label)).size;
    return `${n} example${n === 1 ? '' : 's'} of ${digits} digit${digits === 1 ? '' : 's'}`;
  }
}

function drawThumb(canvas: HTMLCanvasElement, pixels: Float32Array): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(28, 28);
  pixels.forEach((v, i) => {
    const g = Math.round(255 * v);
    img.data.set([g, g, g, 255], i * 4);
  });
  ctx.putImageData(img, 0, 0);
}
