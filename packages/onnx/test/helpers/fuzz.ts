/**
 * A seeded fuzzer for importOnnx: mutated and truncated real models (PyTorch fixtures and ONNX
 * test cases), imported and run with their own inputs. Anything thrown that is not a
 * TensorloomError is a crash. Reports counts, the slowest input and peak memory.
 */
import { readFileSync } from 'node:fs';
import { TensorloomError, tidy, memory, type Tensor } from '@tensorloom/core';
import { importOnnx } from '../../src/index.js';
import { dataSets, listCases, DATA_DIR } from './onnx_data.js';
import { HostTensor } from '../../src/host_tensor.js';

export interface Seed { name: string; bytes: Uint8Array; inputs: HostTensor[] }

export interface FuzzReport { inputs: number; imported: number; ran: number; typedErrors: number; crashes: Array<{ seed: string; iteration: number; error: string }>; maxMs: number; maxRssMiB: number; leakedTensors: number }

/** Mulberry32: a small seeded generator. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED_CASES = [
  'node/test_lstm_defaults', 'node/test_gru_with_initial_bias', 'node/test_softmax_axis_1', 'node/test_sce_mean_weight_ii',
  'node/test_conv_with_strides_padding', 'node/test_maxpool_2d_ceil', 'node/test_reshape_reordered_all_dims',
  'node/test_slice_neg_steps', 'node/test_layer_normalization_4d_axis1', 'node/test_convtranspose_pads', 'node/test_reflect_pad', 'node/test_constant_pad',
  'node/test_averagepool_2d_pads_count_include_pad', 'node/test_tile', 'node/test_expand_dim_changed', 'node/test_range_float_type_positive_delta_expanded',
  'pytorch-converted/test_Conv2d_groups', 'pytorch-operator/test_operator_view',
];

/** The fuzz corpus: committed PyTorch fixtures plus some ONNX test cases. */
export function loadSeeds(fixtureDir: URL): Seed[] {
  const seeds: Seed[] = [];
  for (const name of ['lenet', 'text_lstm', 'bigru', 'transformer_encoder', 'bn_cnn']) {
    const fx = JSON.parse(readFileSync(new URL(`${name}.json`, fixtureDir), 'utf8')) as { inputs: Record<string, { shape: number[]; dtype: string; data: number[] }> };
    const bytes = new Uint8Array(readFileSync(new URL(`${name}.onnx`, fixtureDir)));
    const inputs = Object.values(fx.inputs).map((j) => new HostTensor(j.dtype === 'int32' ? 'int32' : 'float32', j.shape, j.dtype === 'int32' ? Float64Array.from(j.data) : Float32Array.from(j.data)));
    seeds.push({ name, bytes, inputs });
  }
  for (const key of SEED_CASES) {
    const [suite, name] = key.split('/');
    const c = listCases(suite).find((x) => x.name === name);
    if (!c) throw new Error(`fuzz seed ${key} is missing from ${DATA_DIR}`);
    seeds.push({ name: key, bytes: c.model, inputs: dataSets(c)[0].inputs });
  }
  return seeds;
}

function mutate(bytes: Uint8Array, r: () => number): Uint8Array {
  const pick = r();
  if (pick < 0.2) return bytes.slice(0, Math.floor(r() * bytes.length)); // truncation
  const out = bytes.slice();
  const edits = 1 + Math.floor(r() * (pick < 0.7 ? 4 : 32));
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(r() * out.length);
    const kind = r();
    if (kind < 0.4) out[at] ^= 1 << Math.floor(r() * 8); // bit flip
    else if (kind < 0.7) out[at] = Math.floor(r() * 256); // random byte
    else if (kind < 0.85) out[at] = [0x00, 0x7f, 0x80, 0xff, 0x01][Math.floor(r() * 5)]; // varint edges
    else { const n = Math.min(8, out.length - at); for (let k = 0; k < n; k++) out[at + k] = 0xff; } // huge varint
  }
  return out;
}

function feedsFor(model: ReturnType<typeof importOnnx>, seed: Seed): Record<string, Tensor> {
  const feeds: Record<string, Tensor> = {};
  model.inputs.forEach((spec, i) => { if (seed.inputs[i]) feeds[spec.name] = seed.inputs[i].toTensor('fuzz'); });
  return feeds;
}

/** Runs `count` mutated inputs from the seeds, deterministically for `seed`. */
export function fuzz(seeds: Seed[], count: number, seed: number): FuzzReport {
  const r = rng(seed);
  const report: FuzzReport = { inputs: 0, imported: 0, ran: 0, typedErrors: 0, crashes: [], maxMs: 0, maxRssMiB: 0, leakedTensors: 0 };
  const startTensors = memory().numTensors;
  for (let i = 0; i < count; i++) {
    const s = seeds[Math.floor(r() * seeds.length)];
    const bytes = mutate(s.bytes, r);
    const t0 = performance.now();
    try {
      const model = importOnnx(bytes, { maxElements: 1 << 20 });
      report.imported++;
      try {
        tidy(() => { model.run(feedsFor(model, s)); });
        report.ran++;
      } finally { model.dispose(); }
    } catch (e) {
      if (e instanceof TensorloomError) report.typedErrors++;
      else report.crashes.push({ seed: s.name, iteration: i, error: e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 300) : String(e) });
    }
    report.maxMs = Math.max(report.maxMs, performance.now() - t0);
    report.inputs++;
    if (i % 256 === 0) report.maxRssMiB = Math.max(report.maxRssMiB, process.memoryUsage().rss / 2 ** 20);
  }
  report.maxRssMiB = Math.max(report.maxRssMiB, process.memoryUsage().rss / 2 ** 20);
  report.leakedTensors = memory().numTensors - startTensors;
  return report;
}
