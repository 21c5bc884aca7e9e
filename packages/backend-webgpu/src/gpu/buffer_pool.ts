/**
 * BufferPool: reuses storage buffers by size class. A request is rounded up to its class
 * (powers of two from 256 bytes, then steps of a quarter of the power of two above 1 MiB),
 * released buffers wait in a free list per class, and the free bytes are bounded: past
 * `maxFreeBytes` the oldest free buffers are destroyed (`trim`).
 */
import { BufferUsage, type GpuBufferLike, type GpuDeviceLike } from './types.js';

/** Usage of every pooled storage buffer: bound as storage, copied to and from. */
export const STORAGE_USAGE = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST;

const MIN_CLASS = 256;
const MIB = 1 << 20;

/**
 * The size class of a request in bytes (what the pool allocates for it).
 *
 * @example
 * sizeClass(1000); // 1024
 */
export function sizeClass(bytes: number): number {
  const b = Math.max(MIN_CLASS, bytes);
  if (b <= MIB) return 2 ** Math.ceil(Math.log2(b));
  const step = 2 ** (Math.ceil(Math.log2(b)) - 3);
  return Math.ceil(b / step) * step;
}

/** Counts the pool reports through the backend's `info()`. */
export interface PoolStats {
  /** Bytes of buffers handed out and not released. */
  liveBytes: number;
  /** Buffers handed out and not released. */
  liveBuffers: number;
  /** Bytes of free buffers kept for reuse. */
  freeBytes: number;
  /** Free buffers kept for reuse. */
  freeBuffers: number;
  /** Buffers the pool created so far (a reuse creates none). */
  created: number;
  /** Requests served from a free list. */
  reused: number;
}

/**
 * The pool itself (one per backend, `backend.runtime.pool`).
 *
 * @example
 * const pool = backend.runtime.pool;
 * pool.trim(0);                      // destroy every free buffer now
 * console.log(pool.snapshot());      // { liveBytes, freeBytes, created, reused, ... }
 */
export class BufferPool {
  private readonly free = new Map<number, GpuBufferLike[]>();
  /** Free buffers oldest first, for trimming. */
  private readonly order: GpuBufferLike[] = [];
  private readonly stats: PoolStats = { liveBytes: 0, liveBuffers: 0, freeBytes: 0, freeBuffers: 0, created: 0, reused: 0 };

  constructor(private readonly device: GpuDeviceLike, readonly maxFreeBytes: number) {}

  /** A storage buffer of at least `bytes` bytes (its contents are whatever was there). */
  acquire(bytes: number): GpuBufferLike {
    const size = sizeClass(bytes);
    const list = this.free.get(size);
    let buffer = list?.pop();
    if (buffer) {
      this.order.splice(this.order.indexOf(buffer), 1);
      this.stats.freeBytes -= size;
      this.stats.freeBuffers--;
      this.stats.reused++;
    } else {
      buffer = this.device.createBuffer({ size, usage: STORAGE_USAGE });
      this.stats.created++;
    }
    this.stats.liveBytes += size;
    this.stats.liveBuffers++;
    return buffer;
  }

  /** Gives a buffer back for reuse (commands already queued on it still run first: one queue). */
  release(buffer: GpuBufferLike): void {
    const size = buffer.size;
    this.stats.liveBytes -= size;
    this.stats.liveBuffers--;
    let list = this.free.get(size);
    if (!list) this.free.set(size, (list = []));
    list.push(buffer);
    this.order.push(buffer);
    this.stats.freeBytes += size;
    this.stats.freeBuffers++;
    if (this.stats.freeBytes > this.maxFreeBytes) this.trim(this.maxFreeBytes);
  }

  /** Destroys the oldest free buffers until at most `keepBytes` free bytes remain (0: all). */
  trim(keepBytes = 0): void {
    while (this.stats.freeBytes > keepBytes && this.order.length > 0) {
      const b = this.order.shift()!;
      const list = this.free.get(b.size)!;
      list.splice(list.indexOf(b), 1);
      this.stats.freeBytes -= b.size;
      this.stats.freeBuffers--;
      b.destroy();
    }
  }

  /** A snapshot of the counts. */
  snapshot(): PoolStats {
    return { ...this.stats };
  }

  /** Destroys every free buffer (live ones belong to tensors; the device's destruction frees them). */
  destroy(): void {
    this.trim(0);
  }
}
