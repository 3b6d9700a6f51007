import type { Program } from '../program.js';
import type { ShaderHelper } from '../shader/shader-helper.js';
import { inputVariable, outputVariable, type TensorVariable } from '../shader/tensor-variable.js';
import type { GpuKernelFor, GpuTensor, KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';

// FusedBatchNorm and FusedBatchNormGrad (NHWC or NCHW): per-channel statistics with one workgroup
// per channel (a tree reduction in workgroup memory), then one elementwise pass.

const WG = 64;

/** Element `i` of a 4-d tensor is in channel `(i / inner) % channels`. */
function layout(shape: readonly number[], dataFormat: string): { channels: number; inner: number } {
  const axis = dataFormat === 'NCHW' ? 1 : 3;
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]!;
  return { channels: shape[axis]!, inner };
}

function flat(name: string, t: GpuTensor, out = false): TensorVariable {
  return out ? outputVariable(name, t, { shape: [t.storage.size] }) : inputVariable(name, t, { shape: [t.storage.size] });
}

/** WGSL summing `value` (an f32 expression of `i`, the flat index, and `c`) over the channel into `result`. */
function channelSum(value: string, result: string): string {
  return `  var ${result}_local = 0.0;
  for (var k = local_idx; k < count; k = k + ${WG}u) {
    let i = ((k / inner) * channels + c) * inner + k % inner;
    ${result}_local = ${result}_local + ${value};
  }
  scratch[local_idx] = ${result}_local;
  workgroupBarrier();
  for (var stride = ${WG / 2}u; stride > 0u; stride = stride >> 1u) {
    if (local_idx < stride) { scratch[local_idx] = scratch[local_idx] + scratch[local_idx + stride]; }
    workgroupBarrier();
  }
  let ${result} = scratch[0];
  workgroupBarrier();`;
}

/** One workgroup per channel; `c`, `channels`, `inner`, `count` in scope. */
function channelProgram(
  key: string,
  variables: TensorVariable[],
  channels: number,
  inner: number,
  count: number,
  epsilon: number,
  body: (shader: ShaderHelper) => string,
): Program {
  return {
    name: 'BatchNormChannels',
    cacheKey: key,
    variables,
    uniforms: [
      { name: 'channels', type: 'u32', value: channels },
      { name: 'inner', type: 'u32', value: inner },
      { name: 'count', type: 'u32', value: count },
      { name: 'epsilon', type: 'f32', value: epsilon },
    ],
    workgroupSize: WG,
    dispatch: { workgroups: channels },
    getShaderSource: (shader) => `var<workgroup> scratch: array<f32, ${WG}>;
${shader.mainStart()}
  let c = workgroup_index;
  let channels = ${shader.uniform('channels')};
  if (c >= channels) { return; }
  let inner = ${shader.uniform('inner')};
  let count = ${shader.uniform('count')};
  let epsilon = ${shader.uniform('epsilon')};
${body(shader)}
}`,
  };
}

/** One invocation per element; `i`, `c`, `count` (f32) and `epsilon` in scope. */
function elementProgram(
  key: string,
  variables: TensorVariable[],
  size: number,
  channels: number,
  inner: number,
  count: number,
  epsilon: number,
  body: string,
): Program {
  return {
    name: 'BatchNormElements',
    cacheKey: key,
    variables,
    uniforms: [
      { name: 'size', type: 'u32', value: size },
      { name: 'channels', type: 'u32', value: channels },
      { name: 'inner', type: 'u32', value: inner },
      { name: 'count', type: 'f32', value: count },
      { name: 'epsilon', type: 'f32', value: epsilon },
    ],
    dispatch: { invocations: size },
    getShaderSource: (shader) => `${shader.mainStart()}
  let i = global_idx;
  if (i >= ${shader.uniform('size')}) { return; }
  let c = (i / ${shader.uniform('inner')}) % ${shader.uniform('channels')};
  let count = ${shader.uniform('count')};
  let epsilon = ${shader.uniform('epsilon')};
${body}
}`,
  };
}

const fusedBatchNorm: GpuKernelFor<'FusedBatchNorm'> = (call, gpu) => {
  const { epsilon, dataFormat, isTraining } = call.attrs;
  const x = input(call, 0);
  const [y, batchMean, batchVar, reserve1, reserve2] = [0, 1, 2, 3, 4].map((i) => output(call, i)) as [
    GpuTensor,
    GpuTensor,
    GpuTensor,
    GpuTensor,
    GpuTensor,
  ];
  const { channels, inner } = layout(x.shape, dataFormat);
  const count = channels === 0 ? 0 : x.storage.size / channels;
  let mean: GpuTensor;
  let variance: GpuTensor;
  if (isTraining) {
    mean = reserve1;
    variance = reserve2;
    if (channels === 0) return;
    if (count === 0) {
      // 0/0 statistics, as TF.
      for (const t of [batchMean, batchVar, reserve1, reserve2]) gpu.upload(t.storage, new Float32Array(channels).fill(Number.NaN));
      return;
    }
    gpu.run(
      channelProgram(
        'FusedBatchNormStats',
        [
          flat('x', x),
          flat('batch_mean', batchMean, true),
          flat('batch_var', batchVar, true),
          flat('r1', reserve1, true),
          flat('r2', reserve2, true),
        ],
        channels,
        inner,
        count,
        epsilon,
        () => `${channelSum('x[i]', 'total')}
  let m = total / f32(count);
${channelSum('(x[i] - m) * (x[i] - m)', 'squares')}
  if (local_idx == 0u) {
    let v = squares / f32(count);
    batch_mean[c] = m;
    r1[c] = m;
    r2[c] = v;
    batch_var[c] = v * (f32(count) / f32(max(count - 1u, 1u)));
  }`,
      ),
    );
  } else {
    mean = input(call, 3);
    variance = input(call, 4);
    gpu.copy(mean.storage, batchMean.storage);
    gpu.copy(variance.storage, batchVar.storage);
    gpu.copy(mean.storage, reserve1.storage);
    gpu.copy(variance.storage, reserve2.storage);
  }
  if (y.storage.size === 0) return;
  gpu.run(
    elementProgram(
      'FusedBatchNorm',
      [
        flat('x', x),
        flat('scale', input(call, 1)),
        flat('offset', input(call, 2)),
        flat('mean', mean),
        flat('variance', variance),
        flat('y', y, true),
      ],
      y.storage.size,
      channels,
      inner,
      count,
      epsilon,
      '  y[i] = (x[i] - mean[c]) * (scale[c] / sqrt(variance[c] + epsilon)) + offset[c];',
    ),
  );
};

/**
 * dOffset = Σ dy, dScale = Σ dy · (x − mean) · inv with inv = 1 / sqrt(variance + ε); training:
 * dx = scale · inv · (dy − dOffset / n − (x − mean) · dScale · inv / n), inference: dx = dy · scale · inv.
 */
const fusedBatchNormGrad: GpuKernelFor<'FusedBatchNormGrad'> = (call, gpu) => {
  const { epsilon, dataFormat, isTraining } = call.attrs;
  const dy = input(call, 0);
  const x = input(call, 1);
  const scale = input(call, 2);
  const mean = input(call, 3);
  const variance = input(call, 4);
  const dx = output(call, 0);
  const dScale = output(call, 1);
  const dOffset = output(call, 2);
  const { channels, inner } = layout(x.shape, dataFormat);
  const count = channels === 0 ? 0 : x.storage.size / channels;
  if (channels === 0) return;
  if (count === 0) {
    // Empty sums: dOffset = 0 and dScale = 0 · inv, NaN where inv is NaN or infinite (variance + ε NaN or not positive), as on the CPU.
    gpu.clear(dOffset.storage);
    gpu.run(
      elementProgram(
        'FusedBatchNormGradEmpty',
        [flat('variance', variance), flat('d_scale', dScale, true)],
        channels,
        channels,
        1,
        0,
        epsilon,
        `  let v = variance[c] + epsilon;
  let nan_bits = 0x7fc00000u;
  d_scale[c] = select(0.0, bitcast<f32>(nan_bits), !(v > 0.0));`,
      ),
    );
    return;
  }
  gpu.run(
    channelProgram(
      'FusedBatchNormGradStats',
      [
        flat('dy', dy),
        flat('x', x),
        flat('mean', mean),
        flat('variance', variance),
        flat('d_scale', dScale, true),
        flat('d_offset', dOffset, true),
      ],
      channels,
      inner,
      count,
      epsilon,
      () => `  let m = mean[c];
${channelSum('dy[i]', 'sum_dy')}
${channelSum('dy[i] * (x[i] - m)', 'sum_dyc')}
  if (local_idx == 0u) {
    d_offset[c] = sum_dy;
    d_scale[c] = sum_dyc / sqrt(variance[c] + epsilon);
  }`,
    ),
  );
  const body = isTraining
    ? `  let inv = 1.0 / sqrt(variance[c] + epsilon);
  dx[i] = scale[c] * inv * (dy[i] - d_offset[c] / count - (x[i] - mean[c]) * d_scale[c] * inv / count);`
    : '  dx[i] = dy[i] * scale[c] / sqrt(variance[c] + epsilon);';
  const variables = isTraining
    ? [
        flat('dy', dy),
        flat('x', x),
        flat('scale', scale),
        flat('mean', mean),
        flat('variance', variance),
        flat('d_scale', dScale),
        flat('d_offset', dOffset),
        flat('dx', dx, true),
      ]
    : [flat('dy', dy), flat('scale', scale), flat('variance', variance), flat('dx', dx, true)];
  gpu.run(
    elementProgram(
      isTraining ? 'FusedBatchNormGradTraining' : 'FusedBatchNormGradInference',
      variables,
      dx.storage.size,
      channels,
      inner,
      count,
      epsilon,
      body,
    ),
  );
};

export const batchNormKernels = {
  FusedBatchNorm: fusedBatchNorm,
  FusedBatchNormGrad: fusedBatchNormGrad,
} satisfies KernelTable;
