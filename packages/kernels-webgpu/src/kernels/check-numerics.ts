import { checkNumericsError } from '@tf/graph/backend';
import type { GpuStorage } from '../buffer-pool.js';
import { TensorVariable, type Access } from '../shader/tensor-variable.js';
import type { GpuKernelFor, KernelTable } from './shared/types.js';
import { input, output, perElementProgram } from './shared/util.js';

/** Bits the kernel ORs into its check word. */
const FOUND_NAN = 1;
const FOUND_INF = 2;

/**
 * The check word, bound as `array<atomic<u32>>` so every invocation that finds something can OR
 * into it.
 */
class AtomicWordVariable extends TensorVariable {
  constructor(name: string, storage: GpuStorage) {
    super(name, storage, 'bool', 'read_write', { shape: [1] });
  }

  override declaration(binding: number): string {
    return `@group(0) @binding(${binding}) var<storage, read_write> ${this.name}: array<atomic<u32>>;`;
  }
}

/**
 * A float32 tensor bound as its raw 32-bit words (WGSL stores bool as u32): the copy moves bits,
 * never floats, so subnormals are not flushed and the output is bitwise the input.
 */
function wordsVariable(name: string, storage: GpuStorage, access: Access): TensorVariable {
  return new TensorVariable(name, storage, 'bool', access, { shape: [storage.size] });
}

/**
 * TF's `CheckNumerics` on the GPU, the way TF's own GPU kernel works: the input is copied to the
 * output while every element with an all-ones exponent (NaN: non-zero mantissa, else ±Inf) ORs
 * its finding into a check word on the device. Tested by bit pattern, as WGSL may fold `x != x`.
 * The verdict arrives asynchronously: the backend's `settle()` (which `runAsync` awaits) reads the
 * word back and fails with the CPU kernel's InvalidArgumentError; a synchronous run cannot wait,
 * so its failure rejects the session's next asynchronous run.
 */
const checkNumerics: GpuKernelFor<'CheckNumerics'> = (call, gpu) => {
  const x = input(call, 0);
  const y = output(call, 0);
  const size = x.storage.size;
  if (size === 0) return;
  const { message } = call.attrs;
  const word = gpu.checkWord(call, (found) =>
    checkNumericsError(call.name, message, x.dtype, { nan: (found & FOUND_NAN) !== 0, inf: (found & FOUND_INF) !== 0 }),
  );
  gpu.run(
    perElementProgram({
      name: 'CheckNumerics',
      cacheKey: '',
      total: size,
      variables: [
        wordsVariable('x', x.storage, 'read'),
        wordsVariable('y', y.storage, 'read_write'),
        new AtomicWordVariable('found', word),
      ],
      body: () => `  let bits = x[global_idx];
  y[global_idx] = bits;
  if ((bits & 0x7f800000u) == 0x7f800000u) {
    atomicOr(&found[0], select(${FOUND_INF}u, ${FOUND_NAN}u, (bits & 0x007fffffu) != 0u));
  }
}`,
    }),
  );
};

export const checkNumericsKernels = { CheckNumerics: checkNumerics } satisfies KernelTable;
