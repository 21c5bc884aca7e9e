/**
 * Test helpers: the CPU backend, and IDX files built in memory.
 */
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
