/**
 * Prepares the datasets into a folder unless they are already there: writes spam.json,
 * sentiment.json and manifest.json (their SHA-256 and the key of the code and packages
 * that made them), and skips the work when the manifest's key and hashes still match, so
 * `pnpm dev` starts at once after the first run.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareSentiment, prepareSpam, writeDataset } from './prepare.js';

const here = dirname(fileURLToPath(import.meta.url));

async function sha(path: string): Promise<string | null> {
  try { return createHash('sha256').update(await readFile(path)).digest('hex'); } catch { return null; }
}

/**
 * @example
 * const { files } = await ensurePreparedData('generated'); // { 'spam.json': sha256, … }
 */
export async function ensurePreparedData(out: string, options: { force?: boolean; log?: (line: string) => void } = {}): Promise<{ files: Record<string, string>; rebuilt: boolean }> {
  const log = options.log ?? (() => undefined);
  const key = createHash('sha256');
  for (const f of ['prepare.ts', '../src/dataset.ts', '../package.json']) key.update(await readFile(join(here, f)));
  const cacheKey = key.digest('hex').slice(0, 16);
  const manifestPath = join(out, 'manifest.json');
  const old = await readFile(manifestPath, 'utf8').then((s) => JSON.parse(s) as { key: string; files: Record<string, string> }).catch(() => null);
  if (!options.force && old?.key === cacheKey && (await Promise.all(Object.entries(old.files).map(async ([f, h]) => (await sha(join(out, f))) === h))).every(Boolean)) {
    log(`text-classifier data: up to date in ${out}`);
    return { files: old.files, rebuilt: false };
  }
  const started = performance.now();
  const files: Record<string, string> = {};
  const sentiment = await prepareSentiment();
  files['sentiment.json'] = await writeDataset(join(out, 'sentiment.json'), sentiment);
  const spam = await prepareSpam();
  files['spam.json'] = await writeDataset(join(out, 'spam.json'), spam);
  await writeFile(manifestPath, JSON.stringify({ key: cacheKey, files }, null, 2) + '\n');
  const count = (d: { split: number[] }, s: number): number => d.split.filter((x) => x === s).length;
  for (const d of [spam, sentiment]) {
    log(`text-classifier data: ${d.name}.json ${d.texts.length} texts (train ${count(d, 0)}, val ${count(d, 1)}, test ${count(d, 2)}) sha256 ${files[`${d.name}.json`].slice(0, 12)}…`);
  }
  log(`text-classifier data: prepared in ${((performance.now() - started) / 1000).toFixed(1)} s → ${out}`);
  return { files, rebuilt: true };
}
