/**
 * A worker pool over the kernels' shared WebAssembly memory (worker_threads in Node, Web
 * Workers in browsers), running the tasks of assembly/tasks.ts. A task's units are cut into
 * chunks; the calling thread publishes the task in a shared control block, wakes the
 * workers and takes chunks itself, and every thread takes the next chunk with one atomic
 * compare-exchange until none is left, so a worker that wakes late (or gets less of a busy
 * CPU) takes fewer chunks instead of holding the others up. A chunk's result does not depend
 * on who runs it, so results are bitwise the same at any thread count.
 *
 * Workers announce themselves in the control block, not only by message: in Node they are
 * spawned synchronously (process.getBuiltinModule), so a program that computes without ever
 * returning to its event loop still gets them (before, `ready` waited for a message that such
 * a program never read, and every gemm ran on one thread). Workers spin briefly before
 * sleeping in Atomics.wait, so back-to-back tasks do not pay a wake-up each. Node workers are
 * unref'd, so the pool never keeps a process alive.
 */
import { TensorloomError } from '@tensorloom/core';
import type { TaskRunner } from './wasm_gemm.js';
import type { WasmRuntime } from './wasm_runtime.js';

/**
 * Control block (Int32): [0] task sequence (−1 = stop), [1] chunks done, [2] a worker's task
 * threw, [3] workers running, [4] the claim word (bits 0–11 next chunk, 12–23 chunk count,
 * 24–30 sequence), [5] units, [6] units per chunk.
 */
const SEQ = 0;
const DONE = 1;
const FAILED = 2;
const UP = 3;
const CLAIM = 4;
const UNITS = 5;
const CHUNK = 6;
const CTRL_INTS = 8;
/** Most chunks per task (the claim word's 12 bits). */
const MAX_CHUNKS = 4095;
/** Int32 words of a task's arguments. */
const ARGS_INTS = 64;
/** Below this many multiply-adds a task runs on the calling thread. */
const MIN_WORK = 1 << 16;
/** Loads of the sequence word a worker spins through before it sleeps (some tens of µs). */
const SPIN = 20000;

/** The worker's source: a plain script, so it needs no file of its own (bundlers, blobs). */
const WORKER_SOURCE = `
const start = (m) => {
  const inst = new WebAssembly.Instance(m.module, { env: { memory: m.memory, abort() { throw new Error('WebAssembly kernel aborted'); } } });
  const run = inst.exports.runTask;
  const c = new Int32Array(m.ctrl);
  let seen = Atomics.load(c, ${SEQ});
  Atomics.add(c, ${UP}, 1);
  post('ready');
  for (;;) {
    if (seen < 0) return;
    for (;;) {
      const v = Atomics.load(c, ${CLAIM});
      const next = v & 0xfff, count = (v >> 12) & 0xfff;
      if (next >= count) break;
      if (Atomics.compareExchange(c, ${CLAIM}, v, v + 1) !== v) continue;
      const chunk = Atomics.load(c, ${CHUNK}), units = Atomics.load(c, ${UNITS});
      try {
        run(m.args, next * chunk, Math.min(units, (next + 1) * chunk), m.scratch);
      } catch (e) {
        Atomics.store(c, ${FAILED}, 1);
      }
      if (Atomics.add(c, ${DONE}, 1) + 1 === count) Atomics.notify(c, ${DONE});
    }
    let s = Atomics.load(c, ${SEQ});
    for (let i = 0; s === seen && i < ${SPIN}; i++) s = Atomics.load(c, ${SEQ});
    while (s === seen) {
      Atomics.wait(c, ${SEQ}, seen);
      s = Atomics.load(c, ${SEQ});
    }
    seen = s;
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
interface NodeWorker extends AnyWorker {
  unref(): void; once(ev: string, f: (x: unknown) => void): void; off(ev: string, f: (x: unknown) => void): void;
}
type NodeWorkerCtor = new (src: string, o: { eval: boolean }) => NodeWorker;

/** The pool: `size` threads in all, the calling one included. */
export class WasmPool implements TaskRunner {
  /** Why the pool did not start, if it did not. */
  failure: string | null = null;
  /** Tasks split over the pool so far. */
  jobs = 0;
  /** Chunks of those tasks, and how many of them the calling thread ran. */
  chunks = 0;
  chunksOnCaller = 0;
  private started: Promise<void> | null = null;
  private readonly ctrl: Int32Array;
  private readonly workers: AnyWorker[] = [];
  private readonly scratch: number[];
  private readonly args: number;
  private seq = 0;
  private stopped = false;
  private readonly canWait: boolean;

  constructor(private readonly rt: WasmRuntime, readonly size: number) {
    this.ctrl = new Int32Array(new SharedArrayBuffer(CTRL_INTS * 4));
    const bytes = rt.exports.taskScratchBytes();
    // Scratch for each thread and the task arguments, below everything a kernel allocates
    // (made before any kernel runs, so the stack never releases it).
    this.scratch = Array.from({ length: size }, () => rt.alloc(bytes));
    this.args = rt.alloc(ARGS_INTS * 4);
    this.canWait = atomicsWaitAllowed(this.ctrl);
  }

  get threads(): number {
    return this.size;
  }

  /** True once every worker runs (tasks use the ones that run before that). */
  get ready(): boolean {
    return !this.stopped && Atomics.load(this.ctrl, UP) >= this.size - 1;
  }

  /** Starts the workers (once); resolves when they run, or when starting failed (see `failure`). */
  whenReady(): Promise<void> {
    this.started ??= this.start().catch((e: unknown) => {
      this.failure = String(e instanceof Error ? e.message : e);
      this.destroy();
    });
    return this.started;
  }

  private start(): Promise<void> {
    const n = this.size - 1;
    return new Promise<void>((resolve, reject) => {
      let up = 0;
      const onReady = (): void => {
        if (++up === n) resolve();
      };
      const launch = (ws: AnyWorker[]): void => {
        if (this.stopped) {
          ws.forEach((w) => void w.terminate());
          return reject(new Error('the pool was destroyed while it started'));
        }
        this.workers.push(...ws);
        ws.forEach((w, i) => w.postMessage({ module: this.rt.module, memory: this.rt.memory, ctrl: this.ctrl.buffer, args: this.args, scratch: this.scratch[i + 1] }));
      };
      const sync = nodeWorkerCtorSync();
      if (sync) launch(spawnNode(sync, n, onReady, reject));
      else void spawnWorkers(n, onReady, reject).then(launch, reject);
    });
  }

  /** Runs a task over the pool (on this thread alone while no worker runs, or for small ones). */
  run(args: readonly number[], units: number, chunks: number, work: number): void {
    if (units <= 0) return;
    if (args.length > ARGS_INTS) throw new TensorloomError('wasm pool', `a task has ${args.length} arguments, more than ${ARGS_INTS}`);
    const e = this.rt.exports;
    const c = this.ctrl;
    if (!this.started) void this.whenReady();
    const chunk = Math.ceil(units / Math.max(1, Math.min(chunks, units, MAX_CHUNKS)));
    const count = Math.ceil(units / chunk);
    this.rt.i32().set(args, this.args >> 2);
    if (this.stopped || Atomics.load(c, UP) === 0 || work < MIN_WORK || count < 2) {
      e.runTask(this.args, 0, units, this.scratch[0]);
      return;
    }
    this.jobs++;
    this.chunks += count;
    Atomics.store(c, UNITS, units);
    Atomics.store(c, CHUNK, chunk);
    Atomics.store(c, DONE, 0);
    this.seq = (this.seq + 1) & 0x3fffffff;
    Atomics.store(c, CLAIM, ((this.seq & 0x7f) << 24) | (count << 12));
    Atomics.store(c, SEQ, this.seq);
    Atomics.notify(c, SEQ);
    let error: unknown = null;
    for (;;) {
      const v = Atomics.load(c, CLAIM);
      const next = v & 0xfff;
      if (next >= count) break;
      if (Atomics.compareExchange(c, CLAIM, v, v + 1) !== v) continue;
      this.chunksOnCaller++;
      try {
        e.runTask(this.args, next * chunk, Math.min(units, (next + 1) * chunk), this.scratch[0]);
      } catch (err) {
        error ??= err;
      }
      Atomics.add(c, DONE, 1);
    }
    // Wait for the chunks the workers took (spinning first: they are usually about to finish).
    for (let i = 0; ; i++) {
      const done = Atomics.load(c, DONE);
      if (done >= count) break;
      if (this.canWait && i > 1000) Atomics.wait(c, DONE, done, 1000);
    }
    if (error) throw error;
    if (Atomics.load(c, FAILED) !== 0) {
      // A trap in a worker is a kernel bug that would trap here too; stop using the pool.
      Atomics.store(c, FAILED, 0);
      this.failure = 'a worker\'s kernel failed';
      this.destroy();
      throw new TensorloomError('wasm pool', 'a WebAssembly kernel failed in a worker');
    }
  }

  /** Stops the workers. */
  destroy(): void {
    this.stopped = true;
    Atomics.store(this.ctrl, SEQ, -1);
    Atomics.notify(this.ctrl, SEQ);
    for (const w of this.workers) void w.terminate();
    this.workers.length = 0;
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

interface NodeProcess { versions?: { node?: string }; getBuiltinModule?: (id: string) => unknown }

function nodeProcess(): NodeProcess | undefined {
  const p = (globalThis as { process?: NodeProcess }).process;
  return typeof p?.versions?.node === 'string' ? p : undefined;
}

/**
 * The number of cores, synchronously: navigator.hardwareConcurrency (browsers, Node 21+),
 * else Node's os.availableParallelism (Node 20.16+), else 2.
 */
export function coreCount(): number {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  if (nav?.hardwareConcurrency) return nav.hardwareConcurrency;
  const os = nodeProcess()?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number; cpus: () => unknown[] } | undefined;
  if (os) return os.availableParallelism ? os.availableParallelism() : os.cpus().length;
  return 2;
}

/** Node's Worker class where it can be had synchronously (Node 20.16+), else null. */
function nodeWorkerCtorSync(): NodeWorkerCtor | null {
  const wt = nodeProcess()?.getBuiltinModule?.('node:worker_threads') as { Worker: NodeWorkerCtor } | undefined;
  return wt?.Worker ?? null;
}

/** `node:<name>`, built at run time so that browser bundlers leave the import alone. */
function nodeModule(name: string): string {
  return ['node', name].join(':');
}

function spawnNode(Worker: NodeWorkerCtor, n: number, onReady: () => void, onError: (e: unknown) => void): AnyWorker[] {
  return Array.from({ length: n }, () => {
    const w = new Worker(WORKER_SOURCE, { eval: true });
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

async function spawnWorkers(n: number, onReady: () => void, onError: (e: unknown) => void): Promise<AnyWorker[]> {
  if (nodeProcess()) {
    const wt = (await import(/* @vite-ignore */ nodeModule('worker_threads'))) as { Worker: NodeWorkerCtor };
    return spawnNode(wt.Worker, n, onReady, onError);
  }
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  return Array.from({ length: n }, () => {
    const w = new Worker(url);
    w.onmessage = onReady;
    w.onerror = (e) => onError(e.message);
    return w;
  });
}
