// TensorFlow.js 4.22 on its wasm (XNNPACK, SIMD, one thread in Node) or cpu backend, written the
// idiomatic way: `optimizer.minimize` in `tidy`, the loss read back with `dataSync()` every step.
import type * as Tfjs from '@tensorflow/tfjs';
import { ADAM, CNN, type Param, type Runner, type Workload, batchData, cnnParams, mlpParams, checksum, uniform } from '../workloads.js';

type T = typeof Tfjs;

/** `prefix` keeps names unique when another set of the same variables lives in the process. */
export function variables(tfjs: T, params: readonly Param[], prefix = ''): Record<string, Tfjs.Variable> {
  const out: Record<string, Tfjs.Variable> = {};
  for (const p of params) out[p.name] = tfjs.variable(tfjs.tensor(p.value, [...p.shape], 'float32'), true, `${prefix}${p.name}`);
  return out;
}

function mlpLogits(tfjs: T, x: Tfjs.Tensor2D, v: Record<string, Tfjs.Variable>): Tfjs.Tensor {
  const h = tfjs.relu(tfjs.add(tfjs.matMul(x, v.W1 as Tfjs.Tensor2D), v.b1!));
  return tfjs.add(tfjs.matMul(h as Tfjs.Tensor2D, v.W2 as Tfjs.Tensor2D), v.b2!);
}

export function cnnLogits(tfjs: T, x: Tfjs.Tensor2D, v: Record<string, Tfjs.Variable>): Tfjs.Tensor {
  const image = tfjs.reshape(x, [-1, 28, 28, 1]) as Tfjs.Tensor4D;
  const conv1 = tfjs.relu(tfjs.add(tfjs.conv2d(image, v.W_conv1 as Tfjs.Tensor4D, 1, 'same'), v.b_conv1!)) as Tfjs.Tensor4D;
  const pool1 = tfjs.maxPool(conv1, 2, 2, 'same');
  const conv2 = tfjs.relu(tfjs.add(tfjs.conv2d(pool1, v.W_conv2 as Tfjs.Tensor4D, 1, 'same'), v.b_conv2!)) as Tfjs.Tensor4D;
  const pool2 = tfjs.maxPool(conv2, 2, 2, 'same');
  const flat = tfjs.reshape(pool2, [-1, 7 * 7 * CNN.f2]) as Tfjs.Tensor2D;
  const fc1 = tfjs.relu(tfjs.add(tfjs.matMul(flat, v.W_fc1 as Tfjs.Tensor2D), v.b_fc1!)) as Tfjs.Tensor2D;
  return tfjs.add(tfjs.matMul(fc1, v.W_fc2 as Tfjs.Tensor2D), v.b_fc2!);
}

export async function tfjsRunner(backend: 'wasm' | 'cpu', w: Workload): Promise<Runner> {
  const tfjs = await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tfjs.setBackend(backend))) throw new Error(`tfjs could not start its ${backend} backend`);
  await tfjs.ready();
  switch (w.kind) {
    case 'train-mlp':
    case 'train-cnn': {
      const { x: xs, y: ys } = batchData(w.batch, 7);
      const x = tfjs.tensor2d(xs, [w.batch, 784]);
      const y = tfjs.tensor2d(ys, [w.batch, 10]);
      const v = variables(tfjs, w.kind === 'train-mlp' ? mlpParams(w.hidden) : cnnParams());
      const optimizer =
        w.kind === 'train-mlp' ? tfjs.train.sgd(w.learningRate) : tfjs.train.adam(w.learningRate, ADAM.beta1, ADAM.beta2, ADAM.epsilon);
      const logits = w.kind === 'train-mlp' ? mlpLogits : cnnLogits;
      return {
        // The tidy returns a number: a returned TypedArray would be walked element by element.
        step: () =>
          tfjs.tidy(() => {
            const cost = optimizer.minimize(() => tfjs.losses.softmaxCrossEntropy(y, logits(tfjs, x, v)) as Tfjs.Scalar, true)!;
            return cost.dataSync()[0]!;
          }),
        dispose: () => {
          tfjs.dispose([x, y, ...Object.values(v)]);
          optimizer.dispose();
        },
      };
    }
    case 'infer-mlp':
    case 'infer-cnn': {
      const x = tfjs.tensor2d(uniform(w.images * 784, 5), [w.images, 784]);
      const v = variables(tfjs, w.kind === 'infer-mlp' ? mlpParams(w.hidden) : cnnParams());
      const logits = w.kind === 'infer-mlp' ? mlpLogits : cnnLogits;
      return {
        step: () => {
          const out = tfjs.tidy(() => logits(tfjs, x, v));
          const s = checksum(out.dataSync());
          out.dispose();
          return s;
        },
        dispose: () => tfjs.dispose([x, ...Object.values(v)]),
      };
    }
    case 'matmul': {
      const a = tfjs.tensor2d(uniform(w.m * w.k, 1, -0.5, 0.5), [w.m, w.k]);
      const b = tfjs.tensor2d(uniform(w.k * w.n, 2, -0.5, 0.5), [w.k, w.n]);
      return {
        // Not `tidy(() => matMul(a, b).dataSync())`: see the README's correction.
        step: () => {
          const c = tfjs.matMul(a, b);
          const s = checksum(c.dataSync());
          c.dispose();
          return s;
        },
        dispose: () => tfjs.dispose([a, b]),
      };
    }
  }
}
