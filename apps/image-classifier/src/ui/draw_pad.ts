/**
 * A canvas to draw a digit on with the mouse, pen or finger (white ink on black, like
 * MNIST). After each stroke it hands the MNIST-style 28×28 pixels to `onDigit`.
 */
import { toMnistPixels } from '../preprocess.js';

export class DrawPad {
  private readonly ctx: CanvasRenderingContext2D;
  private last: { x: number; y: number } | null = null;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly onDigit: (pixels: Float32Array | null) => void) {
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2D canvas context');
    this.ctx = ctx;
    this.clear();
    canvas.addEventListener('pointerdown', (e) => { canvas.setPointerCapture(e.pointerId); this.last = this.pos(e); this.stroke(this.last); });
    canvas.addEventListener('pointermove', (e) => { if (this.last) this.stroke(this.pos(e)); });
    const end = (): void => { if (this.last) { this.last = null; this.onDigit(this.pixels()); } };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
  }

  clear(): void {
    this.ctx.fillStyle = '#000';
    this.ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    this.onDigit(null);
  }

  /** The drawing as MNIST pixels, or null when the pad is empty. */
  pixels(): Float32Array | null {
    const { width, height } = this.canvas;
    const rgba = this.ctx.getImageData(0, 0, width, height).data;
    const ink = new Float32Array(width * height);
    for (let i = 0; i < ink.length; i++) ink[i] = rgba[i * 4] / 255;
    return toMnistPixels(ink, width, height);
  }

  private pos(e: PointerEvent): { x: number; y: number } {
    const r = this.canvas.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * this.canvas.width, y: ((e.clientY - r.top) / r.height) * this.canvas.height };
  }

  private stroke(to: { x: number; y: number }): void {
    const from = this.last ?? to;
    const c = this.ctx;
    c.strokeStyle = '#fff';
    c.lineWidth = this.canvas.width / 14;
    c.lineCap = 'round';
    c.lineJoin = 'round';
    c.beginPath();
    c.moveTo(from.x, from.y);
    c.lineTo(to.x + 0.01, to.y);
    c.stroke();
    this.last = to;
  }
}
