/**
 * The table of supported ONNX ops (default domain), one implementation per op type.
 */
import type { OpImpl } from '../context.js';
import { elementwiseOps } from './elementwise.js';
import { movementOps } from './movement.js';
import { reduceOps } from './reduce.js';
import { softmaxOps } from './softmax_family.js';
import { convOps } from './conv.js';
import { poolOps } from './pool.js';
import { linearOps } from './linear.js';
import { rnnOps } from './rnn.js';

export const OPS: Readonly<Record<string, OpImpl>> = {
  ...elementwiseOps, ...movementOps, ...reduceOps, ...softmaxOps, ...convOps, ...poolOps, ...linearOps, ...rnnOps,
};

/** Every ONNX op type that importOnnx runs, sorted. */
export const SUPPORTED_OPS: readonly string[] = Object.keys(OPS).sort();
