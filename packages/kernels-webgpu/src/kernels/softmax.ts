import { InternalError } from '@tf/graph';
import type { Program } from '../program.js';
import type { ShaderHelper } from '../shader/shader-helper.js';
import { inputVariable, outputVariable, type TensorVariable } from '../shader/tensor-variable.js';
import { lib } from '../shader/wgsl-lib.js';
import type { GpuKernel, GpuTensor, KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';

/**
 * Invocations per row of `classes` elements: rows of up to 32 get one invocation each (no
 * workgroup memory, no barriers), longer rows a workgroup that folds its lanes. A barrier is
 * cheap on a GPU but a coroutine switch per SIMD group on CPU implementations (SwiftShader), where
 * a batch of 100 rows of 10 classes spent several milliseconds in the folds' barriers; for rows
 * this short, one invocation looping over the row is fast on both.
 */
function rowWorkgroupSize(classes: number): number {
  return classes <= 32 ? 1 : classes <= 256 ? 64 : 256;
}

/**
 * WGSL that folds `value` (one per invocation) across the workgroup with `combine` into `result`
 * (visible to every invocation). Uses `scratch`; ends with a barrier so scratch can be reused.
 */
function workgroupFold(size: number, value: string, result: string, combine: (a: string, b: string) => string): string {
  if (size === 1) return `  let ${result} = ${value};`;
  return `  scratch[local_idx] = ${value};
  workgroupBarrier();
  for (var stride = ${size / 2}u; stride > 0u; stride = stride >> 1u) {
    if (local_idx < stride) {
      scratch[local_idx] = ${combine('scratch[local_idx]', 'scratch[local_idx + stride]')};
    }
    workgroupBarrier();
  }
  let ${result} = scratch[0];
  workgroupBarrier();`;
}

/**
 * The row maximum (a NaN never wins, as `v > max` on the CPU) and `log(sum(exp(x - max)))`; a
 * NaN in the row makes the sum NaN, so the whole row comes out NaN, as on the CPU.
 */
function rowStatistics(shader: ShaderHelper, size: number, x: TensorVariable): string {
  const exp = lib(shader, 'exp_f32');
  return `  var local_max = -${lib(shader, 'inf_f32')}();
  for (var j = lane; j < classes; j = j + ${size}u) {
    let v = ${x.name}[row_start + j];
    if (v > local_max) { local_max = v; }
  }
${workgroupFold(size, 'local_max', 'row_max', (a, b) => `select(${a}, ${b}, ${b} > ${a})`)}
  var local_sum = 0.0;
  for (var j = lane; j < classes; j = j + ${size}u) {
    local_sum = local_sum + ${exp}(${x.name}[row_start + j] - row_max);
  }
${workgroupFold(size, 'local_sum', 'row_sum', (a, b) => `${a} + ${b}`)}
  let log_sum = ${lib(shader, 'log_f32')}(row_sum);`;
}

/**
 * A program over the rows of `[rows, classes]` (the last axis of any rank): one workgroup per
 * row (or one invocation, when `rowWorkgroupSize` is 1); `body` runs after `row_start`, `classes`,
 * `row` and `lane` (the invocation's index within its row) are in scope.
 */
function rowProgram(
  key: string,
  variables: TensorVariable[],
  rows: number,
  classes: number,
  body: (shader: ShaderHelper, size: number) => string,
): Program {
  const size = rowWorkgroupSize(classes);
  const perInvocation = size === 1;
  return {
    name: 'Rows',
    cacheKey: `${key}:${perInvocation ? 'invocation' : 'workgroup'}`,
    variables,
    uniforms: [
      { name: 'rows', type: 'u32', value: rows },
      { name: 'classes', type: 'u32', value: classes },
    ],
    workgroupSize: perInvocation ? 64 : size,
    dispatch: perInvocation ? { invocations: rows } : { workgroups: rows },
    getShaderSource: (shader) => `${perInvocation ? '' : `var<workgroup> scratch: array<f32, ${size}>;\n`}${shader.mainStart()}
  let row = ${perInvocation ? 'global_idx' : 'workgroup_index'};
  if (row >= ${shader.uniform('rows')}) { return; }
  let lane = ${perInvocation ? '0u' : 'local_idx'};
  let classes = ${shader.uniform('classes')};
  let row_start = row * classes;
${body(shader, size)}
}`,
  };
}

function rowsOf(x: GpuTensor): { rows: number; classes: number } {
  const classes = x.shape[x.shape.length - 1] ?? 1;
  return { rows: classes === 0 ? 0 : x.storage.size / classes, classes };
}

/** Softmax (or log-softmax) over the last axis, with the row max subtracted first. */
function softmaxKernel(log: boolean): GpuKernel {
  return (call, gpu) => {
    const xt = input(call, 0);
    const { rows, classes } = rowsOf(xt);
    const x = inputVariable('x', xt, { shape: [xt.storage.size] });
    const out = outputVariable('out', output(call, 0), { shape: [xt.storage.size] });
    const write = (shader: ShaderHelper) => (log ? 'v - row_max - log_sum' : `${lib(shader, 'exp_f32')}(v - row_max) / row_sum`);
    gpu.run(
      rowProgram(
        log ? 'LogSoftmax' : 'Softmax',
        [x, out],
        rows,
        classes,
        (shader, size) => `${rowStatistics(shader, size, x)}
  for (var j = lane; j < classes; j = j + ${size}u) {
    let v = x[row_start + j];
    out[row_start + j] = ${write(shader)};
  }`,
      ),
    );
  };
}

/**
 * Per row: `loss = sum(-labels · log softmax(features))`, `backprop = softmax(features) - labels`,
 * with log-softmax as `x - max - log(sum(exp(x - max)))` (no overflow, no log of 0).
 */
const softmaxCrossEntropy: GpuKernel = (call, gpu) => {
  const features = input(call, 0);
  const { rows, classes } = rowsOf(features);
  const x = inputVariable('x', features, { shape: [features.storage.size] });
  const labels = inputVariable('labels', input(call, 1), { shape: [features.storage.size] });
  const loss = outputVariable('loss', output(call, 0), { shape: [rows] });
  const backprop = outputVariable('backprop', output(call, 1), { shape: [features.storage.size] });
  gpu.run(
    rowProgram(
      'SoftmaxCrossEntropy',
      [x, labels, loss, backprop],
      rows,
      classes,
      (shader, size) => `${rowStatistics(shader, size, x)}
  var local_loss = 0.0;
  for (var j = lane; j < classes; j = j + ${size}u) {
    let log_prob = x[row_start + j] - row_max - log_sum;
    let label = labels[row_start + j];
    local_loss = local_loss - label * log_prob;
    backprop[row_start + j] = ${lib(shader, 'exp_f32')}(log_prob) - label;
  }
${workgroupFold(size, 'local_loss', 'row_loss', (a, b) => `${a} + ${b}`)}
  if (lane == 0u) { loss[row] = row_loss; }`,
    ),
  );
};

/**
 * Per row: `loss = log(sum(exp(x - max))) - (x[label] - max)`, `backprop = softmax(x) - onehot(label)`.
 * The CPU kernel rejects a label outside `[0, classes)`; checking on the GPU would need a read
 * back, so such a row gets NaN loss and backprop instead.
 */
const sparseSoftmaxCrossEntropy: GpuKernel = (call, gpu) => {
  const features = input(call, 0);
  const { rows, classes } = rowsOf(features);
  if (input(call, 1).storage.size !== rows) {
    throw new InternalError(`${call.type} '${call.name}': ${rows} rows but ${input(call, 1).storage.size} labels`, call.name);
  }
  const x = inputVariable('x', features, { shape: [features.storage.size] });
  const labels = inputVariable('labels', input(call, 1), { shape: [rows] });
  const loss = outputVariable('loss', output(call, 0), { shape: [rows] });
  const backprop = outputVariable('backprop', output(call, 1), { shape: [features.storage.size] });
  gpu.run(
    rowProgram(
      'SparseSoftmaxCrossEntropy',
      [x, labels, loss, backprop],
      rows,
      classes,
      (shader, size) => `${rowStatistics(shader, size, x)}
  let label = labels[row];
  let valid = label >= 0 && u32(label) < classes;
  let nan = ${lib(shader, 'nan_f32')}();
  for (var j = lane; j < classes; j = j + ${size}u) {
    let log_prob = x[row_start + j] - row_max - log_sum;
    let hit = select(0.0, 1.0, valid && j == u32(label));
    backprop[row_start + j] = select(nan, ${lib(shader, 'exp_f32')}(log_prob) - hit, valid);
  }
  if (lane == 0u) {
    var row_loss = nan;
    if (valid) { row_loss = -(x[row_start + u32(label)] - row_max - log_sum); }
    loss[row] = row_loss;
  }`,
    ),
  );
};

export const softmaxKernels = {
  Softmax: softmaxKernel(false),
  LogSoftmax: softmaxKernel(true),
  SoftmaxCrossEntropyWithLogits: softmaxCrossEntropy,
  SparseSoftmaxCrossEntropyWithLogits: sparseSoftmaxCrossEntropy,
} satisfies KernelTable;
