import { InternalError, type DType } from '@tf/graph';
import { stridesOf } from '@tf/graph/backend';
import type { GpuStorage } from '../buffer-pool.js';
import { wgslTypeOf, type WgslType } from '../gpu-dtype.js';

export type Access = 'read' | 'read_write';

/** A tensor as a kernel passes it around: storage plus what the executor knows about it. */
export interface TensorLike {
  readonly storage: GpuStorage;
  readonly dtype: DType;
  readonly shape: readonly number[];
}

export interface VariableOptions {
  /** The logical shape the shader indexes with; defaults to the tensor's shape. */
  readonly shape?: readonly number[];
  /**
   * Element strides per logical dim; defaults to row-major strides of `shape`. A 0 stride reads the
   * same element along that dim: that is how broadcasting is expressed.
   */
  readonly strides?: readonly number[];
  /** Bind the buffer as `array<vec4<T>>` (element `i` holds scalars `4i … 4i+3`); default 1. */
  readonly components?: 1 | 4;
}

/**
 * One storage buffer of a program, with the WGSL it needs to index it (ONNX Runtime Web's
 * IndicesHelper). Shape and strides are uniforms (`<name>_shape(i)`, `<name>_stride(i)`); only the
 * rank is baked into the source, so one pipeline serves every shape of that rank. The helper
 * functions are emitted only when a kernel used them.
 */
export class TensorVariable {
  readonly type: WgslType;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly components: 1 | 4;
  /** Set when the kernel asked for the functions, so the shader declares them. */
  usesOffsetToIndices = false;
  usesIndicesToOffset = false;

  constructor(
    readonly name: string,
    readonly storage: GpuStorage,
    dtype: DType,
    readonly access: Access,
    options: VariableOptions = {},
  ) {
    const type = wgslTypeOf(dtype);
    if (type === undefined) throw new InternalError(`tensor '${name}' has dtype ${dtype}, which WGSL cannot store`);
    this.type = type;
    this.components = options.components ?? 1;
    this.shape = options.shape ?? [storage.size];
    this.strides = options.strides ?? stridesOf(this.shape);
    if (this.strides.length !== this.shape.length) {
      throw new InternalError(`tensor '${name}': ${this.shape.length} dims but ${this.strides.length} strides`);
    }
  }

  get rank(): number {
    return this.shape.length;
  }

  /** WGSL type of a full index tuple. */
  get indicesType(): string {
    return `array<u32, ${Math.max(1, this.rank)}>`;
  }

  /** WGSL expression: the size of logical dim `i` (a number or a WGSL u32 expression). */
  shapeAt(i: number | string): string {
    return `${this.name}_shape(${typeof i === 'number' ? `${i}u` : i})`;
  }

  strideAt(i: number | string): string {
    return `${this.name}_stride(${typeof i === 'number' ? `${i}u` : i})`;
  }

  /** WGSL expression: the index tuple (row-major over the logical shape) of flat index `offset`. */
  offsetToIndices(offset: string): string {
    this.usesOffsetToIndices = true;
    return `${this.name}_offset_to_indices(${offset})`;
  }

  /** WGSL expression: the element offset of index tuple `indices` (uses the strides, so broadcasting applies). */
  indicesToOffset(indices: string): string {
    if (this.rank === 0) return '0u';
    this.usesIndicesToOffset = true;
    return `${this.name}_indices_to_offset(${indices})`;
  }

  get(offset: string): string {
    return `${this.name}[${offset}]`;
  }

  set(offset: string, value: string): string {
    return `${this.name}[${offset}] = ${value};`;
  }

  getByIndices(indices: string): string {
    return this.get(this.indicesToOffset(indices));
  }

  /** The binding declaration. */
  declaration(binding: number): string {
    const element = this.components === 4 ? `vec4<${this.type}>` : this.type;
    return `@group(0) @binding(${binding}) var<storage, ${this.access}> ${this.name}: array<${element}>;`;
  }

  /** Accessors for the shape/stride uniforms and the index functions this kernel used. */
  implementation(uniformOffset: (name: string) => number): string {
    const r = this.rank;
    if (r === 0) return '';
    const n = this.name;
    const lines = [
      `fn ${n}_shape(i: u32) -> u32 { return uniform_word(${uniformOffset(`${n}_shape`)}u + i); }`,
      `fn ${n}_stride(i: u32) -> u32 { return uniform_word(${uniformOffset(`${n}_strides`)}u + i); }`,
    ];
    if (this.usesOffsetToIndices) {
      const body: string[] = [`  var indices: ${this.indicesType};`, '  var rest = offset;'];
      for (let i = r - 1; i > 0; i--) {
        body.push(`  indices[${i}] = rest % ${n}_shape(${i}u);`, `  rest = rest / ${n}_shape(${i}u);`);
      }
      body.push('  indices[0] = rest;', '  return indices;');
      lines.push(`fn ${n}_offset_to_indices(offset: u32) -> ${this.indicesType} {\n${body.join('\n')}\n}`);
    }
    if (this.usesIndicesToOffset) {
      const terms = Array.from({ length: r }, (_, i) => `indices[${i}] * ${n}_stride(${i}u)`);
      lines.push(`fn ${n}_indices_to_offset(indices: ${this.indicesType}) -> u32 {\n  return ${terms.join(' + ')};\n}`);
    }
    return lines.join('\n');
  }
}

/** A read-only storage binding. */
export function inputVariable(name: string, tensor: TensorLike, options?: VariableOptions): TensorVariable {
  return new TensorVariable(name, tensor.storage, tensor.dtype, 'read', { shape: tensor.shape, ...options });
}

/** A read-write storage binding (an output, or state updated in place). */
export function outputVariable(name: string, tensor: TensorLike, options?: VariableOptions): TensorVariable {
  return new TensorVariable(name, tensor.storage, tensor.dtype, 'read_write', { shape: tensor.shape, ...options });
}
