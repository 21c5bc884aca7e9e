/**
 * The prepared text datasets (made at build time by scripts/prepare_data.ts, read by the
 * CLI and the worker): one compact columnar JSON per corpus, with labels, a domain per
 * text and a seeded train/val/test split. This file checks a loaded file (untrusted) and
 * selects rows; it runs in Node and in the browser.
 */

export const DATASET_FORMAT = 'tensorloom-text-dataset';
export type CorpusName = 'spam' | 'sentiment';
export const SPLITS = ['train', 'val', 'test'] as const;
export type SplitName = typeof SPLITS[number];

export interface TextDataset {
  format: typeof DATASET_FORMAT;
  version: 1;
  name: CorpusName;
  /** Class names by label. */
  classes: string[];
  /** Domain names by domain index (SpamAssassin's folders, or yelp / amazon / imdb). */
  domains: string[];
  texts: string[];
  labels: number[];
  domain: number[];
  /** 0 train, 1 val, 2 test. */
  split: number[];
  /** Where the data came from and how it was cut. */
  source: string;
}

/** Rows of a dataset: texts and labels. */
export interface Rows { texts: string[]; labels: number[] }

/**
 * Checks a parsed dataset file and returns it typed.
 *
 * @example
 * const spam = checkDataset(await (await fetch(url)).json());
 */
export function checkDataset(json: unknown): TextDataset {
  const d = json as Partial<TextDataset> | null;
  if (!d || typeof d !== 'object' || d.format !== DATASET_FORMAT || d.version !== 1) throw new Error(`not a ${DATASET_FORMAT} v1 file; run \`pnpm --filter text-classifier prepare-data\``);
  const n = Array.isArray(d.texts) ? d.texts.length : -1;
  const ok = (a: unknown, max: number): boolean => Array.isArray(a) && a.length === n && a.every((v) => Number.isInteger(v) && v >= 0 && v < max);
  if (n < 0 || !d.texts!.every((t) => typeof t === 'string')) throw new Error('dataset: texts must be strings');
  if (!Array.isArray(d.classes) || !Array.isArray(d.domains)) throw new Error('dataset: classes and domains must be arrays');
  if (!ok(d.labels, d.classes.length) || !ok(d.domain, d.domains.length) || !ok(d.split, 3)) throw new Error(`dataset: labels, domain and split must be ${n} in-range integers each`);
  return d as TextDataset;
}

/**
 * The rows of `split` (and of the listed domains, default all).
 *
 * @example
 * const test = selectRows(spam, 'test');
 * const imdbTrain = selectRows(sentiment, 'train', ['imdb']);
 */
export function selectRows(d: TextDataset, split: SplitName | 'all', domains?: readonly string[]): Rows {
  const s = split === 'all' ? -1 : SPLITS.indexOf(split);
  const keep = domains ? new Set(domains.map((name) => {
    const i = d.domains.indexOf(name);
    if (i < 0) throw new Error(`dataset ${d.name} has no domain '${name}' (it has ${d.domains.join(', ')})`);
    return i;
  })) : null;
  const texts: string[] = [], labels: number[] = [];
  for (let i = 0; i < d.texts.length; i++) {
    if ((s < 0 || d.split[i] === s) && (!keep || keep.has(d.domain[i]))) { texts.push(d.texts[i]); labels.push(d.labels[i]); }
  }
  return { texts, labels };
}
