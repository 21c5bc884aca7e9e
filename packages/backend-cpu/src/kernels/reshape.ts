/**
 * reshape: storage is contiguous row-major, so a reshape is the input storage itself (core
 * shares the handle).
 */
import type { CpuKernel } from './util/types.js';

export const reshape: CpuKernel<'reshape'> = ([x]) => x.data;
