import { InternalError } from '@tf/graph';
import { inputVariable, outputVariable } from '../shader/tensor-variable.js';
import { elementwiseProgram } from './elementwise.js';
import { runReduction } from './reduce.js';
import type { GpuKernel, KernelTable } from './types.js';
import { input, output } from './util.js';

/** Inputs one AddN dispatch sums: WebGPU allows 8 storage buffers per stage, one is the output. */
const ADD_N_CHUNK = 6;

/**
 * The sum of N same-shape inputs, accumulated left to right as the CPU kernel does: the first
 * dispatch writes `x0 + … + x5`, each further one adds the next six into the output in place.
 */
const addN: GpuKernel = (call, gpu) => {
  const out = output(call, 0);
  const size = out.storage.size;
  call.inputs.forEach((x, k) => {
    if (x.storage.size !== size)
      throw new InternalError(`AddN '${call.name}': input ${k} has ${x.storage.size} elements for ${size}`, call.name);
  });
  for (let start = 0; start < call.inputs.length; start += ADD_N_CHUNK) {
    const chunk = call.inputs.slice(start, start + ADD_N_CHUNK).map((x, k) => inputVariable(`x${k}`, x, { shape: [size] }));
    const accumulate = start > 0;
    const terms = [...(accumulate ? ['out[global_idx]'] : []), ...chunk.map((v) => `${v.name}[global_idx]`)];
    gpu.run({
      name: 'AddN',
      cacheKey: accumulate ? 'accumulate' : 'first',
      variables: [...chunk, outputVariable('out', out, { shape: [size] })],
      uniforms: [{ name: 'total', type: 'u32', value: size }],
      dispatch: { invocations: size },
      getShaderSource: (shader) => `${shader.mainStart()}
  if (global_idx >= ${shader.uniform('total')}) { return; }
  out[global_idx] = ${terms.join(' + ')};
}`,
    });
  }
};

type DataFormat = 'NHWC' | 'NCHW';

function channelAxis(format: unknown, rank: number): number {
  return format === 'NCHW' ? 1 : rank - 1;
}

export const nnKernels: KernelTable = {
  AddN: addN,
  /** `value + bias` along the channel axis: the last (NHWC) or axis 1 (NCHW), by NumPy broadcasting. */
  BiasAdd: (call, gpu) => {
    const value = input(call, 0);
    const bias = input(call, 1);
    const axis = channelAxis(call.attrs['dataFormat'] as DataFormat, value.shape.length);
    // The bias as a [C, 1, …, 1] tensor lines up with the channel axis under right-aligned broadcasting.
    const shape = [bias.storage.size, ...new Array<number>(value.shape.length - 1 - axis).fill(1)];
    gpu.run(
      elementwiseProgram({
        name: 'Binary',
        key: 'Add',
        inputs: [value, { ...bias, shape }],
        output: output(call, 0),
        expression: (_s, [a, b]) => `(${a} + ${b})`,
      }),
    );
  },
  /** The sum of the incoming gradient over every axis but the channel axis. */
  BiasAddGrad: (call, gpu) => {
    const dy = input(call, 0);
    const axis = channelAxis(call.attrs['dataFormat'] as DataFormat, dy.shape.length);
    runReduction(gpu, 'Sum', dy, output(call, 0), new Set(dy.shape.map((_, i) => i).filter((i) => i !== axis)));
  },
};
