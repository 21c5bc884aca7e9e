/**
 * A worker pool over the kernels' shared WebAssembly memory (worker_threads in Node, Web
 * Workers in browsers). It starts lazily and asynchronously: until every worker has
 * instantiated the module, gemms run on the calling thread, which gives bitwise the same
 * result, since a gemm is split over rows (or, for few rows, columns) of C and never over the
 * depth. Dispatch is synchronous: the caller writes the job into a shared control block, wakes
 * the workers, does its own share and waits (Atomics.wait, or spinning on a browser's main
 * thread). Node workers are unref'd, so the pool never keeps a process alive.
 */
import type { GemmCall } from './wasm_gemm.js';
import type { WasmRuntime } from './wasm_runtime.js';

/** Control block (Int32): [0] job sequence (−1 = stop), [1] workers done, [4..13] the gemm, [16 + 4w..] worker w's range. */
const SEQ = 0;
const DONE = 1;
const ARGS = 4;
const RANGES = 16;
/** Set by a worker whose gemm threw (the job is then redone on the calling thread). */
const FAILED = 2;
/** Register tile of assembly/gemm.ts: row splits are multiples of MR, column splits of NR. */
const MR = 6;
const NR = 8;
/** Below this many multiply-adds a gemm runs on the calling thread (dispatch costs ~10 µs). */
const MIN_WORK = 1 << 16;

/** The worker's source: a plain script, so it needs no file of its own (bundlers, blobs). */
const WORKER_SOURCE = `
const start = (m) => {
  const inst = new WebAssembly.Instance(m.module, { env: { memory: m.memory, abort() { throw new Error('WebAssembly kernel aborted'); } } });
  const gemm = inst.exports.gemm;
  const c = new Int32Array(m.ctrl);
  const o = ${RANGES} + 4 * m.id;
  let seq = 0;
  post('ready');
  for (;;) {
    Atomics.wait(c, ${SEQ}, seq);
    seq = Atomics.load(c, ${SEQ});
    if (seq < 0) return;
    const r0 = c[o], r1 = c[o + 1], j0 = c[o + 2], j1 = c[o + 3];
    try {
      if (r1 > r0 && j1 > j0) {
        gemm(r0, r1, j1 - j0, c[${ARGS}], c[${ARGS + 1}], c[${ARGS + 2}], c[${ARGS + 3}],
          c[${ARGS + 4}] + j0 * c[${ARGS + 6}] * 4, c[${ARGS + 5}], c[${ARGS + 6}], c[${ARGS + 7}] + j0 * 4, c[${ARGS + 8}], c[${ARGS + 9}], m.scratch);
      }
    } catch (e) {
      Atomics.store(c, ${FAILED}, 1);
    }
    Atomics.add(c, ${DONE}, 1);
    Atomics.notify(c, ${DONE});
  }
};
let post;
if (typeof require === 'function') {
  const { parentPort } = require('node:worker_threads');
  post = (x) => parentPort.postMessage(x);
  parentPort.once('message', start);
} else {
  post = (x) => self.postMessage(x);
  self.onmessage = (e) => start(e.data);
}
`;

interface AnyWorker { terminate(): unknown; postMessage(m: unknown): void }

/** The pool: `size` threads in all, the calling one included. */
export class WasmPool {
  /** True once every worker is running. */
  ready = false;
  /** Why the pool did not start, if it did not. */
  failure: string | null = null;
  private started: Promise<void> | null = null;
  private readonly ctrl: Int32Array;
  private readonly workers: AnyWorker[] = [];
  private readonly scratch: number[];
  /** Gemms split over the pool so far. */
  jobs = 0;
  private seq = 0;
  private readonly canWait: boolean;

  constructor(private readonly rt: WasmRuntime, readonly size: number) {
    this.ctrl = new Int32Array(new SharedArrayBuffer((RANGES + 4 * size) * 4));
    const bytes = rt.exports.gemmScratchBytes();
    // Scratch for each thread, below everything a kernel allocates (the stack starts above it).
    // (Made before any kernel runs, so the stack never releases it.)
    this.scratch = Array.from({ length: size }, () => rt.alloc(bytes));
    this.canWait = atomicsWaitAllowed(this.ctrl);
  }

  /** Starts the workers (once); resolves when they run, or when starting failed (see `failure`). */
  whenReady(): Promise<void> {
    this.started ??= this.start().catch((e: unknown) => {
      this.failure = String(e instanceof Error ? e.message : e);
      this.destroy();
    });
    return this.started;
  }

  private async start(): Promise<void> {
    const n = this.size - 1;
    let readyCount = 0;
    await new Promise<void>((resolve, reject) => {
      const onReady = (): void => {
        if (++readyCount === n) resolve();
      };
      void spawnWorkers(n, onReady, reject).then((ws) => {
        this.workers.push(...ws);
        ws.forEach((w, i) => w.postMessage({ module: this.rt.module, memory: this.rt.memory, ctrl: this.ctrl.buffer, id: i + 1, scratch: this.scratch[i + 1] }));
      }, reject);
    });
    this.ready = true;
  }

  /** Runs one gemm over the pool (or on this thread while it starts / for small ones). */
  gemm(g: GemmCall): void {
    const e = this.rt.exports;
    const work = g.rows * g.n * g.k;
    const t = this.size;
    const byRows = g.rows >= 2 * MR * t || g.rows >= g.n;
    const units = byRows ? Math.ceil(g.rows / MR) : Math.ceil(g.n / NR);
    if (!this.ready) void this.whenReady();
    if (!this.ready || work < MIN_WORK || units < 2) {
      e.gemm(0, g.rows, g.n, g.k, g.a, g.rsa, g.csa, g.b, g.rsb, g.csb, g.c, g.ldc, g.beta, this.scratch[0]);
      return;
    }
    this.jobs++;
    const c = this.ctrl;
    c[ARGS] = g.k; c[ARGS + 1] = g.a; c[ARGS + 2] = g.rsa; c[ARGS + 3] = g.csa; c[ARGS + 4] = g.b;
    c[ARGS + 5] = g.rsb; c[ARGS + 6] = g.csb; c[ARGS + 7] = g.c; c[ARGS + 8] = g.ldc; c[ARGS + 9] = g.beta;
    const ranges: number[][] = [];
    for (let w = 0; w < t; w++) {
      const u0 = Math.floor((units * w) / t);
      const u1 = Math.floor((units * (w + 1)) / t);
      ranges.push(byRows
        ? [Math.min(g.rows, u0 * MR), Math.min(g.rows, u1 * MR), 0, g.n]
        : [0, g.rows, Math.min(g.n, u0 * NR), Math.min(g.n, u1 * NR)]);
    }
    for (let w = 1; w < t; w++) c.set(ranges[w], RANGES + 4 * w);
    Atomics.store(c, DONE, 0);
    this.seq = (this.seq + 1) & 0x3fffffff;
    Atomics.store(c, SEQ, this.seq);
    Atomics.notify(c, SEQ);
    const [r0, r1, j0, j1] = ranges[0];
    if (r1 > r0 && j1 > j0) e.gemm(r0, r1, j1 - j0, g.k, g.a, g.rsa, g.csa, g.b + j0 * g.csb * 4, g.rsb, g.csb, g.c + j0 * 4, g.ldc, g.beta, this.scratch[0]);
    const want = t - 1;
    for (;;) {
      const done = Atomics.load(c, DONE);
      if (done >= want) break;
      if (this.canWait) Atomics.wait(c, DONE, done, 1000);
    }
    if (Atomics.load(c, FAILED) !== 0) {
      // A worker's gemm threw (it should not): stop using the pool and redo the gemm here;
      // with beta = 1 the rows a worker had already added to cannot be undone, so say so.
      Atomics.store(c, FAILED, 0);
      this.failure = 'a worker\'s gemm failed';
      this.destroy();
      if (g.beta !== 0) throw new Error('wasm pool: a worker failed during an accumulating gemm');
      e.gemm(0, g.rows, g.n, g.k, g.a, g.rsa, g.csa, g.b, g.rsb, g.csb, g.c, g.ldc, g.beta, this.scratch[0]);
    }
  }

  /** Stops the workers. */
  destroy(): void {
    Atomics.store(this.ctrl, SEQ, -1);
    Atomics.notify(this.ctrl, SEQ);
    for (const w of this.workers) void w.terminate();
    this.workers.length = 0;
    this.ready = false;
  }
}

/** Atomics.wait throws on a browser's main thread; everywhere else it is allowed. */
function atomicsWaitAllowed(c: Int32Array): boolean {
  try {
    Atomics.wait(c, DONE, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/** The number of cores: Node's os.availableParallelism, else navigator.hardwareConcurrency. */
export async function coreCount(): Promise<number> {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  if (isNode()) {
    const os = (await import(/* @vite-ignore */ nodeModule('os'))) as { availableParallelism?: () => number; cpus: () => unknown[] };
    return os.availableParallelism ? os.availableParallelism() : os.cpus().length;
  }
  return nav?.hardwareConcurrency ?? 1;
}

/** `node:<name>`, built at run time so that browser bundlers leave the import alone. */
function nodeModule(name: string): string {
  return ['node', name].join(':');
}

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

async function spawnWorkers(n: number, onReady: () => void, onError: (e: unknown) => void): Promise<AnyWorker[]> {
  if (isNode()) {
    const wt = (await import(/* @vite-ignore */ nodeModule('worker_threads'))) as {
      Worker: new (src: string, o: { eval: boolean }) => AnyWorker & {
        unref(): void; once(ev: string, f: (x: unknown) => void): void; off(ev: string, f: (x: unknown) => void): void;
      };
    };
    return Array.from({ length: n }, () => {
      const w = new wt.Worker(WORKER_SOURCE, { eval: true });
      // Ref'd while it starts (so that `await ready()` can finish); once it runs, no listener is
      // left and it is unref'd, so it never keeps the process alive.
      const fail = (e: unknown): void => onError(e);
      w.once('message', () => {
        w.off('error', fail);
        w.unref();
        onReady();
      });
      w.once('error', fail);
      return w;
    });
  }
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  return Array.from({ length: n }, () => {
    const w = new Worker(url);
    w.onmessage = onReady;
    w.onerror = (e) => onError(e.message);
    return w;
  });
}
