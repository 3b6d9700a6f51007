import { readFileSync } from 'node:fs';
import { NDArray } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { readNpy, writeNpy } from '../src/io/npy.js';

// Fixtures written by NumPy itself (test/fixtures/npy/generate.py).
const fixture = (name: string) => readFileSync(new URL(`./fixtures/npy/${name}.npy`, import.meta.url));

describe('.npy', () => {
  it('reads what NumPy writes, dtype by dtype', () => {
    const f32 = readNpy(fixture('f32_2x3'));
    expect([f32.dtype, f32.shape, Array.from(f32.data)]).toEqual(['float32', [2, 3], [0, 0.25, 0.5, 0.75, 1, 1.25]]);
    const f64 = readNpy(fixture('f64_vec'));
    expect([f64.dtype, f64.shape, Array.from(f64.data)]).toEqual(['float64', [3], [1.5, -2.25, Math.PI]]);
    const scalar = readNpy(fixture('i32_scalar'));
    expect([scalar.dtype, scalar.shape, Array.from(scalar.data)]).toEqual(['int32', [], [-7]]);
    expect(Array.from(readNpy(fixture('i64_2x2')).data)).toEqual([1, -2, 3, 2147483647]);
    expect(Array.from(readNpy(fixture('u8_3')).data)).toEqual([0, 128, 255]);
    const bool = readNpy(fixture('bool_2x2'));
    expect([bool.dtype, Array.from(bool.data)]).toEqual(['bool', [1, 0, 0, 1]]);
    expect(readNpy(fixture('f32_empty')).shape).toEqual([0, 4]);
    expect(Array.from(readNpy(fixture('f32_v2')).data)).toEqual([0, 1, 2, 3]);
  });

  it('refuses what it cannot represent, naming the file', () => {
    expect(() => readNpy(fixture('f32_fortran'), 'a.npy')).toThrow('a.npy: Fortran-ordered arrays are not supported');
    expect(() => readNpy(fixture('i64_big'))).toThrow('does not fit int32');
    expect(() => readNpy(fixture('f32_bigendian'))).toThrow("dtype '>f4' is not supported");
    expect(() => readNpy(new TextEncoder().encode('[[1, 2]]'), 'x.json')).toThrow('x.json: not a .npy file');
    const truncated = fixture('f32_2x3').subarray(0, 140);
    expect(() => readNpy(truncated)).toThrow('needs 24 bytes of data');
  });

  it('writes files that read back identically, headers padded to 64 bytes like NumPy', () => {
    for (const array of [
      new NDArray('float32', [2, 2], new Float32Array([1, -2, 0.5, 3])),
      new NDArray('float64', [3], new Float64Array([1e-300, 2, Math.E])),
      new NDArray('int32', [], new Int32Array([-5])),
      new NDArray('bool', [2], new Uint8Array([1, 0])),
    ]) {
      const bytes = writeNpy(array);
      const back = readNpy(bytes);
      expect([back.dtype, back.shape, Array.from(back.data)]).toEqual([array.dtype, array.shape, Array.from(array.data)]);
    }
    // NumPy's own file for the same array is byte for byte what we write.
    const numpy = fixture('f32_2x3');
    expect(Buffer.from(writeNpy(readNpy(numpy))).equals(numpy)).toBe(true);
  });
});
