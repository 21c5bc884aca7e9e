// How much of a training step the copies into and out of WebAssembly memory cost: counts the
// bytes the backend copies per step (WasmRuntime.copiedBytes), times copies of that size
// (TypedArray.set into the WebAssembly memory and slice out, as the kernels do) interleaved
// with the steps, and prints the share. Decides storage: copies (< 5%) or tensors in
// WebAssembly memory. Run: node copy_share.mjs
import * as tl from '@tensorloom/core';
import { workload, init } from './peers/tensorloom.mjs';

await init();
const rt = tl.getBackend().wasm;
for (const id of ['mlp_step', 'cnn_step']) {
  const w = await workload(id);
  for (let i = 0; i < 3; i++) w.run();
  const steps = 10;
  const before = rt.copiedBytes;
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) w.run();
  const stepMs = (performance.now() - t0) / steps;
  const bytes = (rt.copiedBytes - before) / steps;
  // Copy the same number of bytes the way put/take do, in 1 MiB pieces.
  const piece = new Float32Array(1 << 18);
  const mem = new Float32Array(rt.memory.buffer);
  const reps = Math.ceil(bytes / (piece.length * 4) / 2);
  const c0 = performance.now();
  for (let r = 0; r < 20; r++) {
    for (let i = 0; i < reps; i++) { mem.set(piece, 1 << 16); piece.set(mem.subarray(1 << 16, (1 << 16) + piece.length)); }
  }
  const copyMs = (performance.now() - c0) / 20;
  console.log(`${id}: ${stepMs.toFixed(1)} ms/step, ${(bytes / 2 ** 20).toFixed(1)} MiB copied/step, copies ≈ ${copyMs.toFixed(2)} ms = ${(100 * copyMs / stepMs).toFixed(1)}% of a step`);
}
process.exit(0);
