import { elementwiseProgram } from './shared/elementwise.js';
import { runReduction } from './shared/reduce-program.js';
import type { KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';

function channelAxis(format: unknown, rank: number): number {
  return format === 'NCHW' ? 1 : rank - 1;
}

export const biasAddKernels = {
  /** `value + bias` along the channel axis: the last (NHWC) or axis 1 (NCHW), by NumPy broadcasting. */
  BiasAdd: (call, gpu) => {
    const value = input(call, 0);
    const bias = input(call, 1);
    const axis = channelAxis(call.attrs.dataFormat, value.shape.length);
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
    const axis = channelAxis(call.attrs.dataFormat, dy.shape.length);
    runReduction(gpu, 'Sum', dy, output(call, 0), new Set(dy.shape.map((_, i) => i).filter((i) => i !== axis)));
  },
} satisfies KernelTable;
