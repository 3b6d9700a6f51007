import { InvalidArgumentError, NDArray } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { cpu, runKernel, setupGpu } from './helpers.js';

const { backend, skipReason } = await setupGpu();
const gpu = backend!;
const suffix = skipReason ? ` (${skipReason})` : '';

/** A float32 tensor with exactly these bit patterns (NaN payloads and signs survive). */
function fromBits(bits: readonly number[]): NDArray {
  return new NDArray('float32', [bits.length], new Float32Array(Uint32Array.from(bits).buffer));
}

function bitsOf(x: NDArray): number[] {
  const data = x.data as Float32Array;
  return Array.from(new Uint32Array(data.buffer, data.byteOffset, data.length));
}

const NAN = 0x7fc00000;
const NEGATIVE_NAN = 0xffc00000;
const SIGNALING_NAN = 0x7f800001;
const INF = 0x7f800000;
const NEGATIVE_INF = 0xff800000;
/** Finite values a float copy could alter: -0, the smallest and largest subnormals, ±max, 1. */
const TRICKY_FINITE = [0x80000000, 0x00000001, 0x007fffff, 0x80000001, 0x7f7fffff, 0xff7fffff, 0x3f800000];

/** The error the CPU kernel throws for the same input: the WebGPU one must match it exactly. */
async function cpuError(x: NDArray, message: string, name: string): Promise<InvalidArgumentError> {
  try {
    await runKernel(cpu, { type: 'CheckNumerics', inputs: [x], attrs: { message }, name });
  } catch (error) {
    return error as InvalidArgumentError;
  }
  throw new Error('the CPU kernel accepted the input');
}

/** Runs the kernel (reading its output back), then settles: the output, or the settle's error. */
async function checkOnGpu(x: NDArray, message = 'm', name = 'check'): Promise<{ out?: NDArray; error?: unknown }> {
  const [out] = await runKernel(gpu, { type: 'CheckNumerics', inputs: [x], attrs: { message }, name });
  try {
    await gpu.settle();
    return { out: out! };
  } catch (error) {
    return { error };
  }
}

describe.skipIf(!backend)(`WebGPU CheckNumerics${suffix}`, () => {
  it('passes finite values through bitwise, subnormals and -0 included', async () => {
    const x = fromBits(TRICKY_FINITE);
    const { out, error } = await checkOnGpu(x);
    expect(error).toBeUndefined();
    expect(bitsOf(out!)).toEqual(TRICKY_FINITE);
  });

  it.each([
    ['NaN', [0x3f800000, NAN, 0x40000000]],
    ['negative and signaling NaNs', [NEGATIVE_NAN, SIGNALING_NAN, ...TRICKY_FINITE]],
    ['+Inf', [...TRICKY_FINITE, INF]],
    ['-Inf', [NEGATIVE_INF]],
    ['Inf and NaN together', [INF, ...TRICKY_FINITE, SIGNALING_NAN]],
  ])('reports %s with the CPU kernel error, word for word', async (_, bits) => {
    const x = fromBits(bits);
    const { out, error } = await checkOnGpu(x, 'bad activations', 'layer1/CheckNumerics');
    expect(out).toBeUndefined();
    expect(error).toBeInstanceOf(InvalidArgumentError);
    const expected = await cpuError(x, 'bad activations', 'layer1/CheckNumerics');
    expect((error as Error).message).toBe(expected.message);
    expect((error as InvalidArgumentError).opName).toBe('layer1/CheckNumerics');
  });

  it('finds one NaN among many elements, wherever its workgroup is', async () => {
    for (const at of [0, 63, 64, 99_999]) {
      const values = new Float32Array(100_000).fill(0.5);
      values[at] = Number.NaN;
      const { error } = await checkOnGpu(new NDArray('float32', [values.length], values));
      expect((error as Error | undefined)?.message, `NaN at ${at}`).toMatch(/^m : Tensor had NaN values/);
    }
  });

  it('settles with no read-back when nothing is pending, and checks are settled once', async () => {
    const before = gpu.stats().readBacks;
    await gpu.settle();
    expect(gpu.stats().readBacks).toBe(before);
    const { error } = await checkOnGpu(fromBits([NAN]));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    // The failure was reported: the next settle has nothing left to read.
    const after = gpu.stats().readBacks;
    await gpu.settle();
    expect(gpu.stats().readBacks).toBe(after);
  });

  it('keeps a failure of an earlier run of the same op until the settle, then starts clean', async () => {
    const state = {};
    await runKernel(gpu, { type: 'CheckNumerics', inputs: [fromBits([INF])], attrs: { message: 'm' }, name: 'op', state });
    await runKernel(gpu, { type: 'CheckNumerics', inputs: [fromBits([0x3f800000])], attrs: { message: 'm' }, name: 'op', state });
    await expect(gpu.settle()).rejects.toThrow(/^m : Tensor had Inf values/);
    // The word was cleared for reuse: a clean run of the same op now passes.
    await runKernel(gpu, { type: 'CheckNumerics', inputs: [fromBits([0x3f800000])], attrs: { message: 'm' }, name: 'op', state });
    await expect(gpu.settle()).resolves.toBeUndefined();
  });

  it('reports the first of several pending checks that failed, in the order they were recorded', async () => {
    await runKernel(gpu, { type: 'CheckNumerics', inputs: [fromBits([0x3f800000])], attrs: { message: 'first' }, name: 'a', state: {} });
    await runKernel(gpu, { type: 'CheckNumerics', inputs: [fromBits([INF])], attrs: { message: 'second' }, name: 'b', state: {} });
    await runKernel(gpu, { type: 'CheckNumerics', inputs: [fromBits([NAN])], attrs: { message: 'third' }, name: 'c', state: {} });
    await expect(gpu.settle()).rejects.toThrow(/^second : Tensor had Inf values\n\t \[\[Node: b = /);
  });

  it('accepts an empty tensor without recording a check', async () => {
    const before = gpu.stats().readBacks;
    const { out, error } = await checkOnGpu(new NDArray('float32', [0, 3], new Float32Array(0)));
    expect(error).toBeUndefined();
    expect(out!.shape).toEqual([0, 3]);
    expect(gpu.stats().readBacks).toBe(before);
  });
});
