/**
 * Fuzz target for importOnnx: mutated and truncated real models (the committed PyTorch
 * fixtures and ONNX backend test cases from libonnx-testdata), imported and run on their own
 * inputs. An accepted model must give one well-formed tensor per declared output, the same
 * outputs again after a protobuf round trip (decode, encode, import, run), and leak nothing;
 * a rejected one must leak nothing either.
 */
import { readFileSync } from 'node:fs';
import { memory, tidy, type Tensor } from '../../packages/core/src/index.js';
import { registerCpuBackend } from '../../packages/backend-cpu/src/index.js';
import { setBackend } from '../../packages/core/src/index.js';
import { importOnnx, type OnnxModel } from '../../packages/onnx/src/index.js';
import { HostTensor } from '../../packages/onnx/src/host_tensor.js';
import { decodeModel, encodeModel } from '../../packages/onnx/src/proto.js';
import { dataSets, listCases, DATA_DIR } from '../../packages/onnx/test/helpers/onnx_data.js';
import { int, mutateBytes, type FuzzTarget, type Rand } from './harness.js';

/** A model to mutate and the inputs it runs on. */
export interface OnnxSeed { name: string; bytes: Uint8Array; inputs: HostTensor[] }

const FIXTURES = new URL('../../packages/onnx/test/fixtures/', import.meta.url);
const SEED_CASES = [
  'node/test_lstm_defaults', 'node/test_gru_with_initial_bias', 'node/test_softmax_axis_1', 'node/test_sce_mean_weight_ii',
  'node/test_conv_with_strides_padding', 'node/test_maxpool_2d_ceil', 'node/test_reshape_reordered_all_dims',
  'node/test_slice_neg_steps', 'node/test_layer_normalization_4d_axis1', 'node/test_convtranspose_pads', 'node/test_reflect_pad', 'node/test_constant_pad',
  'node/test_averagepool_2d_pads_count_include_pad', 'node/test_tile', 'node/test_expand_dim_changed', 'node/test_range_float_type_positive_delta_expanded',
  'pytorch-converted/test_Conv2d_groups', 'pytorch-operator/test_operator_view',
];

/** The corpus: committed PyTorch fixtures plus some ONNX test cases (throws if the test data is missing). */
export function loadOnnxSeeds(): OnnxSeed[] {
  const seeds: OnnxSeed[] = [];
  for (const name of ['lenet', 'text_lstm', 'bigru', 'transformer_encoder', 'bn_cnn']) {
    const fx = JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8')) as { inputs: Record<string, { shape: number[]; dtype: string; data: number[] }> };
    const bytes = new Uint8Array(readFileSync(new URL(`${name}.onnx`, FIXTURES)));
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

/** Protobuf-minded edits: truncation, bit flips, random bytes, varint edge bytes, 8-byte 0xff runs (huge varints). */
function mutateModel(bytes: Uint8Array, r: Rand): Uint8Array {
  const pick = r();
  if (pick < 0.2) return bytes.slice(0, Math.floor(r() * bytes.length)); // truncation
  const out = bytes.slice();
  const edits = 1 + Math.floor(r() * (pick < 0.7 ? 4 : 32));
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(r() * out.length);
    const kind = r();
    if (kind < 0.4) out[at] ^= 1 << Math.floor(r() * 8);
    else if (kind < 0.7) out[at] = Math.floor(r() * 256);
    else if (kind < 0.85) out[at] = [0x00, 0x7f, 0x80, 0xff, 0x01][Math.floor(r() * 5)];
    else { const n = Math.min(8, out.length - at); for (let k = 0; k < n; k++) out[at + k] = 0xff; }
  }
  return out;
}

interface OnnxInput { seed: OnnxSeed; bytes: Uint8Array }
/** One output as plain values: shape, dtype and the bytes of its data. */
interface OutputValue { shape: number[]; dtype: string; bytes: string }

function feedsFor(model: OnnxModel, seed: OnnxSeed): Record<string, Tensor> {
  const feeds: Record<string, Tensor> = {};
  model.inputs.forEach((spec, i) => { if (seed.inputs[i]) feeds[spec.name] = seed.inputs[i].toTensor('fuzz'); });
  return feeds;
}

/** Imports and runs `bytes` on the seed's inputs; returns the outputs by name (everything is freed). */
function importAndRun(bytes: Uint8Array, seed: OnnxSeed): Record<string, OutputValue> {
  const model = importOnnx(bytes, { maxElements: 1 << 20 });
  try {
    return tidy(() => {
      const outs = model.run(feedsFor(model, seed));
      const names = model.outputs.map((o) => o.name);
      const got = Object.keys(outs);
      if (got.length !== names.length || names.some((n) => !(n in outs))) throw new Error(`outputs [${got}] for declared outputs [${names}]`);
      const values: Record<string, OutputValue> = {};
      for (const [name, t] of Object.entries(outs)) {
        const data = t.dataSync();
        if (t.shape.some((d) => !Number.isInteger(d) || d < 0)) throw new Error(`output '${name}' has shape [${t.shape}]`);
        if (data.length !== t.shape.reduce((a, b) => a * b, 1)) throw new Error(`output '${name}' has ${data.length} values for shape [${t.shape}]`);
        values[name] = { shape: [...t.shape], dtype: t.dtype, bytes: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64') };
      }
      return values;
    });
  } finally { model.dispose(); }
}

/**
 * The ONNX model target (registers and selects the CPU backend).
 *
 * @example
 * await runFuzz(await onnxTarget(), 3000, 1);
 */
export async function onnxTarget(): Promise<FuzzTarget<OnnxInput, Record<string, OutputValue>>> {
  registerCpuBackend();
  await setBackend('cpu');
  const seeds = loadOnnxSeeds();
  let tensorsBefore = 0;
  const noLeak = (): void => {
    const leaked = memory().numTensors - tensorsBefore;
    if (leaked !== 0) throw new Error(`${leaked} tensors leaked`);
  };
  return {
    name: 'onnx',
    make: (r) => {
      const seed = seeds[int(r, seeds.length)];
      return { seed, bytes: r() < 0.85 ? mutateModel(seed.bytes, r) : mutateBytes(r, seed.bytes) };
    },
    run: ({ seed, bytes }) => {
      tensorsBefore = memory().numTensors;
      return importAndRun(bytes, seed);
    },
    afterReject: noLeak,
    check: (outputs, { seed, bytes }) => {
      noLeak();
      const again = importAndRun(encodeModel(decodeModel('fuzz', bytes)), seed);
      for (const [name, v] of Object.entries(outputs)) {
        const w = again[name];
        if (!w || w.dtype !== v.dtype || String(w.shape) !== String(v.shape) || w.bytes !== v.bytes) throw new Error(`output '${name}' differs after a protobuf round trip`);
      }
      noLeak();
    },
  };
}
