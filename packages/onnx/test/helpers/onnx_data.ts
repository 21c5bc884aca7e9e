/**
 * Reading ONNX's backend test data (Debian's libonnx-testdata): case folders with model.onnx
 * and test_data_set_N/{input,output}_K.pb, and a tolerance check like ONNX's own runner.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onnx } from '../../src/proto.js';
import { readTensorProto } from '../../src/tensor_proto.js';
import type { HostTensor } from '../../src/host_tensor.js';

export const DATA_DIR = process.env.ONNX_TEST_DATA ?? '/usr/include/onnx/backend/test/data';

export interface OnnxCase { suite: string; name: string; dir: string; model: Uint8Array; opTypes: string[]; inputNames: string[]; outputNames: string[] }

export function listCases(suite: string): OnnxCase[] {
  const root = join(DATA_DIR, suite);
  return readdirSync(root).sort().filter((n) => existsSync(join(root, n, 'model.onnx'))).map((name) => {
    const dir = join(root, name);
    const model = new Uint8Array(readFileSync(join(dir, 'model.onnx')));
    const m = onnx.ModelProto.decode(model);
    const init = new Set((m.graph?.initializer ?? []).map((t) => t.name));
    const opTypes = [...new Set((m.graph?.node ?? []).map((n) => (n.domain && n.domain !== 'ai.onnx' ? `${n.domain}.` : '') + n.opType))].sort();
    return {
      suite, name, dir, model, opTypes,
      inputNames: (m.graph?.input ?? []).map((v) => v.name ?? '').filter((n) => !init.has(n)),
      outputNames: (m.graph?.output ?? []).map((v) => v.name ?? ''),
    };
  });
}

/** The data sets of a case: inputs and expected outputs as host values, in graph order. */
export function dataSets(c: OnnxCase): Array<{ inputs: HostTensor[]; outputs: HostTensor[] }> {
  return readdirSync(c.dir).filter((d) => d.startsWith('test_data_set_')).sort().map((d) => {
    const read = (prefix: string): HostTensor[] => readdirSync(join(c.dir, d)).filter((f) => f.startsWith(prefix)).sort((a, b) => parseInt(a.slice(prefix.length), 10) - parseInt(b.slice(prefix.length), 10))
      .map((f) => readTensorProto('test', onnx.TensorProto.decode(new Uint8Array(readFileSync(join(c.dir, d, f))))));
    return { inputs: read('input_'), outputs: read('output_') };
  });
}

export { mismatch } from './mismatch.js';
