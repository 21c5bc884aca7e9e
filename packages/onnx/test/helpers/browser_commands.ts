/**
 * A Vitest browser command (runs in Node): hands the browser the ONNX backend-test cases whose
 * names match, as base64 model and TensorProto bytes read from libonnx-testdata.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DATA_DIR = process.env.ONNX_TEST_DATA ?? '/usr/include/onnx/backend/test/data';

export interface WireCase { key: string; model: string; sets: Array<{ inputs: string[]; outputs: string[] }> }

const b64 = (path: string): string => readFileSync(path).toString('base64');

/** Cases of `suite` whose folder name matches `pattern` (a RegExp source). */
export function onnxCases(_ctx: unknown, suite: string, pattern: string): WireCase[] {
  const root = join(DATA_DIR, suite);
  if (!existsSync(root)) throw new Error(`${root} is missing: install Debian's libonnx-testdata`);
  const re = new RegExp(pattern);
  return readdirSync(root).sort().filter((n) => re.test(n) && existsSync(join(root, n, 'model.onnx'))).map((name) => {
    const dir = join(root, name);
    const sets = readdirSync(dir).filter((d) => d.startsWith('test_data_set_')).sort().map((d) => {
      const files = (prefix: string): string[] => readdirSync(join(dir, d)).filter((f) => f.startsWith(prefix))
        .sort((a, b) => parseInt(a.slice(prefix.length), 10) - parseInt(b.slice(prefix.length), 10)).map((f) => b64(join(dir, d, f)));
      return { inputs: files('input_'), outputs: files('output_') };
    });
    return { key: `${suite}/${name}`, model: b64(join(dir, 'model.onnx')), sets };
  });
}

/** A committed fixture of this package's test/fixtures folder, as base64. */
export function onnxFixture(_ctx: unknown, name: string): string {
  if (!/^[a-z_]+\.(onnx|json)$/.test(name)) throw new Error(`not a fixture name: ${name}`);
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url)).toString('base64');
}
