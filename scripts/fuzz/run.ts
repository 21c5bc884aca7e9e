/**
 * The on-demand fuzz run (not in CI):
 * `pnpm fuzz [-- --count 100000 --seed 1 --only safetensors,gzip --max-seconds 600]`
 * (targets: safetensors, checkpoint, idx, gzip, onnx, wav; onnx needs libonnx-testdata). Runs each
 * parser on `count` seeded inputs and prints typed errors, accepted inputs, failures (untyped errors
 * or broken acceptances: the exit code is 1 when there are any), the worst time per input, the peak
 * memory and the rate; --max-seconds stops a target early (its line says so). The CI tests run the
 * same targets on fewer inputs.
 */
import { parseArgs } from 'node:util';
import { checkpointTarget } from './checkpoint_fuzz.js';
import { formatStats, runFuzz, type FuzzTarget } from './harness.js';
import { gzipTarget, idxTarget } from './idx_fuzz.js';
import { onnxTarget } from './onnx_fuzz.js';
import { safetensorsTarget } from './safetensors_fuzz.js';
import { wavTarget } from './wav_fuzz.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { count: { type: 'string', default: '100000' }, seed: { type: 'string', default: '1' }, only: { type: 'string', default: '' }, 'max-seconds': { type: 'string' } },
});
const count = Number(values.count);
const seed = Number(values.seed);
const maxSeconds = values['max-seconds'] === undefined ? undefined : Number(values['max-seconds']);
const only = values.only ? values.only.split(',') : ['safetensors', 'checkpoint', 'idx', 'gzip', 'onnx', 'wav'];
const makers: Record<string, () => FuzzTarget | Promise<FuzzTarget>> = {
  safetensors: safetensorsTarget as () => FuzzTarget, checkpoint: checkpointTarget as () => Promise<FuzzTarget>,
  idx: idxTarget as () => FuzzTarget, gzip: gzipTarget as () => FuzzTarget,
  onnx: onnxTarget as () => Promise<FuzzTarget>, wav: wavTarget as () => FuzzTarget,
};
let failures = 0;
console.log(`fuzz: ${count} inputs per parser, seed ${seed}, node ${process.version}`);
for (const name of only) {
  if (!makers[name]) { console.error(`unknown parser '${name}'; choose from ${Object.keys(makers).join(', ')}`); process.exit(2); }
  const stats = await runFuzz(await makers[name](), count, seed, { maxSeconds });
  console.log(formatStats(stats));
  for (const f of stats.failures) console.log(`  ${f}`);
  failures += stats.failureCount;
}
process.exit(failures ? 1 : 0);
