import { describe, expect, it } from 'vitest';
import { GraphDefImportError, UnsupportedNodeError } from '../src/interop/import-error.js';
import { tensorFromProto } from '../src/interop/tensor-proto.js';

const shape = (...dims: number[]) => ({ dim: dims.map((size) => ({ size })) });
const le = (array: Float32Array | Float64Array | Int32Array | BigInt64Array) => new Uint8Array(array.buffer);

describe('TensorProto → NDArray, in every form TF writes', () => {
  it('tensor_content: little-endian raw bytes of float, double, int32, int64 and bool', () => {
    const f = tensorFromProto(
      { dtype: 'DT_FLOAT', tensorShape: shape(2, 2), tensorContent: le(new Float32Array([1.5, -2, 3, 0.25])) },
      'n',
    );
    expect(f.dtype).toBe('float32');
    expect(f.shape).toEqual([2, 2]);
    expect(Array.from(f.data)).toEqual([1.5, -2, 3, 0.25]);
    const d = tensorFromProto({ dtype: 'DT_DOUBLE', tensorShape: shape(2), tensorContent: le(new Float64Array([0.1, 1e300])) }, 'n');
    expect(Array.from(d.data)).toEqual([0.1, 1e300]);
    const i = tensorFromProto({ dtype: 'DT_INT32', tensorShape: shape(3), tensorContent: le(new Int32Array([-1, 7, 2 ** 31 - 1])) }, 'n');
    expect(Array.from(i.data)).toEqual([-1, 7, 2 ** 31 - 1]);
    const l = tensorFromProto({ dtype: 'DT_INT64', tensorShape: shape(2), tensorContent: le(new BigInt64Array([-5n, 784n])) }, 'n');
    expect(l.dtype).toBe('int32');
    expect(Array.from(l.data)).toEqual([-5, 784]);
    const b = tensorFromProto({ dtype: 'DT_BOOL', tensorShape: shape(3), tensorContent: new Uint8Array([1, 0, 1]) }, 'n');
    expect(b.toArray()).toEqual([true, false, true]);
  });

  it('tensor_content at an unaligned offset of a larger buffer', () => {
    const buffer = new Uint8Array(9);
    buffer.set(le(new Float32Array([2, 4])), 1);
    const t = tensorFromProto({ dtype: 'DT_FLOAT', tensorShape: shape(2), tensorContent: buffer.subarray(1) }, 'n');
    expect(Array.from(t.data)).toEqual([2, 4]);
  });

  it('typed value lists: the last value repeats to fill the shape, one value fills it all, none gives zeros', () => {
    expect(Array.from(tensorFromProto({ dtype: 'DT_FLOAT', tensorShape: shape(2, 3), floatVal: [1, 2] }, 'n').data)).toEqual([
      1, 2, 2, 2, 2, 2,
    ]);
    expect(Array.from(tensorFromProto({ dtype: 'DT_INT32', tensorShape: shape(4), intVal: [7] }, 'n').data)).toEqual([7, 7, 7, 7]);
    expect(Array.from(tensorFromProto({ dtype: 'DT_DOUBLE', tensorShape: shape(2), doubleVal: [0.1, 0.2] }, 'n').data)).toEqual([0.1, 0.2]);
    expect(Array.from(tensorFromProto({ dtype: 'DT_INT64', tensorShape: shape(3), int64Val: [-1, '2'] }, 'n').data)).toEqual([-1, 2, 2]);
    expect(tensorFromProto({ dtype: 'DT_BOOL', tensorShape: shape(2), boolVal: [true] }, 'n').toArray()).toEqual([true, true]);
    expect(Array.from(tensorFromProto({ dtype: 'DT_FLOAT', tensorShape: shape(3) }, 'n').data)).toEqual([0, 0, 0]);
  });

  it('scalars (no shape) and empty tensors', () => {
    const scalar = tensorFromProto({ dtype: 'DT_FLOAT', floatVal: [3.5] }, 'n');
    expect(scalar.shape).toEqual([]);
    expect(scalar.item()).toBe(3.5);
    const empty = tensorFromProto({ dtype: 'DT_FLOAT', tensorShape: shape(0, 3) }, 'n');
    expect(empty.shape).toEqual([0, 3]);
    expect(empty.size).toBe(0);
  });

  it('dtypes the project cannot hold, and int64 beyond int32, are unsupported (the node becomes opaque)', () => {
    expect(() => tensorFromProto({ dtype: 'DT_STRING', tensorShape: shape(1), stringVal: [new Uint8Array([97])] }, 'n')).toThrow(
      UnsupportedNodeError,
    );
    expect(() => tensorFromProto({ dtype: 'DT_HALF', halfVal: [1] }, 'n')).toThrow(UnsupportedNodeError);
    expect(() => tensorFromProto({ dtype: 'DT_INT64', int64Val: ['4294967296'] }, 'n')).toThrow(UnsupportedNodeError);
    expect(() => tensorFromProto({ dtype: 'DT_INT64', tensorContent: le(new BigInt64Array([2n ** 40n])) }, 'n')).toThrow(
      UnsupportedNodeError,
    );
  });

  it('malformed tensors are typed errors naming the node, never huge allocations', () => {
    const bad = (proto: Parameters<typeof tensorFromProto>[0], message: RegExp) => {
      expect(() => tensorFromProto(proto, 'weights')).toThrow(GraphDefImportError);
      expect(() => tensorFromProto(proto, 'weights')).toThrow(message);
    };
    bad({ dtype: 'DT_FLOAT', tensorShape: shape(3), tensorContent: new Uint8Array(8) }, /Node 'weights': tensor_content has 8 bytes/);
    bad({ dtype: 'DT_FLOAT', tensorShape: shape(1), floatVal: [1, 2] }, /Too many elements provided. Needed at most 1, but received 2/);
    bad({ dtype: 'DT_FLOAT', tensorShape: shape(100000, 100000), floatVal: [1] }, /more than 268435456 elements/);
    bad({ dtype: 'DT_FLOAT', tensorShape: shape(-1), floatVal: [1] }, /shape must be fully defined/);
    bad({ dtype: 'DT_FLOAT', tensorShape: shape(-7), floatVal: [1] }, /invalid dimension size -7/);
  });
});
