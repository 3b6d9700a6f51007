import { InternalError } from '@tf/graph';
import type { TensorVariable } from './tensor-variable.js';

export type UniformType = 'u32' | 'i32' | 'f32';

/** One named uniform of a program: a scalar or a short array. */
export interface UniformValue {
  readonly name: string;
  readonly type: UniformType;
  readonly value: number | readonly number[];
}

/** Where each uniform sits in the packed block (in 32-bit words). */
export interface UniformLayoutEntry {
  readonly name: string;
  readonly type: UniformType;
  readonly length: number;
  readonly offset: number;
}

/**
 * The uniform block of a program: each variable's shape and strides, then the program's own
 * uniforms, packed as 32-bit words. Only lengths (ranks) and names enter the layout, so it is the
 * same for every run of a cached pipeline; `signature` goes into the cache key to make sure.
 */
export class UniformLayout {
  readonly entries: readonly UniformLayoutEntry[];
  readonly words: number;
  readonly signature: string;
  private readonly byName = new Map<string, UniformLayoutEntry>();
  private readonly values: readonly (number | readonly number[])[];

  constructor(variables: readonly TensorVariable[], uniforms: readonly UniformValue[]) {
    const entries: UniformLayoutEntry[] = [];
    const values: (number | readonly number[])[] = [];
    let offset = 0;
    const add = (name: string, type: UniformType, value: number | readonly number[]) => {
      const length = typeof value === 'number' ? 1 : value.length;
      const entry = { name, type, length, offset };
      if (this.byName.has(name)) throw new InternalError(`uniform '${name}' declared twice`);
      this.byName.set(name, entry);
      entries.push(entry);
      values.push(value);
      offset += length;
    };
    for (const v of variables) {
      if (v.rank === 0) continue;
      add(`${v.name}_shape`, 'u32', v.shape);
      add(`${v.name}_strides`, 'u32', v.strides);
    }
    for (const u of uniforms) add(u.name, u.type, u.value);
    this.entries = entries;
    this.values = values;
    this.words = offset;
    this.signature = entries.map((e) => `${e.name}:${e.type}${e.length}`).join(',');
  }

  entry(name: string): UniformLayoutEntry {
    const entry = this.byName.get(name);
    if (entry === undefined) throw new InternalError(`shader uses uniform '${name}', which the program does not declare`);
    return entry;
  }

  /** The packed words (at least one vec4, as WGSL uniform arrays need 16-byte elements). */
  pack(): Uint32Array {
    const words = new Uint32Array(Math.max(4, Math.ceil(this.words / 4) * 4));
    const floats = new Float32Array(words.buffer);
    const ints = new Int32Array(words.buffer);
    this.entries.forEach((e, k) => {
      const value = this.values[k]!;
      const list = typeof value === 'number' ? [value] : value;
      for (let i = 0; i < e.length; i++) {
        const x = list[i]!;
        if (e.type === 'f32') floats[e.offset + i] = x;
        else if (e.type === 'i32') ints[e.offset + i] = x;
        else {
          if (!(x >= 0 && x <= 0xffffffff && Number.isInteger(x))) {
            throw new InternalError(`uniform '${e.name}' needs a u32, got ${x}`);
          }
          words[e.offset + i] = x;
        }
      }
    });
    return words;
  }
}

/**
 * Writes the boilerplate of a compute shader so kernels write only their math (ONNX Runtime Web's
 * ShaderHelper): the entry point with its builtins, the uniform block and its accessors, the
 * bindings, and shared helper functions, each emitted once.
 */
export class ShaderHelper {
  private readonly functions = new Map<string, string>();

  constructor(
    readonly variables: readonly TensorVariable[],
    readonly layout: UniformLayout,
    readonly workgroupSize: readonly [number, number, number],
  ) {}

  get workgroupInvocations(): number {
    return this.workgroupSize[0] * this.workgroupSize[1] * this.workgroupSize[2];
  }

  /**
   * Opens `fn main`. In scope afterwards: `global_idx` (the invocation's flat index, counting
   * workgroups laid out over x and y when a dispatch is split in 2-D), `workgroup_index`,
   * `local_idx`, `local_id`, `workgroup_id`, `num_workgroups`. The kernel closes the brace.
   */
  mainStart(): string {
    const [x, y, z] = this.workgroupSize;
    return `@compute @workgroup_size(${x}, ${y}, ${z})
fn main(@builtin(local_invocation_id) local_id: vec3<u32>,
        @builtin(local_invocation_index) local_idx: u32,
        @builtin(workgroup_id) workgroup_id: vec3<u32>,
        @builtin(num_workgroups) num_workgroups: vec3<u32>) {
  let workgroup_index = (workgroup_id.z * num_workgroups.y + workgroup_id.y) * num_workgroups.x + workgroup_id.x;
  let global_idx = workgroup_index * ${this.workgroupInvocations}u + local_idx;`;
  }

  /** WGSL expression reading a program uniform (element `index` of an array uniform). */
  uniform(name: string, index?: number | string): string {
    const e = this.layout.entry(name);
    let at: string;
    if (index === undefined) at = `${e.offset}u`;
    else if (typeof index === 'number') at = `${e.offset + index}u`;
    else at = `${e.offset}u + (${index})`;
    const word = `uniform_word(${at})`;
    return e.type === 'u32' ? word : `bitcast<${e.type}>(${word})`;
  }

  /** Declares a module-scope helper function once (by name) and returns its name. */
  fn(name: string, source: string): string {
    const existing = this.functions.get(name);
    if (existing !== undefined && existing !== source) throw new InternalError(`two different WGSL functions named ${name}`);
    this.functions.set(name, source);
    return name;
  }

  /** Everything above `main`: bindings, uniforms, accessors and helper functions. */
  header(): string {
    const lines: string[] = [];
    this.variables.forEach((v, i) => lines.push(v.declaration(i)));
    const vec4s = Math.max(1, Math.ceil(this.layout.words / 4));
    lines.push(
      `struct Uniforms { data: array<vec4<u32>, ${vec4s}> };`,
      `@group(0) @binding(${this.variables.length}) var<uniform> uniforms: Uniforms;`,
      'fn uniform_word(i: u32) -> u32 { return uniforms.data[i / 4u][i % 4u]; }',
    );
    const offset = (name: string) => this.layout.entry(name).offset;
    for (const v of this.variables) {
      const impl = v.implementation(offset);
      if (impl) lines.push(impl);
    }
    lines.push(...this.functions.values());
    return lines.join('\n');
  }
}
