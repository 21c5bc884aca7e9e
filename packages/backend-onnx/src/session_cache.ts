/**
 * The compiled-graph cache: one onnxruntime session per graph structure (its key), least
 * recently used first out. An evicted or cleared session is released once any run still using
 * it has finished.
 */
import type { OrtSessionLike } from './ort_types.js';

export class SessionCache {
  private readonly sessions = new Map<string, Promise<OrtSessionLike>>();
  /** Graphs compiled since the backend was made (cache misses). */
  compiled = 0;
  /** Graphs run with a cached session (cache hits). */
  hits = 0;

  constructor(private readonly capacity: number) {}

  /** The number of sessions held. */
  get size(): number { return this.sessions.size; }

  /** The session for `key`, compiling it with `create` on a miss. */
  get(key: string, create: () => Promise<OrtSessionLike>): Promise<OrtSessionLike> {
    const found = this.sessions.get(key);
    if (found) {
      this.hits++;
      this.sessions.delete(key);
      this.sessions.set(key, found);
      return found;
    }
    this.compiled++;
    const made = create();
    // A failed compilation is not cached.
    made.catch(() => { if (this.sessions.get(key) === made) this.sessions.delete(key); });
    this.sessions.set(key, made);
    while (this.sessions.size > this.capacity) {
      const oldest = this.sessions.keys().next().value as string;
      const s = this.sessions.get(oldest) as Promise<OrtSessionLike>;
      this.sessions.delete(oldest);
      release(s);
    }
    return made;
  }

  /** Releases the session for `key`, if held (its graph will not run again). */
  drop(key: string): void {
    const s = this.sessions.get(key);
    if (!s) return;
    this.sessions.delete(key);
    release(s);
  }

  /** Releases every session. */
  clear(): void {
    for (const s of this.sessions.values()) release(s);
    this.sessions.clear();
  }
}

function release(s: Promise<OrtSessionLike>): void {
  // Runs are serialised by the backend's queue, so releasing after the current turn is safe.
  s.then((session) => session.release()).catch(() => {});
}
