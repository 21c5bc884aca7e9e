/**
 * The elementwise shader generator behind every unary, binary and `where` kernel: one shader
 * per (formula, dtypes, rank, broadcast pattern). Layouts that allow it run four elements per
 * thread through vec4 loads and stores (elementwise_vec4.ts); otherwise operands that already
 * have the output's shape are read at the output index and broadcast ones through per-operand
 * strides (0 along broadcast dimensions) held in uniforms, so one compiled shader serves every
 * shape of a rank.
 */
import { sizeOf, type DType, type OutputSpec, type TensorInfo } from '@tensorloom/core';
import { allocOut, run1d, type S } from '../kernel_util.js';
import { broadcastStrides, header, main1d, unravel, wgslType, words } from '../gpu/wgsl.js';
import { elementwiseVec4, vec4Plan } from './elementwise_vec4.js';

/** A formula over operands named a, b, c (as WGSL values of their types), giving the output's type. */
export type Formula = (args: string[]) => string;

const NAMES = ['a', 'b', 'c'];

/**
 * Runs `formula` elementwise over `inputs` (broadcast to `out.shape`), returning new storage.
 * `prelude` is extra WGSL (helper functions) placed before the entry point.
 */
export function elementwise(op: string, inputs: readonly TensorInfo<S>[], out: OutputSpec, formula: Formula, prelude = ''): S {
  const plan = vec4Plan(inputs.map((t) => t.shape), out.shape);
  if (plan) return elementwiseVec4(op, inputs, out, plan, formula, prelude);
  const rt = inputs[0].data.rt;
  const o = allocOut(rt, out, op);
  const n = sizeOf(out.shape);
  if (n === 0) return o;
  const r = out.shape.length;
  const same = inputs.map((t) => sizeOf(t.shape) === n && t.shape.length === r);
  const allSame = same.every(Boolean);
  const bindings = inputs.map((t, k) => ({ name: `in${k}`, type: wgslType(t.dtype) }));
  const outType = wgslType(out.dtype);
  const uni: number[] = [n];
  let index: string;
  const reads: string[] = [];
  if (allSame) {
    index = '';
    inputs.forEach((_, k) => reads.push(`in${k}[i]`));
  } else {
    const shapeAt = uni.length;
    uni.push(...out.shape);
    const strideSets: number[] = [];
    inputs.forEach((t, k) => {
      if (same[k]) return;
      strideSets.push(uni.length);
      uni.push(...broadcastStrides(t.shape, out.shape));
    });
    index = unravel('i', r, shapeAt, strideSets);
    let s = 0;
    inputs.forEach((_, k) => reads.push(same[k] ? `in${k}[i]` : `in${k}[off${s++}]`));
  }
  const lets = inputs.map((_, k) => `  let ${NAMES[k]} = ${reads[k]};`).join('\n');
  const expr = formula(NAMES.slice(0, inputs.length));
  const code = `${header(uni.length, bindings, { name: 'out', type: outType })}
${prelude}
${main1d(`${'u.m[0].x'}`, `${index}\n${lets}\n  out[i] = ${expr};`)}
// ${same.map(Number).join('')}`;
  run1d(rt, op, code, inputs.map((t) => t.data), o, words(uni), n);
  return o;
}

/** The WGSL type of a dtype, for formulas that switch on it. */
export function typeOf(dtype: DType): string {
  return wgslType(dtype);
}
