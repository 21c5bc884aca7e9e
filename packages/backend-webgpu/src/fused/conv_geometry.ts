/**
 * The uniform words every conv2d / pooling shader shares: sizes, stride, padding, dilation and
 * groups, and the WGSL that names them.
 */
import type { Pair } from '@tensorloom/core';
import { U } from '../gpu/wgsl.js';

/** Geometry of a 2-D convolution or pooling window over NCHW tensors. */
export interface ConvGeometry {
  n: number; c: number; h: number; w: number; o: number; ho: number; wo: number;
  kernel: Pair; stride: Pair; padding: Pair; dilation: Pair; groups: number;
}

/** The words after the leading element count: N C H W O Ho Wo kh kw sy sx py px dy dx groups. */
export function geometryWords(g: ConvGeometry): number[] {
  return [g.n, g.c, g.h, g.w, g.o, g.ho, g.wo, g.kernel[0], g.kernel[1], g.stride[0], g.stride[1], g.padding[0], g.padding[1], g.dilation[0], g.dilation[1], g.groups];
}

/** WGSL `let`s naming the geometry words (which start at uniform word 1). */
export const GEOMETRY_LETS = ['N', 'C', 'H', 'W', 'O', 'Ho', 'Wo', 'KH', 'KW', 'SY', 'SX', 'PY', 'PX', 'DY', 'DX', 'G']
  .map((name, k) => `  let ${name} = i32(${U(k + 1)});`).join('\n');
