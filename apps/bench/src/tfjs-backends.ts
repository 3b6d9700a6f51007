import * as tfjs from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export type TfjsBackend = 'cpu' | 'wasm';

/**
 * Switches TensorFlow.js to a backend. The union package `@tensorflow/tfjs` is used because
 * tfjs-core alone registers no gradients (it cannot train). WASM uses SIMD, one thread (tfjs
 * disables threads in Node).
 */
export async function useTfjs(backend: TfjsBackend): Promise<typeof tfjs> {
  await tfjs.setBackend(backend);
  await tfjs.ready();
  return tfjs;
}
