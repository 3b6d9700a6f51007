import { InvalidArgumentError } from '@tf/graph';
import { inputVariable, outputVariable, type TensorLike } from '../shader/tensor-variable.js';
import type { GpuKernelFor, KernelTable } from './shared/types.js';
import { hostInput, input, output, perElementProgram } from './shared/util.js';

// DynamicStitch: N index tensors place the rows of N data tensors into one output. The indices
// are host inputs, so the host decides which (input, row) wins each output row (the last one
// written, as in TF's sequential CPU kernel) and uploads, per data input, the output row each of
// its rows goes to (-1: overwritten by a later one). Each data input is then one scatter dispatch
// with no two invocations writing one element; rows no index names are cleared to 0 first.

/** Which output row each data row lands in, winners only; `undefined` for inputs with no winner. */
function rowMaps(indices: readonly Int32Array[], rows: number, name: string): { maps: (Int32Array | undefined)[]; covered: number } {
  const lastInput = new Int32Array(rows).fill(-1);
  const lastRow = new Int32Array(rows);
  indices.forEach((ids, m) => {
    for (let j = 0; j < ids.length; j++) {
      const row = ids[j]!;
      if (row < 0 || row >= rows) throw new InvalidArgumentError(`indices[${m}][${j}] = ${row} is out of range [0, ${rows})`, name);
      lastInput[row] = m;
      lastRow[row] = j;
    }
  });
  const maps: (Int32Array | undefined)[] = indices.map(() => undefined);
  let covered = 0;
  for (let row = 0; row < rows; row++) {
    const m = lastInput[row]!;
    if (m < 0) continue;
    covered++;
    const map = (maps[m] ??= new Int32Array(indices[m]!.length).fill(-1));
    map[lastRow[row]!] = row;
  }
  return { maps, covered };
}

const dynamicStitch: GpuKernelFor<'DynamicStitch'> = (call, gpu) => {
  const n = call.inputs.length / 2;
  const out = output(call, 0);
  const total = out.storage.size;
  if (total === 0) return;
  const rows = out.shape[0]!;
  const rowSize = total / rows;
  const indices = Array.from({ length: n }, (_, m) => Int32Array.from(hostInput(call, m)));
  const { maps, covered } = rowMaps(indices, rows, call.name);
  if (covered < rows) gpu.clear(out.storage);
  maps.forEach((rowMap, m) => {
    if (rowMap === undefined) return;
    const data = input(call, n + m);
    const map: TensorLike = { storage: gpu.temp('int32', rowMap.length), dtype: 'int32', shape: [rowMap.length] };
    gpu.upload(map.storage, rowMap);
    gpu.run(
      perElementProgram({
        name: 'DynamicStitch',
        cacheKey: '',
        variables: [
          inputVariable('data', data, { shape: [data.storage.size] }),
          inputVariable('rows', map, { shape: [rowMap.length] }),
          outputVariable('out', out, { shape: [total] }),
        ],
        total: rowMap.length * rowSize,
        uniforms: [{ name: 'row_size', type: 'u32', value: rowSize }],
        body: (shader) => `  let row_size = ${shader.uniform('row_size')};
  let j = global_idx / row_size;
  let row = rows[j];
  if (row < 0) { return; }
  out[u32(row) * row_size + (global_idx - j * row_size)] = data[global_idx];
}`,
      }),
    );
    gpu.release(map.storage);
  });
};

export const dynamicStitchKernels = { DynamicStitch: dynamicStitch } satisfies KernelTable;
