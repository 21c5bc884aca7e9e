/**
 * IDX parsing: small files built in memory, corrupt and truncated headers, gzip.
 */
import { gzipSync } from 'node:zlib';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TensorloomError } from '@tensorloom/core';
import { gunzip, isGzip, mnistFromBuffers, parseIdx, parseIdxImages, parseIdxLabels } from '@tensorloom/data';
import { loadMnist, readIdxFile } from '@tensorloom/data/node';
import { idxBytes } from './helpers.js';

const pixels = Array.from({ length: 2 * 3 * 4 }, (_, i) => (i * 11) % 256);
const images = idxBytes([2, 3, 4], pixels);
const labels = idxBytes([2], [7, 3]);

describe('parseIdx', () => {
  it('parses an images file: header fields and pixels', () => {
    const img = parseIdxImages(images);
    expect([img.count, img.rows, img.cols]).toEqual([2, 3, 4]);
    expect(Array.from(img.pixels)).toEqual(pixels);
  });

  it('parses a labels file', () => {
    expect(Array.from(parseIdxLabels(labels))).toEqual([7, 3]);
  });

  it('reads from an ArrayBuffer and from a view at an offset (a pooled Node Buffer)', () => {
    const copy = images.slice();
    expect(parseIdxImages(copy.buffer).count).toBe(2);
    const big = new Uint8Array(images.length + 10);
    big.set(images, 10);
    const img = parseIdxImages(big.subarray(10));
    expect(Array.from(img.pixels)).toEqual(pixels);
    const buf = Buffer.concat([Buffer.alloc(5), Buffer.from(labels)]).subarray(5);
    expect(Array.from(parseIdxLabels(buf))).toEqual([7, 3]);
  });

  it('parses any number of dimensions generically', () => {
    const { shape, data } = parseIdx(idxBytes([2, 1, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]));
    expect(shape).toEqual([2, 1, 2, 2]);
    expect(Array.from(data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('accepts an empty set (count 0)', () => {
    expect(parseIdxImages(idxBytes([0, 28, 28], [])).count).toBe(0);
  });
});

describe('untrusted IDX files', () => {
  const err = (fn: () => unknown): string => {
    try { fn(); } catch (e) { expect(e).toBeInstanceOf(TensorloomError); return (e as Error).message; }
    throw new Error('expected a TensorloomError');
  };

  it('rejects a file shorter than the magic number', () => {
    expect(err(() => parseIdxImages(new Uint8Array([0, 0])))).toMatch(/truncated: it has 2 bytes/);
  });

  it('rejects a truncated header', () => {
    expect(err(() => parseIdxImages(images.subarray(0, 10)))).toMatch(/truncated: it has 10 bytes but its 3-dimensional header needs 16/);
    expect(err(() => parseIdxLabels(labels.subarray(0, 6)))).toMatch(/header needs 8/);
  });

  it('rejects truncated data, naming declared and available sizes', () => {
    expect(err(() => parseIdxImages(images.subarray(0, images.length - 1)))).toMatch(/truncated or corrupt: its header declares 2 × 3 × 4 = 24 values after the 16-byte header, but only 23 bytes follow/);
    expect(err(() => parseIdxLabels(labels.subarray(0, 9)))).toMatch(/declares 2 = 2 values .* only 1 bytes follow/);
  });

  it('rejects trailing bytes', () => {
    const long = new Uint8Array(labels.length + 3);
    long.set(labels);
    expect(err(() => parseIdxLabels(long))).toMatch(/3 too many/);
  });

  it('rejects a header whose counts exceed the file without allocating', () => {
    const huge = idxBytes([0xffffffff, 0xffffffff, 0xffffffff], []);
    expect(err(() => parseIdxImages(huge))).toMatch(/truncated or corrupt/);
  });

  it('rejects bad magic numbers with a hint', () => {
    expect(err(() => parseIdxImages(labels))).toMatch(/labels file \(magic 0x00000801\).*pass it as the labels/);
    expect(err(() => parseIdxLabels(images))).toMatch(/images file/);
    expect(err(() => parseIdxImages(idxBytes([1], [0], 0x12345678)))).toMatch(/magic number is 0x12345678, expected 0x00000803/);
    expect(err(() => parseIdx(idxBytes([1], [0], 0x01000801)))).toMatch(/not an IDX file/);
    expect(err(() => parseIdx(idxBytes([1], [0], 0x00000d01)))).toMatch(/type float32 .* not supported/);
    expect(err(() => parseIdx(new Uint8Array([0, 0, 8, 0])))).toMatch(/not an IDX file/);
  });

  it('rejects gzip bytes with a pointer to gunzip', () => {
    expect(err(() => parseIdxImages(gzipSync(images)))).toMatch(/gzip-compressed; decompress it first/);
  });

  it('mnistFromBuffers checks that images and labels belong together', () => {
    expect(err(() => mnistFromBuffers(images, idxBytes([3], [1, 2, 3])))).toMatch(/2 images but the labels file 3 labels/);
    expect(err(() => mnistFromBuffers(images, idxBytes([2], [1, 12])))).toMatch(/label 1 is 12, but MNIST labels are 0..9/);
    const ok = mnistFromBuffers(images, labels);
    expect([ok.count, ok.rows, ok.cols, Array.from(ok.labels)]).toEqual([2, 3, 4, [7, 3]]);
  });
});

describe('gzip', () => {
  it('gunzip (DecompressionStream) restores gzipped bytes and passes raw bytes through', async () => {
    const gz = gzipSync(images);
    expect(isGzip(gz)).toBe(true);
    expect(Array.from(await gunzip(gz))).toEqual(Array.from(images));
    expect(await gunzip(images)).toBe(images);
  });

  it('gunzip rejects corrupt gzip data', async () => {
    const gz = gzipSync(images);
    await expect(gunzip(gz.subarray(0, gz.length - 12))).rejects.toThrow(/gunzip: the gzip data is truncated or corrupt/);
  });

  it('readIdxFile and loadMnist({ dir }) read raw and .gz files from disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-idx-'));
    writeFileSync(join(dir, 't10k-images-idx3-ubyte.gz'), gzipSync(images));
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), labels);
    expect(Array.from(await readIdxFile(join(dir, 't10k-images-idx3-ubyte.gz')))).toEqual(Array.from(images));
    const data = await loadMnist('test', { dir });
    expect([data.count, data.rows, data.cols]).toEqual([2, 3, 4]);
    expect(Array.from(data.images)).toEqual(pixels);
    await expect(loadMnist('train', { dir })).rejects.toThrow(/train-images-idx3-ubyte \(or \.gz\) does not exist/);
    await expect(readIdxFile(join(dir, 'nope'))).rejects.toThrow(/readIdxFile: cannot read/);
    writeFileSync(join(dir, 'bad.gz'), gzipSync(images).subarray(0, 20));
    await expect(readIdxFile(join(dir, 'bad.gz'))).rejects.toThrow(/bad\.gz: the gzip data is truncated or corrupt/);
  });
});
