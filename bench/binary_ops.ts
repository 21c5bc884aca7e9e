/**
 * The JavaScript binary kernels (the fallback where WebAssembly SIMD is missing) in one
 * process: ns per element for same-shape, scalar and row-broadcast operands. Used to check
 * that the one-factory kernels (issue 8) are no slower than the hand-written ones:
 *   tsx bench/binary_ops.ts <path to a backend-cpu src/kernels/index.ts>
 * (run.mjs's `--binary OLD_ROOT` runs it interleaved for two checkouts).
 */
const [path] = process.argv.slice(2);
const { kernels } = (await import(path)) as { kernels: Record<string, (i: unknown[], a: object, o: object) => unknown> };
const n = 1 << 18;
const rand = (len: number): Float32Array => Float32Array.from({ length: len }, (_, i) => Math.sin(i) * 3);
const a = { data: rand(n), shape: [512, 512], dtype: 'float32' };
const b = { data: rand(n), shape: [512, 512], dtype: 'float32' };
const s = { data: Float32Array.of(0.5), shape: [], dtype: 'float32' };
const row = { data: rand(512), shape: [512], dtype: 'float32' };
const out = { shape: [512, 512], dtype: 'float32' };
const outB = { shape: [512, 512], dtype: 'bool' };
const result: Record<string, number> = {};
for (const op of ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'pow', 'less', 'greaterEqual', 'equal']) {
  const o = ['less', 'greaterEqual', 'equal'].includes(op) ? outB : out;
  for (const [form, y] of [['same', b], ['scalar', s], ['row', row]] as const) {
    const k = kernels[op];
    for (let i = 0; i < 5; i++) k([a, y], {}, o);
    const times: number[] = [];
    for (let r = 0; r < 15; r++) {
      const t0 = performance.now();
      k([a, y], {}, o);
      times.push(performance.now() - t0);
    }
    times.sort((p, q) => p - q);
    result[`${op} ${form}`] = (times[7] * 1e6) / n;
  }
}
console.log(JSON.stringify(result));
