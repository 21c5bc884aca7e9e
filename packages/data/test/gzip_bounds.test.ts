/**
 * Bounded decompression: gzip bombs and lying IDX headers fail after a few chunks of output
 * (the error says how far it got), gunzip has an output limit, and genuine files — gzipped
 * MNIST included — still load.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TensorloomError } from '@tensorloom/core';
import { fetchMnist, gunzip, gunzipIdx, idxDeclaredSize, parseIdxImages } from '@tensorloom/data';
import { readIdxFile } from '@tensorloom/data/node';
import { gzipBomb, idxBytes } from './helpers.js';

/** The bomb: a ~1 MB gzip of 1 GiB of zeros; behind a valid IDX header, 256 MiB. */
const zeros = gzipBomb(1024);
const bomb = (header: Uint8Array): Uint8Array => gzipBomb(256, header);
const stopped = (message: string): number => Number(/stopped after (\d+) bytes/.exec(message)?.[1]);

async function rejection(p: Promise<unknown>): Promise<string> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(TensorloomError);
  return (e as Error).message;
}

describe('gzip bombs fail fast', () => {
  it('the bomb is what it says: 1 GiB of zeros in about 1 MB (checked on a 4 MiB one)', async () => {
    expect(zeros.length).toBeGreaterThan(1e6);
    expect(zeros.length).toBeLessThan(1.1e6);
    const small = gunzipSync(gzipBomb(4, new Uint8Array([7, 8])));
    expect([small.length, small[0], small[1], small.reduce((a, b) => a + b, 0)]).toEqual([4 * 2 ** 20, 7, 8, 15]);
  });

  it('the 1 MB bomb of zeros is not an IDX file: readIdxFile and gunzipIdx stop on the first chunk', async () => {
    expect(await rejection(gunzipIdx(zeros))).toMatch(/^gunzipIdx: not an IDX file: the magic number is 0x00000000/);
    const dir = mkdtempSync(join(tmpdir(), 'tl-bomb-'));
    writeFileSync(join(dir, 'bomb.gz'), zeros);
    expect(await rejection(readIdxFile(join(dir, 'bomb.gz')))).toMatch(/^readIdxFile: .*bomb\.gz: not an IDX file/);
  });

  it('a bomb behind a valid IDX header stops just past the size the header declares', async () => {
    const header = idxBytes([10, 28, 28], []);
    const msg = await rejection(gunzipIdx(bomb(header)));
    expect(msg).toMatch(/decompresses to more than the 7856 bytes its IDX header declares/);
    expect(stopped(msg)).toBeGreaterThan(7856);
    expect(stopped(msg)).toBeLessThan(2 ** 20); // a chunk or two of output, not a gigabyte
  });

  it('a header that declares more than maxBytes is refused before the data is inflated', async () => {
    const header = idxBytes([60000, 1000, 1000], []);
    expect(await rejection(gunzipIdx(bomb(header)))).toMatch(/IDX header declares 60000000016 bytes, more than the 268435456 allowed; pass \{ maxBytes \}/);
    expect(await rejection(gunzipIdx(gzipSync(idxBytes([100], new Array(100).fill(1))), { maxBytes: 50 }))).toMatch(/declares 108 bytes, more than the 50 allowed/);
  });

  it('gunzip has an output limit (default 128 MiB), and stops within a chunk of it', async () => {
    const msg = await rejection(gunzip(zeros, { maxOutputBytes: 100_000 }));
    expect(msg).toMatch(/^gunzip: the gzip data decompresses to more than 100000 bytes/);
    expect(stopped(msg)).toBeLessThan(100_000 + 2 ** 17);
    const dflt = await rejection(gunzip(zeros));
    expect(dflt).toMatch(/more than 134217728 bytes/);
    expect(await rejection(gunzip(zeros, { maxOutputBytes: -1 }))).toMatch(/maxOutputBytes must be a non-negative integer/);
  });
});

describe('genuine gzip still loads', () => {
  const images = idxBytes([3, 4, 5], Array.from({ length: 60 }, (_, i) => i));

  it('gunzipIdx returns the exact bytes, for raw and gzipped input', async () => {
    expect(Array.from(await gunzipIdx(gzipSync(images)))).toEqual(Array.from(images));
    expect(await gunzipIdx(images)).toBe(images);
    expect(parseIdxImages(await gunzipIdx(gzipSync(images))).count).toBe(3);
    expect(Array.from(await gunzip(gzipSync(images), { maxOutputBytes: images.length }))).toEqual(Array.from(images));
  });

  it('gzip of a truncated IDX file inflates and the parser names what is missing', async () => {
    const short = await gunzipIdx(gzipSync(images.subarray(0, 30)));
    expect(() => parseIdxImages(short)).toThrow(/truncated or corrupt: its header declares 3 × 4 × 5 = 60 values .* only 14 bytes follow/);
  });

  it('idxDeclaredSize reads the header from a prefix and rejects bad magic early', () => {
    expect(idxDeclaredSize(images.subarray(0, 3))).toBeUndefined();
    expect(idxDeclaredSize(images.subarray(0, 10))).toBeUndefined();
    expect(idxDeclaredSize(images.subarray(0, 16))).toBe(16 + 60);
    expect(() => idxDeclaredSize(new Uint8Array([1, 2, 3, 4]))).toThrow(/not an IDX file/);
  });

  it('fetchMnist decompresses against the declared size too', async () => {
    const labels = idxBytes([3], [1, 2, 3]);
    const files: Record<string, Uint8Array> = { '/i': gzipSync(images.slice().fill(0, 0, 0)), '/l': gzipSync(labels), '/bomb': zeros };
    const fake = async (url: string): Promise<Response> => new Response(new Uint8Array(files[url]));
    const data = await fetchMnist({ images: '/i', labels: '/l' }, { fetch: fake });
    expect([data.count, data.rows, data.cols, Array.from(data.labels)]).toEqual([3, 4, 5, [1, 2, 3]]);
    expect(await rejection(fetchMnist({ images: '/bomb', labels: '/l' }, { fetch: fake }))).toMatch(/^fetchMnist: not an IDX file/);
  });
});
