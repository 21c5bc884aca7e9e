// Per-thread CPU time from Linux's /proc/self/task/<tid>/schedstat (nanoseconds on a CPU,
// not counting time spent waiting for one). On a loaded machine wall times hide how work
// scales over threads; the busiest thread's time on a CPU is about what an idle machine's
// wall time would be (a thread that spins while it waits counts, as it would there too).
import { readFileSync, readdirSync } from 'node:fs';

/** A snapshot: thread id -> ns on a CPU so far, or null off Linux. */
export function schedSnapshot() {
  try {
    const m = new Map();
    for (const tid of readdirSync('/proc/self/task')) {
      try { m.set(tid, Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0])); } catch { /* thread ended */ }
    }
    return m;
  } catch {
    return null;
  }
}

/** The busiest thread's ms on a CPU between two snapshots (NaN off Linux). */
export function busiestThreadMs(a, b) {
  if (!a || !b) return NaN;
  let most = 0;
  for (const [tid, ns] of b) most = Math.max(most, ns - (a.get(tid) ?? 0));
  return most / 1e6;
}
