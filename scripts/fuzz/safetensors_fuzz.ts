/**
 * Fuzz target for the safetensors reader: byte mutations of valid files (the writer's and
 * hand-made F16/BF16/I64/F64 ones), structure-aware headers (random dtypes, shapes, offsets,
 * metadata with prototype names, duplicate keys, nesting), and header-text mutations. An
 * accepted file must decode to tensors whose data length equals the product of the shape.
 */
import { readSafetensors, writeSafetensors, type SafetensorsContents } from '../../packages/finetune/src/index.js';
import { int, mutateBytes, pick, type FuzzTarget, type Rand } from './harness.js';

const enc = new TextEncoder();

/** A file from a header text and `dataBytes` random data bytes. */
export function rawFile(header: string, data: Uint8Array): Uint8Array {
  const hb = enc.encode(header);
  const out = new Uint8Array(8 + hb.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(hb.length), true);
  out.set(hb, 8);
  out.set(data, 8 + hb.length);
  return out;
}

const DTYPES = ['F32', 'F16', 'BF16', 'F64', 'I32', 'I64', 'I16', 'I8', 'U8', 'BOOL', 'U16', 'Q4', '', 'f32'];
const SIZES: Record<string, number> = { F32: 4, F16: 2, BF16: 2, F64: 8, I32: 4, I64: 8, I16: 2, I8: 1, U8: 1, BOOL: 1 };
const NAMES = ['w', 'b', '__proto__', 'constructor', 'toString', '__metadata__', '', '0', '10', '2', 'a.b', '__optimizer__.state.0.exp_avg', 'é', '\u0000'];
const JSONISH = ['{', '}', '[', ']', '"', ',', ':', '0', '-1', '1e400', 'null', 'true', '\\', '\\u0000', ' ', 'NaN', '9007199254740993'];

function randomValue(r: Rand, depth = 0): unknown {
  switch (int(r, depth > 3 ? 5 : 8)) {
    case 0: return int(r, 100);
    case 1: return pick(r, [-1, 0.5, 1e300, -0, 2 ** 53, 2 ** 64]);
    case 2: return pick(r, ['', 'x', 'pt', '__proto__']);
    case 3: return null;
    case 4: return r() < 0.5;
    case 5: return Array.from({ length: int(r, 4) }, () => randomValue(r, depth + 1));
    default: return Object.fromEntries(Array.from({ length: int(r, 4) }, () => [pick(r, NAMES), randomValue(r, depth + 1)]));
  }
}

/** A header built entry by entry: mostly consistent, with one or two things wrong. */
function structured(r: Rand): Uint8Array {
  const parts: string[] = [];
  let offset = 0;
  const n = int(r, 6);
  for (let t = 0; t < n; t++) {
    const dtype = r() < 0.85 ? pick(r, Object.keys(SIZES)) : pick(r, DTYPES);
    const shape = Array.from({ length: int(r, 4) }, () => (r() < 0.1 ? pick(r, [0, -1, 1.5, 2 ** 31]) : int(r, 4)));
    const size = shape.reduce((a, b) => a * b, 1) * (SIZES[dtype] ?? 4);
    let begin = offset;
    let end = offset + size;
    if (r() < 0.1) begin += pick(r, [-1, 1, 4]);
    if (r() < 0.1) end += pick(r, [-1, 1, 8]);
    offset = Number.isSafeInteger(end) && end >= 0 ? end : offset;
    const entry: Record<string, unknown> = { dtype, shape, data_offsets: r() < 0.05 ? randomValue(r) : [begin, end] };
    if (r() < 0.05) entry.extra = randomValue(r);
    parts.push(`${JSON.stringify(r() < 0.8 ? `t${t}` : pick(r, NAMES))}:${JSON.stringify(entry)}`);
  }
  if (r() < 0.5) {
    const meta = r() < 0.8 ? Object.fromEntries(Array.from({ length: int(r, 4) }, () => [pick(r, NAMES), r() < 0.9 ? pick(r, ['', 'x', '1']) : randomValue(r)])) : randomValue(r);
    parts.splice(int(r, parts.length + 1), 0, `"__metadata__":${JSON.stringify(meta)}`);
  }
  if (r() < 0.1 && parts.length) parts.push(pick(r, parts)); // a duplicate key
  let header = `{${parts.join(',')}}`;
  if (r() < 0.1) header = '['.repeat(int(r, 40)) + header;
  if (r() < 0.3) { const at = int(r, header.length); header = header.slice(0, at) + pick(r, JSONISH) + header.slice(at + int(r, 3)); }
  if (r() < 0.2) header += ' '.repeat(int(r, 8));
  const extra = r() < 0.15 ? pick(r, [-4, -1, 1, 3]) : 0;
  return rawFile(header, Uint8Array.from({ length: Math.min(4096, Math.max(0, offset + extra)) }, () => int(r, 256)));
}

/** Valid files to mutate: the writer's output and a hand-made multi-dtype file. */
export function seedFiles(): Uint8Array[] {
  const written = writeSafetensors({
    'fc.weight': { dtype: 'float32', shape: [2, 3], data: new Float32Array([1, -2, 3.5, 0, 1e-8, -0]) },
    steps: { dtype: 'int32', shape: [1], data: new Int32Array([7]) },
    mask: { dtype: 'bool', shape: [3], data: new Uint8Array([1, 0, 1]) },
    empty: { dtype: 'float32', shape: [0, 4], data: new Float32Array(0) },
  }, { format: 'pt', epoch: '3' });
  const hand = rawFile(JSON.stringify({
    __metadata__: { format: 'pt' }, h: { dtype: 'F16', shape: [2], data_offsets: [0, 4] }, g: { dtype: 'BF16', shape: [1], data_offsets: [4, 6] },
    i: { dtype: 'I64', shape: [1], data_offsets: [6, 14] }, d: { dtype: 'F64', shape: [1], data_offsets: [14, 22] }, u: { dtype: 'U8', shape: [2], data_offsets: [22, 24] },
  }), Uint8Array.from({ length: 24 }, (_, i) => (i * 37) & 0xff));
  return [written, hand];
}

function checkContents(c: SafetensorsContents): void {
  for (const [name, t] of c.tensors) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (t.data.length !== count) throw new Error(`tensor '${name}' has ${t.data.length} values for shape [${t.shape}]`);
    if (!['float32', 'int32', 'bool'].includes(t.dtype)) throw new Error(`tensor '${name}' has dtype ${t.dtype}`);
  }
  for (const [k, v] of Object.entries(c.metadata)) if (typeof v !== 'string') throw new Error(`metadata ${k} is not a string`);
}

/**
 * The safetensors target.
 *
 * @example
 * await runFuzz(safetensorsTarget(), 2000, 1);
 */
export function safetensorsTarget(): FuzzTarget<Uint8Array, SafetensorsContents> {
  const seeds = seedFiles();
  return {
    name: 'safetensors',
    make: (r) => {
      const k = int(r, 10);
      if (k < 5) return mutateBytes(r, pick(r, seeds), pick(r, seeds));
      if (k < 9) return structured(r);
      return Uint8Array.from({ length: int(r, 64) }, () => int(r, 256));
    },
    run: (bytes) => readSafetensors(bytes),
    check: checkContents,
  };
}
