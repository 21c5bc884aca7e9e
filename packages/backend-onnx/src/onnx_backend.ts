/**
 * OnnxBackend: a lazy backend. Kernels record graph nodes; `read`, `flush()`, `markStep()` and
 * a node limit compile the pending graph to ONNX and run it in onnxruntime (onnxruntime-node
 * in Node, onnxruntime-web in browsers). Graphs run one after another on a queue; compiled
 * sessions are cached by graph structure, so identical training steps compile once.
 */
import { TensorloomError } from '@tensorloom/core';
import type { Backend, DType, FusedKernels, PrimitiveKernels, TensorInfo, TypedArray } from '@tensorloom/core';
import { buildModel, GRAPH_OPSET } from './compile.js';
import { makeFused, makeKernels } from './kernels.js';
import { LazyNode } from './lazy_node.js';
import { isRange, LiteralPolicy } from './literals.js';
import { planGraph, type GraphPlan } from './plan.js';
import type { OrtModule, OrtSessionLike, OrtSessionOptions, OrtTensorLike } from './ort_types.js';
import { SessionCache } from './session_cache.js';

/** How an OnnxBackend runs its graphs. */
export interface OnnxBackendOptions {
  /** The onnxruntime module: `import * as ort from 'onnxruntime-node'` (or `'onnxruntime-web'`). */
  readonly ort: OrtModule;
  /** The name it registers under (default `onnx`). */
  readonly name?: string;
  /** onnxruntime's intra-op threads (default: onnxruntime's choice). */
  readonly threads?: number;
  /** onnxruntime execution providers, e.g. `['cpu']`, `['wasm']`, `['webgpu', 'wasm']` (default: the runtime's). */
  readonly executionProviders?: readonly unknown[];
  /** Pending nodes after which a graph is flushed without waiting for a read (default 4000). */
  readonly maxPendingNodes?: number;
  /** Compiled graphs kept (least recently used out; default 32). */
  readonly cacheSize?: number;
  /**
   * Whether onnxruntime's intra-op threads spin while waiting for work (default false). Spinning
   * saves a thread wake-up per op on an idle machine, but the threads keep spinning after a run,
   * on the cores that the JavaScript recording the next step needs, and on a busy machine a
   * spinning thread stalls the others: a 2-thread CNN step ran 4–8× slower at the median.
   */
  readonly spinning?: boolean;
}

const ORT_TYPE = { float32: 'float32', int32: 'int32', bool: 'bool' } as const;

function copyOf(values: TypedArray, dtype: DType): Float32Array | Int32Array | Uint8Array {
  // The typed-array constructors convert natively (`from` walks the iterator protocol).
  if (dtype === 'float32') return new Float32Array(values);
  if (dtype === 'int32') return new Int32Array(values);
  return new Uint8Array(values);
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

/**
 * The ONNX backend. Usually registered with `registerOnnxBackend()`; construct it directly to
 * pass the onnxruntime module yourself.
 *
 * @example
 * import * as ort from 'onnxruntime-node';
 * import { registerBackend, setBackend } from '@tensorloom/core';
 * registerBackend('onnx', () => new OnnxBackend({ ort }));
 * await setBackend('onnx');
 */
export class OnnxBackend implements Backend<LazyNode> {
  /** The registry name (default `onnx`). */
  readonly name: string;
  /** One recording kernel per primitive. */
  readonly kernels: PrimitiveKernels<LazyNode>;
  /** The fused composed ops (conv2d and its gradients, pooling, the softmax family, sigmoid, softplus). */
  readonly fused: FusedKernels<LazyNode>;
  private readonly ort: OrtModule;
  private readonly sessionOptions: OrtSessionOptions;
  private readonly maxPending: number;
  private readonly spinning: boolean;
  private readonly cache: SessionCache;
  private readonly literals: LiteralPolicy;
  private pending: LazyNode[] = [];
  private compileMs = 0;
  private queue: Promise<void> = Promise.resolve();
  private graphsRun = 0;
  private destroyed = false;

  constructor(options: OnnxBackendOptions) {
    if (!options || !options.ort || typeof options.ort.InferenceSession?.create !== 'function' || typeof options.ort.Tensor !== 'function') {
      throw new TensorloomError('OnnxBackend', "pass the onnxruntime module: new OnnxBackend({ ort }) with import * as ort from 'onnxruntime-node' (or 'onnxruntime-web')");
    }
    const { threads, maxPendingNodes = 4000, cacheSize = 32, spinning = false } = options;
    if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= 256)) {
      throw new TensorloomError('OnnxBackend', `threads must be an integer from 1 to 256, got ${threads}`);
    }
    if (!(Number.isInteger(maxPendingNodes) && maxPendingNodes >= 1)) throw new TensorloomError('OnnxBackend', `maxPendingNodes must be a positive integer, got ${maxPendingNodes}`);
    if (!(Number.isInteger(cacheSize) && cacheSize >= 1)) throw new TensorloomError('OnnxBackend', `cacheSize must be a positive integer, got ${cacheSize}`);
    if (typeof spinning !== 'boolean') throw new TensorloomError('OnnxBackend', `spinning must be true or false, got ${String(spinning)}`);
    this.name = options.name ?? 'onnx';
    this.ort = options.ort;
    this.maxPending = maxPendingNodes;
    this.spinning = spinning;
    this.cache = new SessionCache(cacheSize);
    this.literals = new LiteralPolicy(Math.max(64, 4 * cacheSize));
    this.sessionOptions = {
      graphOptimizationLevel: 'all',
      ...(threads !== undefined ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {}),
      ...(options.executionProviders ? { executionProviders: [...options.executionProviders] } : {}),
      extra: { session: { intra_op: { allow_spinning: spinning ? '1' : '0' } } },
    };
    const sink = { arg: (i: TensorInfo<LazyNode>) => this.arg(i), add: (n: LazyNode) => this.add(n) };
    this.kernels = makeKernels(sink);
    this.fused = makeFused(sink);
  }

  /** Stores a copy of host values: fed to graphs as an onnxruntime tensor over them, or embedded when a scalar or an int32 range 0…n−1. */
  write(values: TypedArray, shape: readonly number[], dtype: DType): LazyNode {
    this.assertUsable('write');
    const node = new LazyNode('input', [], {}, [...shape], dtype, null, copyOf(values, dtype));
    if (dtype === 'int32' && isRange(values, shape)) node.range = true;
    return node;
  }

  /** Reads a value, flushing the pending graph first when the value is not computed yet. */
  async read(info: TensorInfo<LazyNode>): Promise<TypedArray> {
    const node = info.data;
    if (node.state === 'pending' || node.state === 'scheduled') await this.flush().catch(() => {});
    if (node.state === 'failed') throw node.error;
    const values = node.host ?? (node.value?.data as TypedArray | undefined);
    if (!values) throw new TensorloomError('read', 'internal: the ONNX backend has no value for this tensor');
    return copyOf(values, node.dtype);
  }

  /** Marks storage disposed: a pending graph no longer outputs it. */
  disposeData(data: LazyNode): void {
    // A pending consumer holds its inputs by reference, so a disposed node it needs is still
    // computed (internally) or fed; nothing else refers to it, and the GC frees its value.
    data.alive = false;
  }

  /**
   * Compiles and runs every pending graph; resolves when all graphs queued so far have run,
   * and rejects with the error of this flush's graph if it failed.
   *
   * @example
   * loss.backward(); step(); await backend.flush();
   */
  flush(): Promise<void> {
    this.assertUsable('flush');
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return this.queue;
    const plan = planGraph(batch, this.literals);
    if (plan.staleKey !== null) this.cache.drop(plan.staleKey);
    for (const n of plan.nodes) n.state = 'scheduled';
    for (const n of batch) if (n.state === 'pending') { n.state = 'dropped'; n.inputs = []; }
    const job = this.queue.then(() => this.execute(plan));
    this.queue = job.catch(() => {});
    return job;
  }

  /** A step boundary (the Trainer marks one after each step): queues the pending graph. */
  markStep(): void {
    if (!this.destroyed) void this.flush().catch(() => {});
  }

  /** The runtime, opset, pending nodes, cached sessions, compilations (and their total milliseconds), runs and cache hits. */
  info(): Record<string, unknown> {
    return {
      runtime: 'onnxruntime', opset: GRAPH_OPSET, pendingNodes: this.pending.length, cachedSessions: this.cache.size,
      graphsCompiled: this.cache.compiled, compileMs: this.compileMs, graphsRun: this.graphsRun, cacheHits: this.cache.hits,
      threads: this.sessionOptions.intraOpNumThreads ?? 'default', spinning: this.spinning,
    };
  }

  /** Drops pending work and releases every cached session once queued graphs have run. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const n of this.pending) n.inputs = [];
    this.pending = [];
    void this.queue.then(() => this.cache.clear());
  }

  private assertUsable(op: string): void {
    if (this.destroyed) throw new TensorloomError(op, `the ONNX backend '${this.name}' was destroyed; register and set a new one`);
  }

  private arg(info: TensorInfo<LazyNode>): LazyNode {
    const node = info.data;
    if (node.shape.length === info.shape.length && node.shape.every((d, i) => d === info.shape[i])) return node;
    return this.add(new LazyNode('reshape', [node], { shape: [...info.shape] }, [...info.shape], info.dtype));
  }

  private add(node: LazyNode): LazyNode {
    this.assertUsable(node.op);
    this.pending.push(node);
    if (this.pending.length >= this.maxPending) void this.flush().catch(() => {});
    return node;
  }

  /** The onnxruntime tensor of a fed node (made over its host values on first use). */
  private valueOf(f: LazyNode, name: string): OrtTensorLike {
    if (f.state === 'failed') throw f.error;
    if (!f.value && f.host) f.value = new this.ort.Tensor(ORT_TYPE[f.dtype], f.host as Float32Array | Int32Array | Uint8Array, [...f.shape]);
    if (!f.value) throw new TensorloomError('flush', `internal: input ${name} of a graph has no value (state ${f.state})`);
    return f.value;
  }

  private async compile(plan: GraphPlan): Promise<OrtSessionLike> {
    const t0 = now();
    try {
      return await this.ort.InferenceSession.create(buildModel(plan), this.sessionOptions);
    } finally {
      this.compileMs += now() - t0;
    }
  }

  private async execute(plan: GraphPlan): Promise<void> {
    try {
      const feeds: Record<string, OrtTensorLike> = {};
      for (let i = 0; i < plan.feeds.length; i++) feeds[plan.feedNames[i]] = this.valueOf(plan.feeds[i], plan.feedNames[i]);
      if (plan.outputs.length === 0) {
        for (const n of plan.nodes) { n.inputs = []; n.state = 'dropped'; }
        return;
      }
      const session = await this.cache.get(plan.key, () => this.compile(plan));
      const results = await session.run(feeds);
      this.graphsRun++;
      for (const n of plan.nodes) {
        n.inputs = [];
        if (n.state === 'scheduled') n.state = 'ready';
      }
      // Set even when disposed meanwhile: a graph queued after this one may be fed it.
      for (let k = 0; k < plan.outputs.length; k++) plan.outputs[k].value = results[plan.outputNames[k]] ?? null;
    } catch (e) {
      const error = e instanceof TensorloomError ? e : new TensorloomError('flush', `onnxruntime failed to run a graph of ${plan.nodes.length} nodes: ${e instanceof Error ? e.message : String(e)}`);
      for (const n of plan.nodes) {
        n.inputs = [];
        if (n.state === 'scheduled') { n.state = 'failed'; n.error = error; }
      }
      throw error;
    }
  }
}
