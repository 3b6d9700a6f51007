import * as tf from '@tf/graph';
import { Session } from '@tf/session';
import { measure, type Timing } from './stats.js';
import { useTfjs, type TfjsBackend } from './tfjs-backends.js';

export type MatMulShape = readonly [m: number, k: number, n: number];

export function filled(size: number): Float32Array {
  return Float32Array.from({ length: size }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
}

export function gflops([m, k, n]: MatMulShape, ms: number): number {
  return (2 * m * k * n) / (ms * 1e6);
}

/** `sess.run(matmul(a, b))` with both operands fed: includes feeding and fetching, as a user sees it. */
export async function ourMatMul(shape: MatMulShape, repeats: number, warmup: number): Promise<Timing> {
  const [m, k, n] = shape;
  const graph = new tf.Graph();
  const { a, b, c } = graph.asDefault(() => {
    const a = tf.placeholder('float32', [m, k]);
    const b = tf.placeholder('float32', [k, n]);
    return { a, b, c: tf.matmul(a, b) };
  });
  const sess = new Session({ graph });
  const feeds: [tf.Tensor, tf.NDArray][] = [
    [a, new tf.NDArray('float32', [m, k], filled(m * k))],
    [b, new tf.NDArray('float32', [k, n], filled(k * n))],
  ];
  try {
    return await measure(() => sess.run(c, feeds), repeats, warmup);
  } finally {
    sess.close();
  }
}

export async function tfjsMatMul(backend: TfjsBackend, shape: MatMulShape, repeats: number, warmup: number): Promise<Timing> {
  const tfjs = await useTfjs(backend);
  const [m, k, n] = shape;
  const a = tfjs.tensor2d(filled(m * k), [m, k]);
  const b = tfjs.tensor2d(filled(k * n), [k, n]);
  try {
    // Not `tidy(() => matMul(a, b).dataSync())`: tidy walks whatever its callback returns looking
    // for tensors, element by element for a TypedArray (25,600 property reads for 100x256), and
    // that walk, not the matmul, was most of what the bench used to time for tfjs.
    return await measure(
      () => {
        const c = tfjs.matMul(a, b);
        c.dataSync();
        c.dispose();
      },
      repeats,
      warmup,
    );
  } finally {
    tfjs.dispose([a, b]);
  }
}
