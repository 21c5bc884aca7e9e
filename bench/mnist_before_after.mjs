// The image app's MNIST CNN (5×5 convs, Adam, batch 64) trained through its CLI in two
// checkouts, alternately (rotated rounds), on the same subset of MNIST; prints each round's
// seconds per epoch, the medians and the speed-up, extrapolated to the full 55,000-image epoch.
//   node mnist_before_after.mjs OLD_ROOT NEW_ROOT [--rounds 2] [--images 6400]
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';

const { values: opt, positionals: [before, after] } = parseArgs({
  allowPositionals: true, options: { rounds: { type: 'string', default: '2' }, images: { type: 'string', default: '6400' } },
});
const images = Number(opt.images);
const run = (root) => {
  const r = spawnSync('npx', ['-y', 'pnpm@10', '--filter', 'image-classifier', 'train', '--', '--backend', 'cpu', '--epochs', '1',
    '--train-size', String(images + 64), '--val-size', '64', '--test-size', '256', '--out', '/tmp/mnist_before_after.safetensors'],
  { cwd: root, encoding: 'utf8', timeout: 1_800_000 });
  const m = /Seconds per epoch: ([\d.]+)/.exec(r.stdout ?? '');
  if (!m) throw new Error(`${root}: no epoch time in\n${(r.stdout ?? '').slice(-500)}${(r.stderr ?? '').slice(-500)}`);
  return Number(m[1]);
};
const times = { before: [], after: [] };
for (let i = 0; i < Number(opt.rounds); i++) {
  for (const which of i % 2 === 0 ? ['before', 'after'] : ['after', 'before']) {
    const s = run(which === 'before' ? before : after);
    times[which].push(s);
    console.log(`round ${i + 1}: ${which} ${s.toFixed(1)} s for ${images} images (load ${loadavg()[0].toFixed(1)})`);
  }
}
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const scale = 55000 / images;
const b = med(times.before) * scale, a = med(times.after) * scale;
console.log(`\nMNIST epoch (55,000 images, extrapolated from ${images}): before ${b.toFixed(0)} s, after ${a.toFixed(0)} s, ${(b / a).toFixed(1)}× faster`);
