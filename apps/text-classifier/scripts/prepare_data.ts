/**
 * `pnpm --filter text-classifier prepare-data` (run by `dev` and `build` too): writes
 * generated/spam.json, generated/sentiment.json and generated/manifest.json (see
 * ensure_data.ts). `--force` rebuilds; `--out DIR` writes elsewhere.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensurePreparedData } from './ensure_data.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values: opts } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { out: { type: 'string', default: resolve(here, '../generated') }, force: { type: 'boolean', default: false } },
});
await ensurePreparedData(resolve(opts.out), { force: opts.force, log: (l) => console.log(l) });
