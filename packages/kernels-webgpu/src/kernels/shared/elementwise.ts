import { stridesOf } from '@tf/graph/backend';
import type { WgslType } from '../../gpu-dtype.js';
import type { Program } from '../../program.js';
import type { ShaderHelper, UniformValue } from '../../shader/shader-helper.js';
import { inputVariable, outputVariable, type TensorLike } from '../../shader/tensor-variable.js';
import { broadcastStrides, planStrided, type StridedPlan } from './util.js';
import { type Vec4Layout, vec4Layouts } from './vec4-layout.js';

/** Builds the output element (of type `outType`) from the inputs' values (WGSL expressions of their storage types). */
export type ElementExpression = (shader: ShaderHelper, values: readonly string[], types: readonly WgslType[], outType: WgslType) => string;

export interface ElementwiseSpec {
  /** Program family (`Unary`, `Binary`, `Cast`, …). */
  readonly name: string;
  /** What distinguishes this expression in the family (op type, target dtype, …). */
  readonly key: string;
  readonly inputs: readonly TensorLike[];
  readonly output: TensorLike;
  readonly expression: ElementExpression;
  readonly uniforms?: readonly UniformValue[];
}

// Up to 7 inputs: with the output, the 8 storage buffers WebGPU guarantees per shader stage.
const INPUT_NAMES = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

/**
 * One invocation per output element; each input is read at the output's indices with NumPy
 * broadcasting (stride 0 along broadcast dims). Dims are collapsed on the host first, so a
 * same-shape op is rank 1 and needs no index arithmetic, and `[N, C] + [C]` is rank 2 whatever N
 * and C are: the pipeline depends on dtypes, collapsed rank and which inputs are contiguous.
 */
export function elementwiseProgram(spec: ElementwiseSpec): Program {
  const outShape = spec.output.shape;
  const plan = planStrided(outShape, [stridesOf(outShape), ...spec.inputs.map((x) => broadcastStrides(x.shape, outShape))]);
  const total = spec.output.storage.size;
  const vector = vec4Layouts(plan, total);
  if (vector) return vec4Program(spec, plan, vector);
  const dims = plan.dims;
  const rank = dims.length;
  const outStrides = plan.strides[0]!;
  const out = outputVariable('out', spec.output, { shape: dims, strides: outStrides });
  const inputs = spec.inputs.map((x, k) => inputVariable(INPUT_NAMES[k]!, x, { shape: dims, strides: plan.strides[k + 1]! }));
  // 'c': walks like the output (offset = global_idx); 's': needs its strides (broadcast).
  const layouts = inputs.map((v) => (v.strides.every((s, d) => s === outStrides[d]) ? 'c' : 's'));
  return {
    name: spec.name,
    cacheKey: `${spec.key}:${layouts.join('')}`,
    variables: [...inputs, out],
    uniforms: [{ name: 'total', type: 'u32', value: total }, ...(spec.uniforms ?? [])],
    dispatch: { invocations: total },
    getShaderSource(shader) {
      const lines: string[] = [];
      if (rank >= 2 && layouts.includes('s')) lines.push(`  let indices = ${out.offsetToIndices('global_idx')};`);
      const values = inputs.map((v, k) => {
        let offset: string;
        if (layouts[k] === 'c') offset = 'global_idx';
        else if (rank === 0) offset = '0u';
        else if (rank === 1) offset = `global_idx * ${v.strideAt(0)}`;
        else offset = v.indicesToOffset('indices');
        lines.push(`  let ${v.name}_value = ${v.get(offset)};`);
        return `${v.name}_value`;
      });
      const value = spec.expression(
        shader,
        values,
        inputs.map((v) => v.type),
        out.type,
      );
      return `${shader.mainStart()}
  if (global_idx >= ${shader.uniform('total')}) { return; }
${lines.join('\n')}
  ${out.set('global_idx', value)}
}`;
    },
  };
}

const LANES = ['x', 'y', 'z', 'w'] as const;

/**
 * The same program computing four consecutive output elements per invocation, with `vec4` loads
 * and stores (see `vec4Layouts` for the input patterns it takes and why). The expression is
 * applied to each lane, so it is the scalar program's, element for element.
 */
function vec4Program(spec: ElementwiseSpec, plan: StridedPlan, layouts: readonly Vec4Layout[]): Program {
  const total = spec.output.storage.size;
  const inner = plan.dims.length === 2 ? plan.dims[1]! : 0;
  const out = outputVariable('out', spec.output, { shape: [total / 4], components: 4 });
  const inputs = spec.inputs.map((x, k) => {
    const wide = layouts[k] === 'c' || layouts[k] === 'row';
    return inputVariable(INPUT_NAMES[k]!, x, wide ? { shape: [x.storage.size / 4], components: 4 } : { shape: [x.storage.size] });
  });
  return {
    name: spec.name,
    cacheKey: `${spec.key}:v4:${layouts.join(',')}`,
    variables: [...inputs, out],
    uniforms: [
      { name: 'total', type: 'u32', value: total / 4 },
      { name: 'inner4', type: 'u32', value: inner / 4 },
      ...(spec.uniforms ?? []),
    ],
    dispatch: { invocations: total / 4 },
    getShaderSource(shader) {
      const lines = inputs.map((v, k) => {
        const at = {
          c: 'global_idx',
          row: `global_idx % ${shader.uniform('inner4')}`,
          scalar: '0u',
          col: `global_idx / ${shader.uniform('inner4')}`,
        }[layouts[k]!];
        const read = v.get(at);
        return `  let ${v.name}4 = ${v.components === 4 ? read : `vec4<${v.type}>(${read})`};`;
      });
      const types = inputs.map((v) => v.type);
      const lanes = LANES.map((lane) =>
        spec.expression(
          shader,
          inputs.map((v) => `${v.name}4.${lane}`),
          types,
          out.type,
        ),
      );
      return `${shader.mainStart()}
  if (global_idx >= ${shader.uniform('total')}) { return; }
${lines.join('\n')}
  ${out.set('global_idx', `vec4<${out.type}>(${lanes.join(', ')})`)}
}`;
    },
  };
}
