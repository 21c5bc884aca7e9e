/** Primitive `expand`: broadcasts x to `shape` (stride 0 along broadcast dimensions), materialised. */
import type { PrimitiveKernels } from '@tensorloom/core';
import { indexMap } from './index_map.js';
import { broadcastStrides } from '../gpu/wgsl.js';
import type { S } from '../kernel_util.js';

export const expand: PrimitiveKernels<S>['expand'] = ([x], _attrs, out) =>
  indexMap('expand', x, out, broadcastStrides(x.shape, out.shape), 0);
