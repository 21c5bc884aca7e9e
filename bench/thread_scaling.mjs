// Thread scaling of Tensorloom's CPU backend in one process: each workload of the bench on a
// 1-thread and a 2-thread backend, alternating (3 rounds, best median each), so that load
// from other processes hits both alike. Prints wall-clock figures, the 2t / 1t ratio and,
// because wall times hardly scale on a loaded machine, the figure over the busiest thread's
// time on a CPU (Linux /proc/self/task/*/schedstat: it leaves out time spent waiting for a
// CPU, so it is about what an idle machine's wall time gives) and the process's CPU time
// 2t / 1t (the work the split adds: spinning, packing, dispatch).
//   nice node thread_scaling.mjs [--only matmul_1024,conv_32x32x32x16,...] [--reps 5]
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import * as tl from '@tensorloom/core';
import { CpuBackend } from '@tensorloom/backend-cpu';
import { WORKLOADS } from './workloads.mjs';
import { workload } from './peers/tensorloom.mjs';
import { busiestThreadMs, schedSnapshot } from './schedstat.mjs';

const { values: opt } = parseArgs({
  options: { only: { type: 'string', default: 'matmul_256,matmul_1024,conv_32x32x32x16,conv_28x28x1,mlp_step,cnn_step' }, reps: { type: 'string', default: '5' } },
});
const reps = Number(opt.reps);

/** Median wall ms, busiest thread's CPU ms and process CPU ms per run, after 2 warm-ups. */
function time(run) {
  run(); run();
  const ts = [];
  const c0 = process.cpuUsage();
  const s0 = schedSnapshot();
  for (let i = 0; i < reps; i++) { const t0 = performance.now(); run(); ts.push(performance.now() - t0); }
  const c = process.cpuUsage(c0);
  const busiest = busiestThreadMs(s0, schedSnapshot()) / reps;
  ts.sort((x, y) => x - y);
  return { wall: ts[reps >> 1], busiest, cpu: (c.user + c.system) / 1000 / reps };
}

const backends = {};
for (const threads of [1, 2]) {
  const b = new CpuBackend({ threads });
  await b.ready();
  backends[threads] = b;
  tl.registerBackend(`cpu-${threads}t`, () => b, 0);
}
console.log(`load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log('| workload | unit | 1 thread | 2 threads | 2t / 1t | idle estimate 1t | idle estimate 2t | 2t / 1t | CPU time 2t / 1t |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const id of opt.only.split(',')) {
  const meta = WORKLOADS.find((w) => w.id === id);
  const runs = {};
  for (const threads of [1, 2]) {
    await tl.setBackend(`cpu-${threads}t`);
    runs[threads] = { w: await workload(id), best: { wall: Infinity, busiest: Infinity, cpu: Infinity } };
  }
  for (let round = 0; round < 3; round++) {
    for (const threads of [1, 2]) {
      await tl.setBackend(`cpu-${threads}t`);
      const r = time(runs[threads].w.run);
      const b = runs[threads].best;
      for (const k of Object.keys(b)) b[k] = Math.min(b[k], r[k]);
    }
  }
  const v = (ms) => meta.work / (ms / 1000);
  const [a, b] = [runs[1].best, runs[2].best];
  const f = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
  console.log(`| ${meta.label} | ${meta.unit} | ${f(v(a.wall))} | ${f(v(b.wall))} | ${(a.wall / b.wall).toFixed(2)}× | ${f(v(a.busiest))} | ${f(v(b.busiest))} | ${(a.busiest / b.busiest).toFixed(2)}× | ${(b.cpu / a.cpu).toFixed(2)} |`);
}
console.log(`load ${loadavg().map((x) => x.toFixed(2)).join(' ')}; pool: ${backends[2].pool.jobs} tasks, the caller ran ${((100 * backends[2].pool.chunksOnCaller) / Math.max(1, backends[2].pool.chunks)).toFixed(0)}% of ${backends[2].pool.chunks} chunks`);
Object.values(backends).forEach((b) => b.destroy());
