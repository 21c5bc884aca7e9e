/**
 * The vec4 path of the elementwise generator: when the output's length is a multiple of 4
 * and every operand is either the output's shape, a single element (splat), or a trailing
 * suffix of the output's shape whose length is a multiple of 4 (a bias row, repeated), each
 * thread loads and stores whole vec4s and applies the scalar formula lane by lane: a quarter
 * of the invocations and 16-byte accesses. Other layouts take the general strided path.
 */
import { sizeOf, type OutputSpec, type TensorInfo } from '@tensorloom/core';
import { allocOut, run1d, type S } from '../kernel_util.js';
import { header, main1d, U, wgslType, words } from '../gpu/wgsl.js';

/** How the vec4 path reads one operand. */
export type Vec4Read = 'same' | 'splat' | 'suffix';

/**
 * How each operand would be read by the vec4 path, or null when the layout does not allow it.
 *
 * @example
 * vec4Plan([[8, 16], [16], []], [8, 16]); // ['same', 'suffix', 'splat']
 */
export function vec4Plan(shapes: readonly (readonly number[])[], outShape: readonly number[]): Vec4Read[] | null {
  const n = sizeOf(outShape);
  if (n === 0 || n % 4 !== 0) return null;
  const plan: Vec4Read[] = [];
  for (const shape of shapes) {
    const len = sizeOf(shape);
    if (len === n) { plan.push('same'); continue; } // broadcasting never shrinks: same length, same layout
    if (len === 1) { plan.push('splat'); continue; }
    let d = 0;
    while (d < shape.length && shape[d] === 1) d++;
    const core = shape.slice(d);
    const tail = outShape.slice(outShape.length - core.length);
    if (len % 4 !== 0 || core.length > outShape.length || core.some((s, k) => s !== tail[k])) return null;
    plan.push('suffix');
  }
  return plan;
}

const LANES = ['x', 'y', 'z', 'w'];
const NAMES = ['a', 'b', 'c'];

/** Runs `formula` over `inputs` read as `plan` says (see vec4Plan), four elements per thread. */
export function elementwiseVec4(op: string, inputs: readonly TensorInfo<S>[], out: OutputSpec, plan: readonly Vec4Read[], formula: (args: string[]) => string, prelude: string): S {
  const rt = inputs[0].data.rt;
  const o = allocOut(rt, out, op);
  const n4 = sizeOf(out.shape) / 4;
  const uni: number[] = [n4];
  const loads = inputs.map((t, k) => {
    if (plan[k] === 'splat') return `  let v${k} = in${k}[0];`;
    if (plan[k] === 'same') return `  let v${k} = in${k}[i];`;
    uni.push(sizeOf(t.shape) / 4);
    return `  let v${k} = in${k}[i % ${U(uni.length - 1)}];`;
  });
  const bindings = inputs.map((t, k) => ({ name: `in${k}`, type: plan[k] === 'splat' ? wgslType(t.dtype) : `vec4<${wgslType(t.dtype)}>` }));
  const outType = wgslType(out.dtype);
  const expr = formula(NAMES.slice(0, inputs.length));
  const lanes = LANES.map((l) => `  { ${inputs.map((_, k) => `let ${NAMES[k]} = v${k}${plan[k] === 'splat' ? '' : `.${l}`};`).join(' ')} r.${l} = ${expr}; }`);
  const code = `${header(uni.length, bindings, { name: 'out', type: `vec4<${outType}>` })}
${prelude}
${main1d('u.m[0].x', `${loads.join('\n')}\n  var r: vec4<${outType}>;\n${lanes.join('\n')}\n  out[i] = r;`)}`;
  run1d(rt, op, code, inputs.map((t) => t.data), o, words(uni), n4);
  return o;
}
