// jax-js 0.1.25 on its `wasm` device (one thread, or its worker pool where child.ts installs the
// Worker shim, systems/worker-shim.ts), each step
// one `jit`-compiled function: `valueAndGrad(loss)` plus the optimizer written by hand (@jax-js/optax
// is not on the npm registry). jax-js arrays are moved into the ops that use them; `.ref` keeps one.
import type * as JaxNs from '@jax-js/jax';
import { ADAM, CNN, type Param, type Runner, type Workload, batchData, cnnParams, mlpParams, checksum, uniform } from '../workloads.js';

type Jax = typeof JaxNs;
type A = JaxNs.Array;
type Params = Record<string, A>;

async function useJaxWasm(): Promise<Jax> {
  const jax = await import('@jax-js/jax');
  const devices = await jax.init('wasm');
  if (!devices.includes('wasm')) throw new Error(`jax-js init('wasm') gave devices [${devices.join(', ')}]`);
  jax.defaultDevice('wasm');
  return jax;
}

/** HWIO (TF) → OIHW (jax-js's `lax.conv` default, as in JAX). */
function oihw(p: Param): Float32Array {
  const [h, w, i, o] = p.shape as [number, number, number, number];
  const out = new Float32Array(p.value.length);
  for (let a = 0; a < h; a++)
    for (let b = 0; b < w; b++)
      for (let c = 0; c < i; c++) for (let d = 0; d < o; d++) out[((d * i + c) * h + a) * w + b] = p.value[((a * w + b) * i + c) * o + d]!;
  return out;
}

function toArrays(jax: Jax, params: readonly Param[]): Params {
  const out: Params = {};
  for (const p of params) {
    out[p.name] =
      p.shape.length === 4
        ? jax.numpy.array(oihw(p), { shape: [p.shape[3]!, p.shape[2]!, p.shape[0]!, p.shape[1]!] })
        : jax.numpy.array(p.value, { shape: [...p.shape] });
  }
  return out;
}

function mlpLogits(jax: Jax, p: Params, x: A): A {
  const { numpy: np, nn } = jax;
  const h = nn.relu(np.matmul(x, p.W1!).add(p.b1!));
  return np.matmul(h, p.W2!).add(p.b2!);
}

/** 2x2 max-pool, stride 2, of NCHW with even H and W (SAME = VALID there), by reshape and max. */
function pool(jax: Jax, x: A, n: number, c: number, hw: number): A {
  const r = jax.numpy.reshape(x, [n, c, hw / 2, 2, hw / 2, 2]);
  return jax.numpy.max(jax.numpy.max(r, 5), 3);
}

function cnnLogits(jax: Jax, p: Params, x: A, n: number): A {
  const { numpy: np, nn, lax } = jax;
  const image = np.reshape(x, [n, 1, 28, 28]);
  const conv1 = nn.relu(lax.conv(image, p.W_conv1!, [1, 1], 'SAME').add(np.reshape(p.b_conv1!, [CNN.f1, 1, 1])));
  const pool1 = pool(jax, conv1, n, CNN.f1, 28);
  const conv2 = nn.relu(lax.conv(pool1, p.W_conv2!, [1, 1], 'SAME').add(np.reshape(p.b_conv2!, [CNN.f2, 1, 1])));
  const pool2 = pool(jax, conv2, n, CNN.f2, 14);
  // TF flattens NHWC: transpose before flattening so W_fc1's rows mean the same thing.
  const flat = np.reshape(np.transpose(pool2, [0, 2, 3, 1]), [n, 7 * 7 * CNN.f2]);
  const fc1 = nn.relu(np.matmul(flat, p.W_fc1!).add(p.b_fc1!));
  return np.matmul(fc1, p.W_fc2!).add(p.b_fc2!);
}

function refs(p: Params): Params {
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.ref]));
}

export async function jaxRunner(w: Workload): Promise<Runner> {
  return jaxRunnerOn(await useJaxWasm(), w);
}

/** The runner on the device `jax` defaults to: its wasm here, its webgpu in the WebGPU section (webgpu-cnn.ts). */
export function jaxRunnerOn(jax: Jax, w: Workload): Runner {
  const { numpy: np, nn } = jax;
  switch (w.kind) {
    case 'train-mlp':
    case 'train-cnn': {
      const { x: xs, y: ys } = batchData(w.batch, 7);
      const x = np.array(xs, { shape: [w.batch, 784] });
      const y = np.array(ys, { shape: [w.batch, 10] });
      let params = toArrays(jax, w.kind === 'train-mlp' ? mlpParams(w.hidden) : cnnParams());
      const batch = w.batch;
      const loss = (p: Params, x: A, y: A): A => {
        const logits = w.kind === 'train-mlp' ? mlpLogits(jax, p, x) : cnnLogits(jax, p, x, batch);
        return nn
          .logSoftmax(logits, -1)
          .mul(y)
          .sum()
          .mul(-1 / batch);
      };
      if (w.kind === 'train-mlp') {
        const lr = w.learningRate;
        const step = jax.jit((p: Params, x: A, y: A) => {
          const [value, g] = jax.valueAndGrad(loss)(refs(p), x, y) as unknown as [A, Params];
          const next: Params = {};
          for (const k of Object.keys(p)) next[k] = p[k]!.sub(g[k]!.mul(lr));
          return [value, next] as [A, Params];
        });
        return {
          step: async () => {
            const [value, next] = step(params, x.ref, y.ref) as unknown as [A, Params];
            params = next;
            return (await value.data())[0]!;
          },
          dispose: () => {
            step.dispose();
            for (const a of [x, y, ...Object.values(params)]) a.dispose();
          },
        };
      }
      // Adam as TF writes it: lr_t = lr·√(1−β2ᵗ)/(1−β1ᵗ), p −= lr_t·m/(√v + ε).
      const { beta1: b1, beta2: b2, epsilon } = ADAM;
      let m: Params = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, np.zerosLike(v.ref)]));
      let v: Params = Object.fromEntries(Object.entries(params).map(([k, a]) => [k, np.zerosLike(a.ref)]));
      const step = jax.jit((p: Params, m: Params, v: Params, lrT: A, x: A, y: A) => {
        const [value, g] = jax.valueAndGrad(loss)(refs(p), x, y) as unknown as [A, Params];
        const np1: Params = {};
        const nm: Params = {};
        const nv: Params = {};
        for (const k of Object.keys(p)) {
          const gk = g[k]!;
          nm[k] = m[k]!.mul(b1).add(gk.ref.mul(1 - b1));
          nv[k] = v[k]!.mul(b2).add(gk.ref.mul(gk).mul(1 - b2));
          np1[k] = p[k]!.sub(nm[k]!.ref.mul(lrT.ref).div(np.sqrt(nv[k]!.ref).add(epsilon)));
        }
        lrT.dispose();
        return [value, np1, nm, nv] as [A, Params, Params, Params];
      });
      let t = 0;
      return {
        step: async () => {
          t += 1;
          const lrT = np.array(new Float32Array([(w.learningRate * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t)]), { shape: [] });
          const [value, p1, m1, v1] = step(params, m, v, lrT, x.ref, y.ref) as unknown as [A, Params, Params, Params];
          params = p1;
          m = m1;
          v = v1;
          return (await value.data())[0]!;
        },
        dispose: () => {
          step.dispose();
          for (const a of [x, y, ...Object.values(params), ...Object.values(m), ...Object.values(v)]) a.dispose();
        },
      };
    }
    case 'infer-mlp':
    case 'infer-cnn': {
      const n = w.images;
      const x = np.array(uniform(n * 784, 5), { shape: [n, 784] });
      const params = toArrays(jax, w.kind === 'infer-mlp' ? mlpParams(w.hidden) : cnnParams());
      const forward = jax.jit((p: Params, x: A) => (w.kind === 'infer-mlp' ? mlpLogits(jax, p, x) : cnnLogits(jax, p, x, n)));
      return {
        step: async () => checksum(await (forward(refs(params), x.ref) as A).data()),
        dispose: () => {
          forward.dispose();
          for (const a of [x, ...Object.values(params)]) a.dispose();
        },
      };
    }
    case 'matmul': {
      const a = np.array(uniform(w.m * w.k, 1, -0.5, 0.5), { shape: [w.m, w.k] });
      const b = np.array(uniform(w.k * w.n, 2, -0.5, 0.5), { shape: [w.k, w.n] });
      return {
        step: async () => checksum(await np.matmul(a.ref, b.ref).data()),
        dispose: () => {
          a.dispose();
          b.dispose();
        },
      };
    }
  }
}
