// `pnpm bench`: Tensorloom's CPU backend against its peers, each peer in its own process,
// several rounds in rotated order (so no peer always runs first, or right after ORT's idle
// thread pools), per-round medians pooled into a median per peer and workload, outputs
// checked against float64 references (training steps: the first step's loss against
// Tensorloom's), a markdown table with ratios on stdout and everything as JSON.
//   node run.mjs [--rounds 3] [--only id,id] [--peers name,name] [--out results/latest.json]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WORKLOADS, reference } from './workloads.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const { values: opt } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' }, only: { type: 'string' }, peers: { type: 'string' },
    out: { type: 'string', default: `${here}results/latest.json` },
  },
});

const PEERS = [
  { name: 'Tensorloom CPU', mod: 'tensorloom', env: {} },
  { name: 'Tensorloom CPU, 1 thread', mod: 'tensorloom', env: { TENSORLOOM_THREADS: '1' } },
  { name: 'onnxruntime-web, 2 threads', mod: 'ort', env: { ORT_KIND: 'web', ORT_THREADS: '2' } },
  { name: 'onnxruntime-web, 1 thread', mod: 'ort', env: { ORT_KIND: 'web', ORT_THREADS: '1' } },
  { name: 'tfjs-backend-wasm', mod: 'tfjs', env: { TFJS_BACKEND: 'wasm' } },
  { name: 'tfjs-backend-cpu', mod: 'tfjs', env: { TFJS_BACKEND: 'cpu' } },
  { name: 'onnxruntime-node, 2 threads', mod: 'ort', env: { ORT_KIND: 'node', ORT_THREADS: '2' } },
].filter((p) => !opt.peers || opt.peers.split(',').some((s) => p.name.toLowerCase().includes(s.toLowerCase())));
const workloads = WORKLOADS.filter((w) => !opt.only || opt.only.split(',').includes(w.id));

// The ONNX graphs (python3-onnx); without them the onnxruntime peers report nothing.
if (!existsSync(`${here}models/mlp_train_step.onnx`)) {
  for (const py of ['/usr/bin/python3', 'python3']) {
    try { execFileSync(py, [`${here}make_onnx_models.py`, `${here}models`], { stdio: 'inherit' }); break; } catch { /* next */ }
  }
}

const rounds = Number(opt.rounds);
const raw = {}; // peer -> id -> [{ms, check}]
const infos = {};
const load = [loadavg()[0]];
for (let r = 0; r < rounds; r++) {
  const order = PEERS.map((_, i) => PEERS[(i + r) % PEERS.length]);
  for (const p of order) {
    const t0 = performance.now();
    const res = spawnSync(process.execPath, [`${here}peer.mjs`, p.mod, ...workloads.map((w) => w.id)], {
      env: { ...process.env, ...p.env }, encoding: 'utf8', timeout: 600_000, maxBuffer: 1 << 24,
    });
    const line = (res.stdout ?? '').trim().split('\n').pop() ?? '';
    let parsed = null;
    try { parsed = JSON.parse(line); } catch { /* reported below */ }
    if (!parsed) {
      console.error(`round ${r + 1}: ${p.name} failed: ${(res.stderr ?? '').slice(-400)}`);
      continue;
    }
    infos[p.name] = parsed.info;
    for (const [id, v] of Object.entries(parsed.results)) ((raw[p.name] ??= {})[id] ??= []).push(v);
    console.error(`round ${r + 1}/${rounds}: ${p.name} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    load.push(loadavg()[0]);
  }
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : NaN; };
const rows = [];
for (const w of workloads) {
  const ref = reference(w.id);
  const tlFirst = raw['Tensorloom CPU']?.[w.id]?.find((v) => v.check)?.check;
  const cells = {};
  for (const p of PEERS) {
    const runs = raw[p.name]?.[w.id] ?? [];
    const ok = runs.filter((v) => typeof v.ms === 'number');
    if (!ok.length) { cells[p.name] = runs.length ? { error: runs[0].error } : null; continue; }
    const ms = median(ok.map((v) => v.ms));
    const want = ref ?? tlFirst;
    const got = ok[0].check;
    let checked = null;
    if (want && got) {
      const scale = Math.max(...want.map(Math.abs), 1e-30);
      const err = Math.max(...got.map((g, i) => Math.abs(g - want[i]))) / scale;
      checked = { maxRelErr: err, ok: err <= (ref ? 1e-3 : 2e-3) };
    }
    const busiest = median(ok.map((v) => v.busiestMs).filter((x) => Number.isFinite(x)));
    cells[p.name] = { ms, value: w.work / (ms / 1000), idle: busiest > 0 ? w.work / (busiest / 1000) : null, checked };
  }
  rows.push({ ...w, cells });
}

const fmt = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3));
const head = ['workload', 'unit', ...PEERS.map((p) => p.name), 'TL / ORT-web 2t', 'TL / tfjs-wasm'];
const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
for (const r of rows) {
  const tl = r.cells['Tensorloom CPU']?.value;
  const ratio = (peer) => (tl && r.cells[peer]?.value ? `${(tl / r.cells[peer].value).toFixed(2)}×` : '–');
  const cell = (c) => (!c ? '–' : c.error ? 'error' : `${fmt(c.value)}${c.checked && !c.checked.ok ? ' ✗' : ''}`);
  lines.push(`| ${r.label} | ${r.unit} | ${PEERS.map((p) => cell(r.cells[p.name])).join(' | ')} | ${ratio('onnxruntime-web, 2 threads')} | ${ratio('tfjs-backend-wasm')} |`);
}
// The same figures over the busiest thread's time on a CPU (schedstat.mjs): about what an idle
// machine gives, when other processes load this one and wall times hide the scaling.
const idleLines = [`| ${['workload', 'unit', ...PEERS.map((p) => p.name), 'TL / ORT-web 2t'].join(' | ')} |`, `|${['', '', ...PEERS, ''].map(() => '---').join('|')}|`];
for (const r of rows) {
  const tl = r.cells['Tensorloom CPU']?.idle;
  const ort = r.cells['onnxruntime-web, 2 threads']?.idle;
  idleLines.push(`| ${r.label} | ${r.unit} | ${PEERS.map((p) => (r.cells[p.name]?.idle ? fmt(r.cells[p.name].idle) : '–')).join(' | ')} | ${tl && ort ? `${(tl / ort).toFixed(2)}×` : '–'} |`);
}
const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}`;
const summary = `${new Date().toISOString()} — ${machine}; ${rounds} rounds, rotated; load average ${fmt(Math.min(...load))}–${fmt(Math.max(...load))} during the run`;
console.log(`\n${summary}\n\n${lines.join('\n')}\n\n✗ = outputs differ from the float64 reference (or, for training steps, from Tensorloom's first-step loss) by more than 1e-3 relative.\n\nIdle-machine estimate (the same work over the busiest thread's time on a CPU, from schedstat):\n\n${idleLines.join('\n')}`);
mkdirSync(dirname(resolve(opt.out)), { recursive: true });
writeFileSync(opt.out, JSON.stringify({ date: new Date().toISOString(), machine, rounds, load, infos, rows, raw }, null, 1));
console.error(`wrote ${opt.out}`);
