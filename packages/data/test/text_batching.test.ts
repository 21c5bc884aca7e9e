/**
 * Text batches: padding / truncation / masks, length-bucketed seeded batching, and
 * pretrained word vectors (text and JSON formats) with their coverage report.
 */
import { describe, expect, test } from 'vitest';
import { TensorloomError } from '@tensorloom/core';
import { BucketSampler, Vocab, embeddingMatrix, padSequences, parseWordVectors, wordVectorsFromJson } from '@tensorloom/data';

describe('padSequences', () => {
  const seqs = [[5, 6, 7], [8], []];

  test('pads to the longest row on the right, with a mask and lengths', () => {
    const b = padSequences(seqs);
    expect(b.shape).toEqual([3, 3]);
    expect(Array.from(b.ids)).toEqual([5, 6, 7, 8, 0, 0, 0, 0, 0]);
    expect(Array.from(b.mask)).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0]);
    expect(Array.from(b.lengths)).toEqual([3, 1, 0]);
  });

  test('truncation keeps the head or the tail; padTo max; left padding; pad id', () => {
    const head = padSequences(seqs, { maxLength: 2 });
    expect(Array.from(head.ids)).toEqual([5, 6, 8, 0, 0, 0]);
    const tail = padSequences(seqs, { maxLength: 2, truncate: 'tail', side: 'left', padId: 9 });
    expect(Array.from(tail.ids)).toEqual([6, 7, 9, 8, 9, 9]);
    expect(Array.from(tail.mask)).toEqual([1, 1, 0, 1, 0, 0]);
    const max = padSequences([[1]], { maxLength: 4, padTo: 'max' });
    expect(max.shape).toEqual([1, 4]);
    expect(Array.from(max.mask)).toEqual([1, 0, 0, 0]);
  });

  test('all-empty rows give one padded column; an empty batch is [0, 1]', () => {
    expect(padSequences([[], []]).shape).toEqual([2, 1]);
    expect(Array.from(padSequences([[], []]).mask)).toEqual([0, 0]);
    expect(padSequences([]).shape).toEqual([0, 1]);
  });

  test('a very long sequence is cut to maxLength without copying the rest', () => {
    const long = new Int32Array(1_000_000).map((_, i) => i % 97);
    const b = padSequences([long, [1, 2]], { maxLength: 128 });
    expect(b.shape).toEqual([2, 128]);
    expect(Array.from(b.ids.subarray(0, 4))).toEqual([0, 1, 2, 3]);
    expect(b.lengths[0]).toBe(128);
  });

  test('bad input', () => {
    expect(() => padSequences([[1.5]])).toThrow(/non-integer id/);
    expect(() => padSequences([[1]], { maxLength: 0 })).toThrow(/maxLength/);
    expect(() => padSequences([[1]], { padTo: 'max' })).toThrow(/needs maxLength/);
    expect(() => padSequences([null as unknown as number[]])).toThrow(TensorloomError);
  });
});

describe('BucketSampler', () => {
  // Lengths 0..99 in a scrambled order.
  const lengths = Array.from({ length: 100 }, (_, i) => (i * 37) % 100);

  test('every index exactly once per epoch; only the last batch is short', () => {
    const s = new BucketSampler(lengths, { batchSize: 8, seed: 3, poolSize: 4 });
    expect(s.length).toBe(13);
    const b = s.batches();
    expect(b.length).toBe(13);
    expect(b.flat().sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(b.slice(0, -1).every((x) => x.length === 8)).toBe(true);
    expect(b[12].length).toBe(4);
    const dropped = new BucketSampler(lengths, { batchSize: 8, seed: 3, dropLast: true });
    expect(dropped.length).toBe(12);
    expect(dropped.batches().flat().length).toBe(96);
  });

  test('batches hold similar lengths: far less padding than random batches', () => {
    const padding = (batches: number[][]): number => batches.reduce((sum, b) => {
      const ls = b.map((i) => lengths[i]);
      return sum + ls.length * Math.max(...ls) - ls.reduce((a, c) => a + c, 0);
    }, 0);
    const bucketed = padding(new BucketSampler(lengths, { batchSize: 10, seed: 0, poolSize: 10 }).batches());
    const random = padding(new BucketSampler(lengths, { batchSize: 10, seed: 0, poolSize: 1 }).batches());
    // One pool holding all: sorted lengths 0..99 cut in tens → 45 pad tokens per batch, 450 in all.
    expect(bucketed).toBe(450);
    expect(random).toBeGreaterThan(3 * bucketed);
  });

  test('seeded: same seed and epoch → same batches; another epoch → another order', () => {
    const a = new BucketSampler(lengths, { batchSize: 8, seed: 7 });
    const b = new BucketSampler(lengths, { batchSize: 8, seed: 7 });
    expect(a.batches()).toEqual(b.batches());
    a.setEpoch(1);
    expect(a.batches()).not.toEqual(b.batches());
    b.setEpoch(1);
    expect(a.batches()).toEqual(b.batches());
    expect(new BucketSampler(lengths, { batchSize: 8, seed: 8 }).batches()).not.toEqual(new BucketSampler(lengths, { batchSize: 8, seed: 7 }).batches());
  });

  test('shuffle false: items in order, sorted within pools', () => {
    const s = new BucketSampler([3, 1, 2, 0], { batchSize: 2, seed: 0, shuffle: false, poolSize: 1 });
    expect(s.batches()).toEqual([[1, 0], [3, 2]]);
    expect(new BucketSampler([3, 1, 2, 0], { batchSize: 2, seed: 0, shuffle: false, poolSize: Infinity }).batches()).toEqual([[3, 1], [2, 0]]);
    expect(new BucketSampler([], { batchSize: 2, seed: 0 }).batches()).toEqual([]);
  });

  test('bad input', () => {
    expect(() => new BucketSampler([1], { batchSize: 0, seed: 0 })).toThrow(/batchSize/);
    expect(() => new BucketSampler([1], { batchSize: 1, seed: -1 })).toThrow(/seed/);
    expect(() => new BucketSampler([-1], { batchSize: 1, seed: 0 })).toThrow(/length 0/);
    expect(() => new BucketSampler([1], { batchSize: 1, seed: 0 }).setEpoch(1.5)).toThrow(/epoch/);
  });
});

describe('word vectors', () => {
  const glove = 'the 0.1 0.2 0.3\ncat -1 0.5 2e-1\r\n\nCafé 1 2 3\nunused 9 9 9\n';

  test('GloVe text: words and vectors; word2vec header skipped; keep filter', () => {
    const wv = parseWordVectors(glove);
    expect(wv.dim).toBe(3);
    expect([...wv.vectors.keys()]).toEqual(['the', 'cat', 'Café', 'unused']);
    expect(Array.from(wv.vectors.get('cat')!)).toEqual([-1, 0.5, Math.fround(0.2)]);
    const w2v = parseWordVectors('2 3\n' + glove.split('\n').slice(0, 2).join('\n'));
    expect(w2v.vectors.size).toBe(2);
    expect(parseWordVectors(glove, { keep: (w) => w !== 'unused' }).vectors.has('unused')).toBe(false);
    expect(parseWordVectors(glove, { maxWords: 1 }).vectors.size).toBe(1);
  });

  test('JSON: plain word → vector, and the wink-embeddings layout with extra entries', () => {
    expect(Array.from(wordVectorsFromJson({ a: [1, 2], b: [3, 4] }).vectors.get('b')!)).toEqual([3, 4]);
    const wink = { dimensions: 2, words: ['a'], vectors: { a: [0.5, -0.5, 0.7071, 0] } };
    const wv = wordVectorsFromJson(wink);
    expect(wv.dim).toBe(2);
    expect(Array.from(wv.vectors.get('a')!)).toEqual([0.5, -0.5]);
  });

  test('untrusted files: ragged rows, non-numbers, absurd dimensions are clear errors', () => {
    expect(() => parseWordVectors('a 1 2\nb 1\n')).toThrow(/line 2: 1 numbers, but the vectors have 2/);
    expect(() => parseWordVectors('a 1 x\n')).toThrow(/'x' is not a finite number/);
    expect(() => parseWordVectors('1 99999999\na 1\n')).toThrow(/dimension/);
    expect(() => parseWordVectors('\n\n')).toThrow(/no vectors/);
    expect(() => wordVectorsFromJson({ a: [1, 2], b: [1] })).toThrow(/'b' has 1 numbers/);
    expect(() => wordVectorsFromJson({ a: [1, null] })).toThrow(/holds null/);
    expect(() => wordVectorsFromJson([1, 2])).toThrow(TensorloomError);
  });

  test('embeddingMatrix: pretrained rows, zero <pad>, seeded random rows, coverage by entries and by tokens', () => {
    const vocab = Vocab.build([['the', 'the', 'the', 'cat', 'café', 'dog']]);
    expect(vocab.tokens).toEqual(['<pad>', '<unk>', 'the', 'café', 'cat', 'dog']);
    const { matrix, dim, coverage } = embeddingMatrix(vocab, parseWordVectors(glove), { seed: 1 });
    expect(dim).toBe(3);
    const row = (i: number): number[] => Array.from(matrix.subarray(i * 3, i * 3 + 3));
    expect(row(0)).toEqual([0, 0, 0]);
    expect(row(2)).toEqual(Array.from(Float32Array.of(0.1, 0.2, 0.3)));
    expect(row(4)).toEqual(Array.from(Float32Array.of(-1, 0.5, 0.2)));
    expect(row(3)).not.toEqual([1, 2, 3]); // the file has 'Café' only; the fallback lower-cases the vocab's word, not the file's
    expect(row(5).every((x) => Math.abs(x) < 1 && x !== 0)).toBe(true); // dog: N(0, 0.1²)
    expect(coverage).toEqual({ found: 2, total: 4, vocabCoverage: 0.5, tokenCoverage: 4 / 6, missing: ['café', 'dog'] });
    // Seeded: the same seed gives the same random rows.
    expect(Array.from(embeddingMatrix(vocab, parseWordVectors(glove), { seed: 1 }).matrix)).toEqual(Array.from(matrix));
    expect(Array.from(embeddingMatrix(vocab, parseWordVectors(glove), { scale: 0 }).matrix.subarray(15, 18))).toEqual([0, 0, 0]);
  });
});
