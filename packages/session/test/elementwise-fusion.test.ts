import * as tf from '@tf/graph';
import { mulberry32, opDef } from '@tf/graph/backend';
import { webGpuBackendForTests } from '@tf/kernels-webgpu/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { FUSABLE_ELEMENTWISE } from '../src/planner/elementwise-fusion.js';
import { RunMetadata, Session } from '../src/index.js';

// On a device whose backend runs `_FusedElementwise` (WebGPU), chains of elementwise ops whose
// intermediates nothing else sees run as one kernel. Every fusable op type is run fused and unfused
// (`fuseOps: false`) on the same device and must agree; on the CPU nothing is fused.
const gpu = await webGpuBackendForTests('elementwise fusion tests');
afterAll(() => gpu?.dispose());

const UNARY_GRADS = new Set([
  'ReluGrad',
  'Relu6Grad',
  'EluGrad',
  'SeluGrad',
  'TanhGrad',
  'SigmoidGrad',
  'SqrtGrad',
  'RsqrtGrad',
  'ReciprocalGrad',
]);
const BINARY = new Set(['Add', 'Sub', 'Mul', 'Div', 'Maximum', 'Minimum', 'SquaredDifference', ...UNARY_GRADS]);

function values(shape: number[], seed: number, lo: number, hi: number): tf.NDArray {
  const random = mulberry32(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return new tf.NDArray(
    'float32',
    shape,
    Float32Array.from({ length: size }, () => lo + (hi - lo) * random()),
  );
}

/** `Mul(T(Add(x, y)[, y]), 0.5)`: op type `T` in the middle of a three-op chain, x and y broadcasting. */
function chain(type: string, xShape: number[], yShape: number[]) {
  const graph = new tf.Graph();
  return graph.asDefault(() => {
    const x = tf.placeholder('float32', xShape, 'x');
    const y = tf.placeholder('float32', yShape, 'y');
    const pre = tf.add(x, y);
    // The gradient ops take two tensors of one shape; the others broadcast.
    const second = UNARY_GRADS.has(type) ? tf.add(x, 1) : tf.add(y, 2);
    const args = BINARY.has(type) ? [pre, second] : [pre];
    const attrs = type === 'Cast' ? { SrcT: 'float32', DstT: 'int32', Truncate: false } : {};
    let mid = graph.createOp(opDef(type as 'Add'), args, attrs as never, 'mid').outputs[0]!;
    if (type === 'Cast') mid = tf.cast(mid, 'float32');
    const out = tf.mul(mid, 0.5);
    return { graph, x, y, pre, out };
  });
}

describe.runIf(gpu)('elementwise fusion on WebGPU', () => {
  const backend = gpu!;

  async function runBoth(build: ReturnType<typeof chain>, feeds: [tf.Tensor, tf.NDArray][], fetches: tf.Tensor[]) {
    const results: { values: number[][]; kernels: string[] }[] = [];
    for (const fuseOps of [true, false]) {
      const sess = new Session({ graph: build.graph, backend, fuseOps });
      const metadata = new RunMetadata();
      const out = await sess.runAsync(fetches, feeds, { traceLevel: 'FULL_TRACE' }, metadata);
      const kernels = metadata.stepStats.devStats.filter((d) => d.device.includes('WEBGPU')).flatMap((d) => d.nodeStats.map((n) => n.op!));
      results.push({ values: out.map((v) => Array.from(v.data as Float32Array)), kernels });
      sess.close();
    }
    return { fused: results[0]!, unfused: results[1]! };
  }

  it('runs every fusable op type fused as unfused, on vec4 and scalar shapes', async () => {
    for (const type of FUSABLE_ELEMENTWISE) {
      // Sqrt, Log, Rsqrt, … of negatives give NaN on both paths: positive inputs keep the check sharp.
      for (const [xs, ys] of [
        [[4, 8], [8]],
        [
          [5, 3],
          [5, 1],
        ],
      ]) {
        const build = chain(type, xs!, ys!);
        const feeds: [tf.Tensor, tf.NDArray][] = [
          [build.x, values(xs!, 1, 0.1, 3)],
          [build.y, values(ys!, 2, -0.5, 1)],
        ];
        const { fused, unfused } = await runBoth(build, feeds, [build.out]);
        expect(fused.kernels, type).toContain('_FusedElementwise');
        expect(fused.kernels.length, type).toBeLessThan(unfused.kernels.length);
        const [a, b] = [fused.values[0]!, unfused.values[0]!];
        // The same WGSL rows; a compiler may still contract a·b + c into one fma, so allow an ulp or two.
        a.forEach((v, i) => {
          const e = b[i]!;
          if (Number.isNaN(e)) expect(v, `${type} ${i}`).toBeNaN();
          else expect(Math.abs(v - e), `${type} ${xs} element ${i}: ${v} vs ${e}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(e)));
        });
      }
    }
  });

  it('leaves a fetched intermediate unfused, and trains an MLP to the same losses', async () => {
    const build = chain('Relu', [4, 8], [8]);
    const feeds: [tf.Tensor, tf.NDArray][] = [
      [build.x, values([4, 8], 3, -1, 1)],
      [build.y, values([8], 4, -1, 1)],
    ];
    const { fused, unfused } = await runBoth(build, feeds, [build.out, build.pre]);
    // `pre` is fetched: only Relu and Mul fuse.
    expect(fused.kernels.length).toBe(unfused.kernels.length - 1);
    expect(fused.values).toEqual(unfused.values);
  });
});

describe('elementwise fusion on the CPU', () => {
  it('does not fuse: the CPU backend has no fused elementwise kernel', () => {
    const build = chain('Relu', [4, 8], [8]);
    const sess = new Session({ graph: build.graph });
    const metadata = new RunMetadata();
    sess.run(
      build.out,
      [
        [build.x, values([4, 8], 5, -1, 1)],
        [build.y, values([8], 6, -1, 1)],
      ],
      { traceLevel: 'FULL_TRACE' },
      metadata,
    );
    const ops = metadata.stepStats.devStats.flatMap((d) => d.nodeStats.map((n) => n.op));
    expect(ops).not.toContain('_FusedElementwise');
    expect(ops).toContain('Relu');
    sess.close();
  });
});
