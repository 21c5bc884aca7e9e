/**
 * Fuzz targets for the MNIST/IDX side of @tensorloom/data: the IDX parsers (mutated and
 * random headers, images, labels, pairs) and gzip (gunzip and gunzipIdx on mutated gzip
 * streams of IDX files, truncated streams, small bombs behind valid and invalid headers).
 * Accepted IDX data must match its shape; gunzip output must stay within its limit.
 */
import { gzipSync } from 'node:zlib';
import { gunzip, gunzipIdx, mnistFromBuffers, parseIdx, parseIdxImages, parseIdxLabels } from '../../packages/data/src/index.js';
import { int, mutateBytes, pick, type FuzzTarget, type Rand } from './harness.js';

/** An IDX file of unsigned bytes. */
export function idxFile(shape: readonly number[], fill: (i: number) => number, magic = 0x800 | shape.length): Uint8Array {
  const header = 4 + 4 * shape.length;
  const count = shape.reduce((a, b) => a * b, 1);
  const out = new Uint8Array(header + count);
  const v = new DataView(out.buffer);
  v.setUint32(0, magic, false);
  shape.forEach((d, i) => v.setUint32(4 + 4 * i, d, false));
  for (let i = 0; i < count; i++) out[header + i] = fill(i);
  return out;
}

function randomIdx(r: Rand): Uint8Array {
  const kind = int(r, 3);
  if (kind === 0) return idxFile([int(r, 4), 1 + int(r, 5), 1 + int(r, 5)], () => int(r, 256));
  if (kind === 1) return idxFile([int(r, 12)], () => int(r, 12));
  return idxFile(Array.from({ length: int(r, 5) }, () => int(r, 4)), () => int(r, 256), r() < 0.7 ? undefined : int(r, 2 ** 32));
}

type IdxInput = { images: Uint8Array; labels: Uint8Array; op: number };

/**
 * The IDX parsers.
 *
 * @example
 * await runFuzz(idxTarget(), 3000, 1);
 */
export function idxTarget(): FuzzTarget<IdxInput, { length: number; shape?: number[] }> {
  const seeds = [idxFile([2, 3, 4], (i) => i), idxFile([2], (i) => i + 3), idxFile([0, 28, 28], () => 0)];
  return {
    name: 'idx',
    make: (r) => {
      const one = (): Uint8Array => (r() < 0.6 ? mutateBytes(r, r() < 0.5 ? pick(r, seeds) : randomIdx(r)) : randomIdx(r));
      return { images: one(), labels: one(), op: int(r, 4) };
    },
    run: ({ images, labels, op }) => {
      if (op === 0) { const { shape, data } = parseIdx(images); return { length: data.length, shape }; }
      if (op === 1) { const m = parseIdxImages(images); return { length: m.pixels.length, shape: [m.count, m.rows, m.cols] }; }
      if (op === 2) return { length: parseIdxLabels(labels).length };
      const m = mnistFromBuffers(images, labels);
      if (m.labels.some((l) => l > 9)) throw new Error('a label above 9 was accepted');
      return { length: m.images.length, shape: [m.count, m.rows, m.cols] };
    },
    check: (out) => {
      const want = out.shape ? out.shape.reduce((a, b) => a * b, 1) : out.length;
      if (want !== out.length) throw new Error(`${out.length} values for shape [${out.shape}]`);
    },
  };
}

type GzInput = { bytes: Uint8Array; idx: boolean; limit: number };

/**
 * gunzip and gunzipIdx.
 *
 * @example
 * await runFuzz(gzipTarget(), 1000, 1);
 */
export function gzipTarget(): FuzzTarget<GzInput, Uint8Array> {
  const seeds = [
    gzipSync(idxFile([3, 8, 8], (i) => i & 0xff)), gzipSync(idxFile([5], (i) => i), { level: 1 }),
    gzipSync(idxFile([2, 64, 64], () => 0), { level: 9 }), // compresses well: long zero runs
    gzipSync(idxFile([1, 1, 1], () => 0).subarray(0, 10)), // a valid header declaring 16 bytes, then nothing
    gzipSync(new Uint8Array(1 << 20)), // a small bomb of zeros: not IDX
    gzipSync(new Uint8Array(Buffer.concat([Buffer.from(idxFile([1, 1, 4], () => 1)), Buffer.alloc(1 << 20)]))), // past the declared size
  ];
  return {
    name: 'gzip',
    make: (r) => {
      const k = int(r, 10);
      const base = pick(r, seeds);
      const bytes = k < 5 ? mutateBytes(r, base, pick(r, seeds)) : k < 8 ? gzipSync(mutateBytes(r, randomIdx(r))) : k < 9 ? base : base.subarray(0, int(r, base.length));
      return { bytes, idx: r() < 0.6, limit: pick(r, [64, 4096, 1 << 16, 1 << 20]) };
    },
    run: ({ bytes, idx, limit }) => (idx ? gunzipIdx(bytes, { maxBytes: limit }) : gunzip(bytes, { maxOutputBytes: limit })),
    check: (out, { bytes, limit }) => {
      if (out.length > limit && out !== bytes) throw new Error(`${out.length} bytes out, over the limit ${limit}`);
    },
  };
}
