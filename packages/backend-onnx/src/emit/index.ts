/** Every op's emitter: the 42 primitives and the fused composed ops. */
import type { Emitter } from './context.js';
import { ELEMENTWISE } from './elementwise.js';
import { FUSED } from './fused.js';
import { MOVEMENT } from './movement.js';
import { REDUCE } from './reduce.js';

export const EMITTERS: Readonly<Record<string, Emitter>> = { ...ELEMENTWISE, ...REDUCE, ...MOVEMENT, ...FUSED };
export type { EmitArgs, Emitter } from './context.js';
