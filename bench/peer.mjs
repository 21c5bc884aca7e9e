// One bench peer in its own process: `node peer.mjs <peer> <workload ids...>` prints one JSON
// line { peer, info, results: { id: { ms, check } } } (ms = median wall time of one run).
import { measure } from './workloads.mjs';

const [peer, ...ids] = process.argv.slice(2);
const mod = await import(`./peers/${peer}.mjs`);
const info = await mod.init();
const results = {};
for (const id of ids) {
  try {
    const w = await mod.workload(id);
    if (!w) continue;
    const check = await w.check();
    const stats = {};
    const ms = await measure(w.run, {}, stats);
    results[id] = { ms, check, busiestMs: stats.busiestMs };
  } catch (e) {
    results[id] = { error: String(e?.message ?? e).slice(0, 200) };
  }
}
process.stdout.write(`\n${JSON.stringify({ peer, info, results })}\n`);
process.exit(0);
