import { UnimplementedError, type DType, type TypedArray } from '@tf/graph';

/** The WGSL element type a dtype is stored as: bool is one u32 (0 or 1) per element. */
export type WgslType = 'f32' | 'i32' | 'u32';

/** Bytes per element on the GPU: every supported dtype is 32 bits wide. */
export const BYTES_PER_ELEMENT = 4;

/** The WGSL storage type of `dtype`, or `undefined` for dtypes WebGPU cannot hold (float64). */
export function wgslTypeOf(dtype: DType): WgslType | undefined {
  switch (dtype) {
    case 'float32':
      return 'f32';
    case 'int32':
      return 'i32';
    case 'bool':
      return 'u32';
    case 'float64':
      return undefined;
  }
}

/** The error for a dtype WGSL has no type for (float64), naming the op and the fix. */
export function unsupportedDType(dtype: DType, opType: string, opName: string): UnimplementedError {
  return new UnimplementedError(
    `The WebGPU backend has no ${dtype} support (WGSL has no 64-bit floats): op '${opName}' (${opType}) got a ${dtype} tensor. ` +
      'Place this op on the CPU (device "cpu") or cast to float32.',
    opName,
  );
}

/** Like `wgslTypeOf`, but throws the UnimplementedError for float64. */
export function requireWgslType(dtype: DType, opType: string, opName: string): WgslType {
  const type = wgslTypeOf(dtype);
  if (type === undefined) throw unsupportedDType(dtype, opType, opName);
  return type;
}

/** Host data in the layout the GPU stores it in (bool widened to u32); a view where no conversion is needed. */
export function toGpuLayout(dtype: DType, data: TypedArray): Float32Array | Int32Array | Uint32Array {
  switch (dtype) {
    case 'float32':
      return data instanceof Float32Array ? data : Float32Array.from(data);
    case 'int32':
      return data instanceof Int32Array ? data : Int32Array.from(data);
    case 'bool': {
      const out = new Uint32Array(data.length);
      for (let i = 0; i < data.length; i++) out[i] = data[i] ? 1 : 0;
      return out;
    }
    case 'float64':
      throw new UnimplementedError('float64 tensors cannot be stored on the WebGPU backend; keep them on the CPU.');
  }
}

/** A fresh host array of `dtype` from `size` 32-bit GPU words (copied out of a mapped range). */
export function fromGpuLayout(dtype: DType, words: ArrayBuffer, size: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(words.slice(0, size * BYTES_PER_ELEMENT));
    case 'int32':
      return new Int32Array(words.slice(0, size * BYTES_PER_ELEMENT));
    case 'bool': {
      const src = new Uint32Array(words, 0, size);
      const out = new Uint8Array(size);
      for (let i = 0; i < size; i++) out[i] = src[i] ? 1 : 0;
      return out;
    }
    case 'float64':
      throw new UnimplementedError('float64 tensors cannot be stored on the WebGPU backend; keep them on the CPU.');
  }
}
