import { windowGeometry, type ConvAttrs, type PoolAttrs, type WindowGeometry } from '@tf/graph/backend';
import type { Program } from '../../program.js';
import type { ShaderHelper } from '../../shader/shader-helper.js';
import { inputVariable, outputVariable, type TensorVariable } from '../../shader/tensor-variable.js';
import type { GpuCall, GpuContext, GpuTensor } from './types.js';

// The machinery shared by the direct window kernels (Conv2D, depthwise, pooling, and their
// gradients on NHWC values with HWIO filters): one invocation per output element, gathering
// everything it needs (gradients with respect to an input gather over the windows that cover the
// element instead of scattering, so no atomics are needed). The window arithmetic is the ops' own
// `windowGeometry`, passed as a uniform, so a kernel compiles once whatever the shapes.

/** The geometry uniform's fields, in order; each becomes an `i32` `let` in the shader. */
const FIELDS = [
  'batch',
  'in_rows',
  'in_cols',
  'depth',
  'w_rows',
  'w_cols',
  's_rows',
  's_cols',
  'd_rows',
  'd_cols',
  'out_rows',
  'out_cols',
  'pad_top',
  'pad_left',
  // Conv2D: output channels; depthwise: the channel multiplier; pools: unused.
  'extra',
] as const;

function geometryValues(g: WindowGeometry, extra: number): number[] {
  return [
    g.batch,
    g.inRows,
    g.inCols,
    g.depth,
    g.windowRows,
    g.windowCols,
    g.strideRows,
    g.strideCols,
    g.dilationRows,
    g.dilationCols,
    g.outRows,
    g.outCols,
    g.padTop,
    g.padLeft,
    extra,
  ];
}

/** `let` declarations of every geometry field, and the invocation's index `idx` (bounds-checked). */
function prologue(shader: ShaderHelper): string {
  return `${shader.mainStart()}
  if (global_idx >= ${shader.uniform('total')}) { return; }
  let idx = i32(global_idx);
${FIELDS.map((f, i) => `  let ${f} = ${shader.uniform('g', i)};`).join('\n')}`;
}

/** A program with one invocation per element of `total`. */
export function windowProgram(
  name: string,
  variables: TensorVariable[],
  g: WindowGeometry,
  extra: number,
  total: number,
  body: (shader: ShaderHelper) => string,
): Program {
  return {
    name: 'Window',
    cacheKey: name,
    variables,
    uniforms: [
      { name: 'g', type: 'i32', value: geometryValues(g, extra) },
      { name: 'total', type: 'u32', value: total },
    ],
    dispatch: { invocations: total },
    getShaderSource: (shader) => `${prologue(shader)}
${body(shader)}
}`,
  };
}

export function flat(name: string, t: GpuTensor, out = false): TensorVariable {
  return out ? outputVariable(name, t, { shape: [t.storage.size] }) : inputVariable(name, t, { shape: [t.storage.size] });
}

/**
 * Empty outputs need nothing; an output over an empty reduction (an empty input, a filter with no
 * input channels) is all zeros. Returns whether the kernel still has work to do.
 */
export function needsWork(gpu: GpuContext, out: GpuTensor, inputs: readonly GpuTensor[]): boolean {
  if (out.storage.size === 0) return false;
  if (inputs.some((t) => t.storage.size === 0)) {
    gpu.clear(out.storage);
    return false;
  }
  return true;
}

/** The window geometry of a convolution call over an input and a filter of these shapes. */
export function convGeometry(call: GpuCall<ConvAttrs>, inputShape: readonly number[], filterShape: readonly number[]): WindowGeometry {
  const { attrs } = call;
  return windowGeometry(inputShape, filterShape[0] ?? 1, filterShape[1] ?? 1, attrs.strides, attrs.dilations, attrs.padding);
}

/** The window geometry of a pooling call over an input of this shape. */
export function poolGeometry(call: GpuCall<PoolAttrs>, inputShape: readonly number[]): WindowGeometry {
  const { attrs } = call;
  return windowGeometry(inputShape, attrs.ksize[1] ?? 1, attrs.ksize[2] ?? 1, attrs.strides, undefined, attrs.padding);
}

// --- WGSL fragments ----------------------------------------------------------------------------

/** Splits `idx` over an NHWC output `[batch, out_rows, out_cols, channels]` into `b, oy, ox, ch`. */
export function splitOutput(channels: string): string {
  return `  let ch = idx % (${channels});
  var rest = idx / (${channels});
  let ox = rest % out_cols;
  rest = rest / out_cols;
  let oy = rest % out_rows;
  let b = rest / out_rows;`;
}

/** Splits `idx` over an NHWC input `[batch, in_rows, in_cols, depth]` into `b, iy, ix, ch`. */
export const splitInput = `  let ch = idx % depth;
  var rest = idx / depth;
  let ix = rest % in_cols;
  rest = rest / in_cols;
  let iy = rest % in_rows;
  let b = rest / in_rows;`;

/**
 * Loops over the taps `(di, dj)` of output `(b, oy, ox)`'s window that land inside the input, at
 * `(iy, ix)`, running `body` for each.
 */
export function forEachTapInside(body: string): string {
  return `  for (var di = 0; di < w_rows; di = di + 1) {
    let iy = oy * s_rows - pad_top + di * d_rows;
    if (iy < 0 || iy >= in_rows) { continue; }
    for (var dj = 0; dj < w_cols; dj = dj + 1) {
      let ix = ox * s_cols - pad_left + dj * d_cols;
      if (ix < 0 || ix >= in_cols) { continue; }
${body}
    }
  }`;
}

/**
 * Loops over every image `b` and output position `(oy, ox)` whose window tap `(di, dj)` lands
 * inside the input, at `(iy, ix)`, running `body` for each (the filter gradients' sum).
 */
export function forEachOutputOfTap(body: string): string {
  return `  for (var b = 0; b < batch; b = b + 1) {
    for (var oy = 0; oy < out_rows; oy = oy + 1) {
      let iy = oy * s_rows - pad_top + di * d_rows;
      if (iy < 0 || iy >= in_rows) { continue; }
      for (var ox = 0; ox < out_cols; ox = ox + 1) {
        let ix = ox * s_cols - pad_left + dj * d_cols;
        if (ix < 0 || ix >= in_cols) { continue; }
${body}
      }
    }
  }`;
}

/**
 * Loops over the output positions `(oy, ox)` whose window tap `(di, dj)` lands on input `(iy, ix)`
 * (`oy·s_rows − pad_top + di·d_rows = iy`), running `body` for each.
 */
export function forEachCoveringTap(body: string): string {
  return `  for (var di = 0; di < w_rows; di = di + 1) {
    let ty = iy + pad_top - di * d_rows;
    if (ty < 0 || ty % s_rows != 0) { continue; }
    let oy = ty / s_rows;
    if (oy >= out_rows) { continue; }
    for (var dj = 0; dj < w_cols; dj = dj + 1) {
      let tx = ix + pad_left - dj * d_cols;
      if (tx < 0 || tx % s_cols != 0) { continue; }
      let ox = tx / s_cols;
      if (ox >= out_cols) { continue; }
${body}
    }
  }`;
}
