/**
 * Running Tensorloom's own GLSL programs on tfjs's WebGL backend (through its public
 * `compileAndRun`), for the few ops where tfjs's shaders differ from IEEE semantics.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The subset of tfjs-backend-webgl's GPGPUProgram that Tensorloom's programs use. */
export interface GlslProgram {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
}

interface CompilingBackend {
  compileAndRun(program: GlslProgram, inputs: tf.TensorInfo[], outputDtype?: tf.DataType): tf.TensorInfo;
}

/**
 * The current tfjs backend when it can run Tensorloom's GLSL programs (WebGL2 with float32
 * render targets), else null: callers then fall back to tfjs ops. (On float16 targets the
 * programs gave NaN; the tfjs-op fallbacks are exact enough there.)
 */
export function glslBackend(): CompilingBackend | null {
  const b = tf.backend() as unknown as Partial<CompilingBackend>;
  const env = tf.env();
  if (typeof b.compileAndRun !== 'function' || env.getNumber('WEBGL_VERSION') !== 2 || !env.getBool('WEBGL_RENDER_FLOAT32_ENABLED')) return null;
  return b as CompilingBackend;
}

/** Runs `program` on `inputs` and wraps its output as a tfjs tensor (tracked by the enclosing tidy). */
export function runProgram(backend: CompilingBackend, program: GlslProgram, inputs: tf.Tensor[], dtype: tf.DataType): tf.Tensor {
  return tf.engine().makeTensorFromTensorInfo(backend.compileAndRun(program, inputs, dtype));
}
