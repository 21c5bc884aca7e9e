/**
 * The wrapper every WebGL kernel goes through: runs the tfjs ops inside `tf.tidy` so their
 * intermediates are freed, casts the result to the dtype core inferred, reshapes it to core's
 * output shape, guards empty outputs, and `tf.keep`s the result so no enclosing tfjs scope
 * frees storage that Tensorloom now owns.
 */
import * as tf from '@tensorflow/tfjs-core';
import { shapesEqual, sizeOf, type Kernel, type OutputSpec, type TensorInfo } from '@tensorloom/core';

/** What a WebGL kernel sees of one input: its tfjs tensor, shape and dtype. */
export type Info = TensorInfo<tf.Tensor>;

/** The body of a kernel: tfjs ops in, one tfjs tensor out (any dtype; the wrapper casts). */
export type KernelBody<A> = (inputs: Info[], attrs: A, out: OutputSpec) => tf.Tensor;

/** Makes a backend kernel from a body of tfjs ops. */
export function kernel<A>(body: KernelBody<A>): Kernel<A, tf.Tensor> {
  return (inputs, attrs, out) => {
    if (sizeOf(out.shape) === 0) return tf.keep(tf.zeros(out.shape as number[], out.dtype));
    const result = tf.tidy(() => {
      let t = body(inputs, attrs, out);
      if (t.dtype !== out.dtype) t = castTf(t, out.dtype);
      if (!shapesEqual(t.shape, out.shape)) t = tf.reshape(t, out.shape as number[]);
      return t;
    });
    // An input returned unchanged keeps its identity, so core shares the handle.
    return inputs.some((i) => i.data === result) ? result : tf.keep(result);
  };
}

/** Casts with Tensorloom's rules: float→int truncates toward zero and NaN becomes 0. */
export function castTf(t: tf.Tensor, dtype: 'float32' | 'int32' | 'bool'): tf.Tensor {
  if (t.dtype === dtype) return t;
  if (dtype === 'int32' && t.dtype === 'float32') {
    const clean = tf.where(tf.isNaN(t), tf.zerosLike(t), t);
    // trunc(x) = sign(x) * floor(|x|): exact for |x| < 2^24, independent of the driver's int().
    return tf.cast(tf.mul(tf.sign(clean), tf.floor(tf.abs(clean))), 'int32');
  }
  return tf.cast(t, dtype);
}

/** Casts to float32 (for tfjs ops that only do float math). */
export function toFloat(t: tf.Tensor): tf.Tensor {
  return t.dtype === 'float32' ? t : tf.cast(t, 'float32');
}
