import { NDArray, type TypedArray } from '@tf/graph';
import { runKernel } from '@tf/graph/backend';
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../src/index.js';
import {
  HeapScratch,
  RESIDENT_MIN_FLOATS,
  heapAlloc,
  heapFree,
  heapMemory,
  heapStats,
  releaseResident,
  residentAddress,
  residentFloats,
} from '../src/kernels/shared/wasm/heap.js';
import { setElementwiseThreadThreshold } from '../src/kernels/shared/wasm/split-elementwise.js';
import { gemmPoolChunks } from '../src/kernels/shared/wasm/threads.js';
import { withWorkerPool } from './pool-setup.js';

// The CPU backend's WebAssembly heap (src/kernels/shared/wasm/heap.ts): its allocator, resident
// arrays, and kernels reading and writing resident arrays in place with the same bits as the copy
// path that ordinary arrays take.

describe('the heap allocator', () => {
  it('exists in Node (shared WebAssembly memory)', () => {
    expect(heapMemory()).not.toBeNull();
  });

  it('hands out 16-aligned, disjoint blocks and reuses freed ones best-fit, coalesced', () => {
    const a = heapAlloc(100);
    const b = heapAlloc(1000);
    const c = heapAlloc(24);
    for (const x of [a, b, c]) expect(x % 16).toBe(0);
    expect(b).toBeGreaterThanOrEqual(a + 112);
    expect(c).toBeGreaterThanOrEqual(b + 1008);
    const used = heapStats().usedBytes;
    heapFree(b);
    expect(heapStats().usedBytes).toBe(used - 1008);
    heapFree(b); // a second free is ignored
    expect(heapStats().usedBytes).toBe(used - 1008);
    // a small block goes into the hole b left (best fit), not at the top
    const d = heapAlloc(16);
    expect(d).toBe(b);
    heapFree(d);
    heapFree(a);
    // a and b's holes merged: 1120 bytes fit where a was
    const e = heapAlloc(1120);
    expect(e).toBe(a);
    heapFree(e);
    heapFree(c);
  });

  it('gives the top back, so a freed last block does not stay a hole', () => {
    const before = heapStats().freeBlocks;
    const a = heapAlloc(4096);
    heapFree(a);
    expect(heapStats().freeBlocks).toBe(before);
    expect(heapAlloc(4096)).toBe(a);
    heapFree(a);
  });

  it('never hands out overlapping blocks, and gives every byte back, over random allocations and frees', () => {
    // A seeded sequence of allocations (1 B to 64 KiB) and frees in random order; live blocks are
    // checked for overlap after every step, and each block's bytes keep a value of its own.
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const start = heapStats();
    const live: { offset: number; size: number; mark: number }[] = [];
    const bytes = new Uint8Array(heapMemory()!.buffer);
    const view = () => (bytes.buffer === heapMemory()!.buffer ? bytes : new Uint8Array(heapMemory()!.buffer));
    for (let step = 0; step < 3000; step++) {
      if (live.length > 0 && random() < 0.45) {
        const [block] = live.splice(Math.floor(random() * live.length), 1);
        const b = view();
        let intact = true;
        for (let i = block!.offset; i < block!.offset + block!.size; i++) intact &&= b[i] === block!.mark;
        expect(intact).toBe(true);
        heapFree(block!.offset);
      } else {
        const size = 1 + Math.floor(random() ** 3 * 65536);
        const offset = heapAlloc(size);
        expect(offset % 16).toBe(0);
        const mark = step % 251;
        view().fill(mark, offset, offset + size);
        live.push({ offset, size, mark });
      }
      if (step % 100 === 0) {
        const sorted = [...live].sort((x, y) => x.offset - y.offset);
        for (let i = 1; i < sorted.length; i++)
          expect(sorted[i]!.offset).toBeGreaterThanOrEqual(sorted[i - 1]!.offset + sorted[i - 1]!.size);
      }
    }
    for (const block of live) heapFree(block.offset);
    expect(heapStats().usedBytes).toBe(start.usedBytes);
    // Everything freed coalesces back: no more free blocks than before.
    expect(heapStats().freeBlocks).toBeLessThanOrEqual(start.freeBlocks);
  });

  it('refuses what no memory can hold instead of throwing', () => {
    expect(heapAlloc(2 ** 31)).toBe(-1);
  });

  it('keeps a scratch region that grows and never shrinks', () => {
    const scratch = new HeapScratch();
    const small = scratch.reserve(64);
    expect(small).toBeGreaterThanOrEqual(0);
    expect(scratch.reserve(32)).toBe(small);
    const large = scratch.reserve(1 << 20);
    expect(large).toBeGreaterThanOrEqual(0);
    expect(scratch.reserve(1000)).toBe(large);
  });
});

describe('resident arrays', () => {
  it('are recognised by address, ordinary arrays are not', () => {
    const r = residentFloats(256)!;
    expect(r).toBeInstanceOf(Float32Array);
    expect(residentAddress(r)).toBe(r.byteOffset);
    expect(residentAddress(new Float32Array(256))).toBe(-1);
    expect(residentFloats(RESIDENT_MIN_FLOATS - 1)).toBeNull();
    releaseResident(r);
  });

  it('stay valid, with their values, when the heap grows under them', () => {
    const r = residentFloats(1024)!;
    r.set(Float32Array.from({ length: 1024 }, (_, i) => i / 3));
    const before = heapStats().memoryBytes;
    const big = heapAlloc(64 << 20); // grows the memory by 64 MiB
    expect(heapStats().memoryBytes).toBeGreaterThan(before);
    expect(r[1023]).toBe(Math.fround(1023 / 3));
    r[0] = 42;
    expect(new Float32Array(heapMemory()!.buffer, r.byteOffset, 1)[0]).toBe(42);
    expect(residentAddress(r)).toBe(r.byteOffset);
    heapFree(big);
    releaseResident(r);
  });
});

describe('the CPU backend on the heap', () => {
  it('allocates float32 tensors in the heap, other dtypes and tiny tensors as ordinary arrays', () => {
    const backend = createCpuBackend();
    const f = backend.allocate({ dtype: 'float32', shape: [16, 16] });
    expect(residentAddress(f)).toBeGreaterThanOrEqual(0);
    expect(residentAddress(backend.allocate({ dtype: 'float32', shape: [4] }))).toBe(-1);
    expect(residentAddress(backend.allocate({ dtype: 'int32', shape: [16, 16] }))).toBe(-1);
    expect(residentAddress(createCpuBackend({ wasmHeap: false }).allocate({ dtype: 'float32', shape: [16, 16] }))).toBe(-1);
    backend.dispose?.();
  });

  it('hands a detached result over as an ordinary copy and reuses the block', () => {
    const backend = createCpuBackend();
    const storage = backend.allocate({ dtype: 'float32', shape: [100] });
    storage.fill(7);
    const data = backend.detach!(storage);
    expect(residentAddress(data)).toBe(-1);
    expect(data.buffer).toBeInstanceOf(ArrayBuffer);
    expect(Array.from(data.slice(0, 3))).toEqual([7, 7, 7]);
    expect(backend.memory().liveBuffers).toBe(0);
    expect(backend.allocate({ dtype: 'float32', shape: [100] })).toBe(storage);
    backend.dispose?.();
  });

  it('hands a large result over in a buffer of its own, exactly its size, every value copied', async () => {
    const backend = createCpuBackend();
    // 4 MiB: Node's uninitialized allocation (ownedCopy), then every value written over it.
    const storage = backend.allocate({ dtype: 'float32', shape: [1024, 1024] });
    for (let i = 0; i < storage.length; i++) storage[i] = i * 0.5 - 7;
    const expected = Float32Array.from(storage);
    const read = await backend.read!(storage);
    const data = backend.detach!(storage);
    for (const copy of [data, read]) {
      expect(residentAddress(copy)).toBe(-1);
      expect(copy).toBeInstanceOf(Float32Array);
      expect(copy.buffer).toBeInstanceOf(ArrayBuffer);
      expect([copy.byteOffset, copy.buffer.byteLength]).toEqual([0, 4 * 1024 * 1024]);
      expect(copy).toEqual(expected);
    }
    // The block goes back to the pool and is written again: the copies keep their values.
    backend.allocate({ dtype: 'float32', shape: [1024, 1024] }).fill(0);
    expect(data).toEqual(expected);
    backend.dispose?.();
  });

  it('frees what its pool holds when disposed', () => {
    const used = heapStats().usedBytes;
    const backend = createCpuBackend();
    const arrays = [backend.allocate({ dtype: 'float32', shape: [1000] }), backend.allocate({ dtype: 'float32', shape: [3000] })];
    expect(heapStats().usedBytes).toBeGreaterThanOrEqual(used + 16000);
    for (const a of arrays) backend.release(a);
    backend.dispose?.();
    expect(heapStats().usedBytes).toBe(used);
  });

  it('frees the blocks of arrays its pool drops past its budget', () => {
    const used = heapStats().usedBytes;
    const backend = createCpuBackend({ poolBytes: 0 });
    const a = backend.allocate({ dtype: 'float32', shape: [1000] });
    expect(heapStats().usedBytes).toBeGreaterThan(used);
    backend.release(a);
    expect(heapStats().usedBytes).toBe(used);
    backend.dispose?.();
  });
});

/** Deterministic float32 values in [-2, 2) with the awkward ones in. */
function data(n: number, seed: number): Float32Array {
  const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed * 78.233) * 2);
  x[1] = Number.NaN;
  x[2] = -0;
  x[4] = Number.POSITIVE_INFINITY;
  x[5] = Number.NEGATIVE_INFINITY;
  return x;
}

const f32 = (shape: number[], seed: number) =>
  new NDArray(
    'float32',
    shape,
    data(
      shape.reduce((a, b) => a * b, 1),
      seed,
    ),
  );

/** Same values bit for bit (NaN equal to NaN, -0 distinct from +0). */
function sameBits(a: TypedArray, b: TypedArray): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]) || (Number.isNaN(x) && Number.isNaN(b[i]!)));
}

describe('kernels on resident arrays', () => {
  // Each kernel through runKernel (inputs and outputs allocated by the backend): resident on the
  // heap backend, ordinary on the other; the results must agree bit for bit.
  const heap = createCpuBackend();
  const ordinary = createCpuBackend({ wasmHeap: false });
  const cases: [string, NDArray[], Record<string, unknown>?][] = [
    ['Relu', [f32([37, 13], 1)]],
    ['ReluGrad', [f32([37, 13], 2), f32([37, 13], 3)]],
    ['Add', [f32([50, 24], 4), f32([24], 5)]],
    ['Mul', [f32([50, 24], 6), f32([50, 24], 7)]],
    ['BiasAdd', [f32([6, 5, 5, 8], 8), f32([8], 9)], { dataFormat: 'NHWC' }],
    ['BiasAddGrad', [f32([60, 32], 10)], { dataFormat: 'NHWC' }],
    ['MaxPool', [f32([2, 8, 8, 4], 11)], { ksize: [1, 2, 2, 1], strides: [1, 2, 2, 1], padding: 'VALID', dataFormat: 'NHWC' }],
    [
      'MaxPoolGrad',
      [f32([2, 8, 8, 4], 12), f32([2, 4, 4, 4], 13), f32([2, 4, 4, 4], 14)],
      { ksize: [1, 2, 2, 1], strides: [1, 2, 2, 1], padding: 'VALID', dataFormat: 'NHWC' },
    ],
    ['MatMul', [f32([37, 50], 15), f32([50, 29], 16)], { transposeA: false, transposeB: false }],
    ['MatMul', [f32([50, 37], 17), f32([29, 50], 18)], { transposeA: true, transposeB: true }],
  ];
  for (const [type, inputs, attrs] of cases) {
    it(`${type} gives the copy path's bits`, async () => {
      const [a] = await runKernel(heap, { type, inputs, attrs });
      const [b] = await runKernel(ordinary, { type, inputs, attrs });
      expect(sameBits(a!.data, b!.data)).toBe(true);
    });
  }
});

describe('training updates on resident variables', () => {
  /** Runs `type` on arrays the backend allocated (resident or not), in place, and returns them. */
  function update(wasmHeap: boolean, type: string, arrays: Float32Array[], scalars: number[], attrs: object, order: number[]) {
    const backend = createCpuBackend({ wasmHeap });
    const stored = arrays.map((a) => {
      const s = backend.allocate({ dtype: 'float32', shape: [a.length] }) as Float32Array;
      s.set(a);
      return s;
    });
    expect(residentAddress(stored[0]!) >= 0).toBe(wasmHeap);
    const scalarInputs = scalars.map((x) => ({ storage: Float32Array.of(x), dtype: 'float32' as const, shape: [] }));
    const tensors = stored.map((s) => ({ storage: s, dtype: 'float32' as const, shape: [s.length] }));
    // `order` lists, per kernel input, an array (index ≥ 0) or a scalar (-1 - index).
    const inputs = order.map((i) => (i >= 0 ? tensors[i]! : scalarInputs[-1 - i]!));
    backend.execute({ type, name: type, attrs, inputs, outputs: [tensors[0]!], hostValues: [], state: {} });
    return stored.map((s) => s.slice());
  }

  const n = 1001; // odd: the JS loop finishes the last element
  it('ApplyAdam updates var, m and v in place with the copy path bits', () => {
    const arrays = [data(n, 20), data(n, 21).map(Math.abs), data(n, 22).map(Math.abs), data(n, 23)];
    // var, m, v, beta1^t, beta2^t, lr, beta1, beta2, epsilon, grad
    const order = [0, 1, 2, -1, -2, -3, -4, -5, -6, 3];
    const scalars = [0.9, 0.999, 1e-3, 0.9, 0.999, 1e-8];
    const a = update(true, 'ApplyAdam', arrays, scalars, { useNesterov: false }, order);
    const b = update(false, 'ApplyAdam', arrays, scalars, { useNesterov: false }, order);
    for (let i = 0; i < 3; i++) expect(sameBits(a[i]!, b[i]!)).toBe(true);
    expect(sameBits(a[0]!, arrays[0]!)).toBe(false); // it did update
  });

  it('ApplyGradientDescent and ApplyMomentum do too', () => {
    const gd = [data(n, 24), data(n, 25)];
    const x = update(true, 'ApplyGradientDescent', gd, [0.1], {}, [0, -1, 1]);
    const y = update(false, 'ApplyGradientDescent', gd, [0.1], {}, [0, -1, 1]);
    expect(sameBits(x[0]!, y[0]!)).toBe(true);
    const mo = [data(n, 26), data(n, 27), data(n, 28)];
    for (const useNesterov of [false, true]) {
      const p = update(true, 'ApplyMomentum', mo, [0.01, 0.9], { useNesterov }, [0, 1, -1, 2, -2]);
      const q = update(false, 'ApplyMomentum', mo, [0.01, 0.9], { useNesterov }, [0, 1, -1, 2, -2]);
      expect(sameBits(p[0]!, q[0]!) && sameBits(p[1]!, q[1]!)).toBe(true);
    }
  });
});

describe('products of resident operands across the worker pool', () => {
  withWorkerPool();

  /** Chunks every thread has run so far. */
  const chunks = () => {
    const { caller, workers } = gemmPoolChunks();
    return workers.reduce((x, y) => x + y, caller);
  };

  // Each update, with its arrays (inputs at `arrayAt`, the first `updated` of them written) and its
  // 0-d inputs (at the other positions, in order).
  const updates = [
    { type: 'ApplyAdam', arrayAt: [0, 1, 2, 9], scalars: [0.9, 0.999, 1e-3, 0.9, 0.999, 1e-8], updated: 3, attrs: { useNesterov: false } },
    { type: 'ApplyGradientDescent', arrayAt: [0, 2], scalars: [0.1], updated: 1, attrs: {} },
    { type: 'ApplyMomentum', arrayAt: [0, 1, 3], scalars: [0.01, 0.9], updated: 2, attrs: { useNesterov: false } },
    { type: 'ApplyMomentum', arrayAt: [0, 1, 3], scalars: [0.01, 0.9], updated: 2, attrs: { useNesterov: true } },
  ] as const;

  it.each(updates)('splits $type across the pool with the bits of one thread ($attrs)', ({ type, arrayAt, scalars, updated, attrs }) => {
    const n = 20_001; // odd: the JS loop finishes the last element
    const arrays = arrayAt.map((_, i) => (i === 1 || i === 2 ? data(n, 40 + i).map(Math.abs) : data(n, 40 + i)));
    const update = (threadMin: number, wasmHeap: boolean) => {
      const previous = setElementwiseThreadThreshold(threadMin);
      try {
        const backend = createCpuBackend({ wasmHeap });
        const stored = arrays.map((a) => {
          const s = backend.allocate({ dtype: 'float32', shape: [n] }) as Float32Array;
          s.set(a);
          return s;
        });
        const t = stored.map((s) => ({ storage: s, dtype: 'float32' as const, shape: [n] }));
        const rest = scalars.map((x) => ({ storage: Float32Array.of(x), dtype: 'float32' as const, shape: [] }));
        const inputs = Array.from({ length: arrayAt.length + scalars.length }, (_, i) => {
          const a = arrayAt.indexOf(i as never);
          return a >= 0 ? t[a]! : rest[i - arrayAt.filter((j) => j < i).length]!;
        });
        backend.execute({ type, name: 'update', attrs, inputs, outputs: [t[0]!], hostValues: [], state: {} });
        return stored.slice(0, updated).map((s) => s.slice());
      } finally {
        setElementwiseThreadThreshold(previous);
      }
    };
    const single = update(Number.POSITIVE_INFINITY, true);
    for (const wasmHeap of [true, false]) {
      const before = chunks();
      const split = update(0, wasmHeap);
      expect(chunks()).toBeGreaterThan(before);
      for (let i = 0; i < updated; i++) expect(sameBits(split[i]!, single[i]!)).toBe(true);
    }
    expect(sameBits(single[0]!, arrays[0]!)).toBe(false);
  });

  // Relu, ReluGrad and a bias add (broadcasting Add/Sub/Mul/Div of a row vector) are memory
  // passes split the same way: whole groups of 4 elements, or whole rows.
  const passes = [
    { type: 'Relu', shapes: [[4999, 8]] },
    {
      type: 'ReluGrad',
      shapes: [
        [4999, 8],
        [4999, 8],
      ],
    },
    { type: 'Add', shapes: [[1250, 32], [32]] },
    { type: 'Sub', shapes: [[32], [1250, 32]] },
    { type: 'Mul', shapes: [[625, 64], [64]] },
    { type: 'Div', shapes: [[625, 64], [64]] },
  ] as const;

  it.each(passes)('splits $type across the pool with the bits of one thread', ({ type, shapes }) => {
    const run = (threadMin: number, wasmHeap: boolean) => {
      const previous = setElementwiseThreadThreshold(threadMin);
      try {
        const backend = createCpuBackend({ wasmHeap });
        const inputs = shapes.map((shape, i) => {
          const size = shape.reduce((a, b) => a * b, 1);
          const storage = backend.allocate({ dtype: 'float32', shape }) as Float32Array;
          // Some exact zeros and a NaN, where Relu and ReluGrad choose.
          storage.set(data(size, 60 + i).map((v, j) => (j % 97 === 0 ? 0 : j === 5 ? Number.NaN : v)));
          return { storage, dtype: 'float32' as const, shape };
        });
        const shape = shapes.reduce((a, b) => (b.length > a.length ? b : a));
        const out = backend.allocate({ dtype: 'float32', shape }) as Float32Array;
        const outputs = [{ storage: out, dtype: 'float32' as const, shape }];
        backend.execute({ type, name: type, attrs: {}, inputs, outputs, hostValues: [], state: {} });
        return out.slice();
      } finally {
        setElementwiseThreadThreshold(previous);
      }
    };
    const single = run(Number.POSITIVE_INFINITY, true);
    for (const wasmHeap of [true, false]) {
      const before = chunks();
      const split = run(0, wasmHeap);
      expect(chunks()).toBeGreaterThan(before);
      expect(sameBits(split, single)).toBe(true);
    }
  });

  // Split by rows (A taller than B is wide) and by columns; workers read resident A and B and
  // write resident C in place.
  const heap = createCpuBackend();
  const ordinary = createCpuBackend({ wasmHeap: false });
  for (const [m, k, n] of [
    [300, 40, 16],
    [20, 64, 300],
    [100, 784, 256],
  ] as const) {
    it(`MatMul ${m}x${k}x${n} gives the copy path's bits`, async () => {
      // Chunks run on the threaded path, by whichever thread claimed them (on a tiny product the
      // caller may take them all before a worker wakes).
      const chunks = () => {
        const { caller, workers } = gemmPoolChunks();
        return workers.reduce((x, y) => x + y, caller);
      };
      const before = chunks();
      const inputs = [f32([m, k], 30), f32([k, n], 31)];
      const [a] = await runKernel(heap, { type: 'MatMul', inputs });
      expect(chunks()).toBeGreaterThan(before);
      const [b] = await runKernel(ordinary, { type: 'MatMul', inputs });
      expect(sameBits(a!.data, b!.data)).toBe(true);
    });
  }
});
