// `node onnx_backend.mjs [--rounds 3] [--threads 2] [--steps 40]` (`pnpm --filter bench bench:onnx`,
// after building the packages): the ONNX backend (lazy graphs compiled to ONNX, run by
// onnxruntime-node) on the MLP 784-256-10 (B = 128) and CNN (B = 64) training steps of
// workloads.mjs, beside the hand-built MLP training graph in onnxruntime-node
// (models/mlp_train_step.onnx) and Tensorloom's CPU backend. Prints the first step's time
// (graph compilation included), the compilation time alone (the backend's info().compileMs:
// building the ONNX model and creating its session) and the steady-state step time, two ways:
// with a loss read after every step, and with markStep() per step and a read every 10 (the
// Trainer's default log interval), with the onnxruntime runs per step in the second way. The
// hand-built graph runs twice: with onnxruntime's default spinning threads, and with threads that
// do not spin, as the backend runs by default. The CNN also runs with max-pool's gradient
// composed (no fused kernel) for an A/B of the fused maxPool2dGrad. Rounds rotate the order;
// the table gives medians over rounds.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tl from '@tensorloom/core';
import { registerCpuBackend } from '@tensorloom/backend-cpu';
import { OnnxBackend, registerOnnxBackend } from '@tensorloom/backend-onnx';
import * as ort from 'onnxruntime-node';
import { MLP, mlpInputs } from './workloads.mjs';
import { cnnTrainingStep, mlpTrainingStep } from './tensorloom_steps.mjs';

const { values: opt } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, threads: { type: 'string', default: '2' }, steps: { type: 'string', default: '40' } } });
const threads = Number(opt.threads);
const steps = Number(opt.steps);
const models = fileURLToPath(new URL('./models/', import.meta.url));

registerCpuBackend({ threads });
registerOnnxBackend({ runtime: 'node', threads });
// The same backend without its fused maxPool2dGrad (core's argmax/oneHot/scatterAdd composition), for an A/B.
tl.registerBackend('onnx-composed-pool-grad', () => {
  const b = new OnnxBackend({ ort, threads });
  delete b.fused.maxPool2dGrad;
  return b;
}, -1);

/** The backend's counters (the ONNX backend's compileMs and graphsRun; others have none). */
const counters = () => tl.getBackend().info?.() ?? {};

/** First step (compile included) and its compilation time, then ms/step reading every step, then every 10 with markStep. */
async function tensorloom(backend, make) {
  await tl.setBackend(backend);
  const w = make();
  const c0 = counters();
  let t0 = performance.now();
  const first = w.step();
  const firstLoss = (await first.data())[0];
  first.dispose();
  const firstMs = performance.now() - t0;
  const compileMs = c0.compileMs === undefined ? NaN : counters().compileMs - c0.compileMs;
  for (let i = 0; i < 3; i++) { const l = w.step(); await l.data(); l.dispose(); }
  t0 = performance.now();
  for (let i = 0; i < steps; i++) { const l = w.step(); await l.data(); l.dispose(); }
  const readEvery = (performance.now() - t0) / steps;
  const runs0 = counters().graphsRun;
  t0 = performance.now();
  for (let i = 0; i < steps; i++) {
    const l = w.step();
    tl.markStep();
    if (i % 10 === 9) await l.data();
    l.dispose();
  }
  const probe = w.step(); await probe.data(); probe.dispose();
  const marked = (performance.now() - t0) / (steps + 1);
  const runsPerStep = runs0 === undefined ? NaN : (counters().graphsRun - runs0) / (steps + 1);
  w.dispose();
  return { firstMs, compileMs, readEvery, marked, runsPerStep, firstLoss };
}

/** The hand-built graph with onnxruntime's default spinning threads, or (spin false) as the backend runs by default. */
async function handBuiltMlp(spin = true) {
  const path = `${models}mlp_train_step.onnx`;
  if (!existsSync(path)) return null;
  const extra = spin ? {} : { extra: { session: { intra_op: { allow_spinning: '0' } } } };
  const s = await ort.InferenceSession.create(path, { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', ...extra });
  const { B, D, H, C } = MLP;
  const v = mlpInputs();
  const T = (a, shape) => new ort.Tensor('float32', a, shape);
  const yv = new Float32Array(B * C);
  v.labels.forEach((t, i) => { yv[i * C + t] = 1; });
  const feeds = { x: T(v.x, [B, D]), y: T(yv, [B, C]), w1: T(v.w1, [D, H]), b1: T(v.b1, [H]), w2: T(v.w2, [H, C]), b2: T(v.b2, [C]) };
  const step = async () => { const r = await s.run(feeds); Object.assign(feeds, { w1: r.w1_new, b1: r.b1_new, w2: r.w2_new, b2: r.b2_new }); return r.loss.data[0]; };
  const firstLoss = await step();
  for (let i = 0; i < 3; i++) await step();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await step();
  const ms = (performance.now() - t0) / steps;
  await s.release();
  return { readEvery: ms, marked: ms, firstMs: NaN, compileMs: NaN, runsPerStep: 1, firstLoss };
}

if (!existsSync(`${models}mlp_train_step.onnx`)) {
  try { execFileSync('python3', [`${fileURLToPath(new URL('./make_onnx_models.py', import.meta.url))}`, models], { stdio: 'inherit' }); } catch { /* reported as – */ }
}

const CASES = [
  ['MLP', 'onnxruntime-node, hand-built graph', () => handBuiltMlp()],
  ['MLP', 'Tensorloom onnx backend', () => tensorloom('onnx', mlpTrainingStep)],
  ['MLP', 'Tensorloom CPU backend', () => tensorloom('cpu', mlpTrainingStep)],
  ['CNN', 'Tensorloom onnx backend', () => tensorloom('onnx', cnnTrainingStep)],
  ['CNN', 'Tensorloom CPU backend', () => tensorloom('cpu', cnnTrainingStep)],
  ['CNN', 'Tensorloom onnx backend, composed maxPool2dGrad', () => tensorloom('onnx-composed-pool-grad', cnnTrainingStep)],
  ['MLP', 'onnxruntime-node, hand-built graph, threads not spinning (as the backend)', () => handBuiltMlp(false)],
];
const rounds = Number(opt.rounds);
const got = CASES.map(() => []);
for (let r = 0; r < rounds; r++) {
  for (let k = 0; k < CASES.length; k++) {
    const i = (k + r) % CASES.length;
    got[i].push(await CASES[i][2]());
  }
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const fmt = (x) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x.toFixed(1)) : '–');
console.log(`threads ${threads}, ${steps} steps per timing, ${rounds} rounds (medians)\n`);
console.log('| workload | runner | first step (ms, compile incl.; round 1) | compile (ms, round 1) | steps/s, read every step | steps/s, markStep + read every 10 | runs/step | first loss |');
console.log('|---|---|---|---|---|---|---|---|');
CASES.forEach(([w, name], i) => {
  const rs = got[i].filter(Boolean);
  if (!rs.length) { console.log(`| ${w} | ${name} | – | – | – | – | – | – |`); return; }
  const runs = median(rs.map((x) => x.runsPerStep));
  console.log(`| ${w} | ${name} | ${fmt(rs[0].firstMs)} | ${fmt(rs[0].compileMs)} | ${fmt(1000 / median(rs.map((x) => x.readEvery)))} | ${fmt(1000 / median(rs.map((x) => x.marked)))} | ${Number.isFinite(runs) ? runs.toFixed(2) : '–'} | ${rs[0].firstLoss.toFixed(6)} |`);
});
const ratio = (a, b) => median(got[b].filter(Boolean).map((x) => x.readEvery)) / median(got[a].filter(Boolean).map((x) => x.readEvery));
if (got[0].some(Boolean)) console.log(`\nMLP: onnx backend / hand-built graph (read every step): ${ratio(1, 0).toFixed(2)}×; / the hand-built graph with threads not spinning: ${ratio(1, 6).toFixed(2)}×`);
console.log(`MLP: onnx backend / CPU backend: ${ratio(1, 2).toFixed(2)}×; CNN: onnx backend / CPU backend: ${ratio(3, 4).toFixed(2)}×`);
console.log(`CNN: fused maxPool2dGrad / composed: ${ratio(3, 5).toFixed(2)}×`);
process.exit(0);
