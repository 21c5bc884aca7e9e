/**
 * Thread-scaling probe: times the 1024 matmul (and the bench's two convs) on a 1-thread and a
 * 2-thread CpuBackend in the same process, alternating, so that load from other processes hits
 * both alike, and prints the GFLOP/s and the 2t / 1t ratio. On a loaded machine wall times
 * hardly scale, so it also prints the process's CPU time per run (2t / 1t: the work the split
 * adds) and, from Linux's per-thread schedstat, GFLOP/s over the busiest thread's time on a
 * CPU, which is about what an idle machine's wall time would give. Also times the raw gemm on
 * pointers already in WebAssembly memory (no copies) to separate the pool from the copies.
 * Needs the built package (pnpm build). Usage:
 *   nice node packages/backend-cpu/scripts/thread_probe.mjs [--reps 5] [--only matmul,gemm,conv]
 */
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { readFileSync, readdirSync } from 'node:fs';
import { CpuBackend } from '../dist/index.js';

const { values: opt } = parseArgs({ options: { reps: { type: 'string', default: '5' }, only: { type: 'string' } } });
const reps = Number(opt.reps);
const want = (k) => !opt.only || opt.only.split(',').includes(k);

const rand = (n, seed) => {
  const a = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) { s = (s * 1664525 + 1013904223) >>> 0; a[i] = s / 2 ** 32 - 0.5; }
  return a;
};
const info = (shape, data) => ({ shape, dtype: 'float32', data });

/**
 * Median wall ms of `reps` runs after one warm-up, and the process's CPU ms per run (every
 * thread's): on a loaded machine the wall time of 2 threads says little, but CPU time per run
 * near 1 thread's says the split adds little work (spinning and re-packing included).
 */
function time(f) {
  f();
  const ts = [];
  const c0 = process.cpuUsage();
  const s0 = sched();
  for (let r = 0; r < reps; r++) { const t0 = performance.now(); f(); ts.push(performance.now() - t0); }
  const c = process.cpuUsage(c0);
  const busiest = schedDelta(s0, sched());
  ts.sort((x, y) => x - y);
  return { ms: ts[Math.floor(ts.length / 2)], cpu: (c.user + c.system) / 1000 / reps, busiest: busiest / reps };
}

/** Per-thread nanoseconds on a CPU (Linux /proc/self/task/<tid>/schedstat), or null elsewhere. */
function sched() {
  try {
    const m = new Map();
    for (const tid of readdirSync('/proc/self/task')) m.set(tid, Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]));
    return m;
  } catch {
    return null;
  }
}

/**
 * The busiest thread's ms on a CPU between two snapshots: with the work split evenly, about
 * what the wall time would be on an idle machine (where no thread waits for a CPU).
 */
function schedDelta(a, b) {
  if (!a || !b) return NaN;
  let most = 0;
  for (const [tid, ns] of b) most = Math.max(most, ns - (a.get(tid) ?? 0));
  return most / 1e6;
}

const backends = [];
for (const threads of [1, 2]) {
  const b = new CpuBackend({ threads });
  await b.ready();
  backends.push(b);
}
console.log(`load ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ${backends.map((b) => b.info().threading).join(' | ')}`);

const cases = [];
if (want('matmul')) {
  const n = 1024;
  const a = info([1, n, n], rand(n * n, 1)), b = info([1, n, n], rand(n * n, 2));
  cases.push({ name: 'matmul 1024', flop: 2 * n ** 3, run: (be) => be.kernels.matmul([a, b], { transposeA: false, transposeB: false }, { shape: [1, n, n], dtype: 'float32' }) });
}
if (want('gemm')) {
  const n = 1024;
  cases.push({
    name: 'gemm 1024 (in wasm memory)', flop: 2 * n ** 3,
    setup: (be) => { const rt = be.wasm; const pa = rt.put(rand(n * n, 1)); const pb = rt.put(rand(n * n, 2)); const pc = rt.alloc(n * n * 4); return { pa, pb, pc }; },
    run: (be, s) => {
      // The tasks of src/wasm/wasm_gemm.ts: on the pool, B packed once (kind 6), then rows (kind 0)
      // in units of the kernel's MR rows and 8 pieces per thread, as gemmOn splits them.
      const rt = be.wasm, m = rt.mark();
      if (be.pool) {
        const packed = rt.alloc(n * n * 4);
        be.pool.run([6, n, n, s.pb, n, 1, packed], n / 8, 2 * be.pool.size, n * n);
        be.pool.run([0, n, n, n, s.pa, n, 1, s.pb, n, 1, s.pc, n, 0, packed], Math.ceil(n / rt.exports.gemmMR()), 8 * be.pool.size, n ** 3);
      } else {
        rt.exports.runTask(rt.putInts([0, n, n, n, s.pa, n, 1, s.pb, n, 1, s.pc, n, 0, 0]), 0, Math.ceil(n / rt.exports.gemmMR()), rt.alloc(rt.exports.taskScratchBytes()));
      }
      rt.release(m);
    },
  });
}
if (want('conv')) {
  for (const [nb, c, hw, o] of [[16, 32, 32, 32], [64, 1, 28, 32]]) {
    const x = info([nb, c, hw, hw], rand(nb * c * hw * hw, 3)), w = info([o, c, 3, 3], rand(o * c * 9, 4));
    const attrs = { stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 };
    const out = { shape: [nb, o, hw, hw], dtype: 'float32' };
    const dy = info(out.shape, rand(nb * o * hw * hw, 5));
    const flop = 2 * nb * o * hw * hw * c * 9;
    cases.push({ name: `conv ${nb}x${c}x${hw}x${hw}->${o}`, flop, run: (be) => be.fused.conv2d([x, w], attrs, out) });
    cases.push({ name: `  input grad`, flop, run: (be) => be.fused.conv2dInputGrad([dy, w], attrs, { shape: x.shape, dtype: 'float32' }) });
    cases.push({ name: `  filter grad`, flop, run: (be) => be.fused.conv2dFilterGrad([x, dy], attrs, { shape: w.shape, dtype: 'float32' }) });
  }
}

for (const c of cases) {
  const ms = [Infinity, Infinity];
  const cpu = [Infinity, Infinity];
  const busiest = [Infinity, Infinity];
  const states = backends.map((be) => c.setup?.(be));
  // Alternate 1t / 2t a few times and keep each one's best median.
  for (let round = 0; round < 3; round++) {
    backends.forEach((be, i) => {
      const r = time(() => c.run(be, states[i]));
      ms[i] = Math.min(ms[i], r.ms);
      cpu[i] = Math.min(cpu[i], r.cpu);
      busiest[i] = Math.min(busiest[i], r.busiest);
    });
  }
  const gf = ms.map((m) => c.flop / (m / 1000) / 1e9);
  const p = backends[1].pool;
  const share = p && p.chunks ? `, caller ran ${((100 * p.chunksOnCaller) / p.chunks).toFixed(0)}% of ${p.chunks} chunks` : '';
  const idle = busiest.map((m) => c.flop / (m / 1000) / 1e9);
  console.log(`${c.name.padEnd(26)} 1t ${gf[0].toFixed(2).padStart(6)}  2t ${gf[1].toFixed(2).padStart(6)} GFLOP/s  2t/1t ${(gf[1] / gf[0]).toFixed(2)}x | CPU 2t/1t ${(cpu[1] / cpu[0]).toFixed(2)} | busiest thread: 1t ${idle[0].toFixed(2)} 2t ${idle[1].toFixed(2)} GFLOP/s, ${(idle[1] / idle[0]).toFixed(2)}x (pool: ${p?.jobs} tasks${share})`);
  if (p) { p.jobs = 0; p.chunks = 0; p.chunksOnCaller = 0; }
}
console.log(`load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
backends.forEach((b) => b.destroy());
