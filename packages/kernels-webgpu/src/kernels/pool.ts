import type { ShaderHelper } from '../shader/shader-helper.js';
import type { TensorVariable } from '../shader/tensor-variable.js';
import { lib } from '../shader/wgsl-lib.js';
import type { WindowGeometry } from '@tf/graph/backend';
import type { GpuContext, GpuKernelFor, GpuTensor, KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';
import { flat, needsWork, poolGeometry, splitInput, splitOutput, windowProgram } from './shared/window-program.js';

// MaxPool, AvgPool and their gradients as direct loops on NHWC values.

/**
 * Loops over the pooling windows (output positions `oy, ox`) that cover input `(iy, ix)`:
 * `oy·s − pad ≤ iy < oy·s − pad + w`.
 */
function forEachCoveringWindow(body: string): string {
  return `  let ay = iy + pad_top - w_rows + 1;
  let oy0 = select(0, (ay + s_rows - 1) / s_rows, ay > 0);
  let oy1 = min(out_rows - 1, (iy + pad_top) / s_rows);
  let ax = ix + pad_left - w_cols + 1;
  let ox0 = select(0, (ax + s_cols - 1) / s_cols, ax > 0);
  let ox1 = min(out_cols - 1, (ix + pad_left) / s_cols);
  for (var oy = oy0; oy <= oy1; oy = oy + 1) {
    for (var ox = ox0; ox <= ox1; ox = ox + 1) {
      let w = ((b * out_rows + oy) * out_cols + ox) * depth + ch;
${body}
    }
  }`;
}

/**
 * A WGSL function giving the flat input index of the max of window `(b, oy, ox)` in channel `ch`:
 * the first in row-major order (strict `>`), a NaN winning over numbers and the first NaN staying,
 * as the CPU kernel.
 */
function argMaxFn(shader: ShaderHelper, x: TensorVariable): string {
  // Integers have no NaN: a plain strict `>`.
  const better = x.type === 'f32' ? `!${lib(shader, 'is_nan')}(best) && (v > best || ${lib(shader, 'is_nan')}(v))` : 'v > best';
  return shader.fn(
    'window_argmax',
    `fn window_argmax(b: i32, oy: i32, ox: i32, ch: i32, g_in_rows: i32, g_in_cols: i32, g_depth: i32, y_start: i32, x_start: i32, w_rows: i32, w_cols: i32) -> i32 {
  let y0 = max(y_start, 0);
  let y1 = min(y_start + w_rows, g_in_rows);
  let x0 = max(x_start, 0);
  let x1 = min(x_start + w_cols, g_in_cols);
  var best_at = ((b * g_in_rows + y0) * g_in_cols + x0) * g_depth + ch;
  var best = ${x.name}[best_at];
  for (var y = y0; y < y1; y = y + 1) {
    for (var xi = x0; xi < x1; xi = xi + 1) {
      let at = ((b * g_in_rows + y) * g_in_cols + xi) * g_depth + ch;
      let v = ${x.name}[at];
      if (${better}) {
        best = v;
        best_at = at;
      }
    }
  }
  return best_at;
}`,
  );
}

/** The flat input index of the max of window `(b, oy, ox)` in channel `ch`; the input is variable 0. */
function windowArgMax(shader: ShaderHelper): string {
  return `${argMaxFn(shader, shader.variables[0]!)}(b, oy, ox, ch, in_rows, in_cols, depth, oy * s_rows - pad_top, ox * s_cols - pad_left, w_rows, w_cols)`;
}

const maxPool: GpuKernelFor<'MaxPool'> = (call, gpu) => {
  const x = input(call, 0);
  const out = output(call, 0);
  if (!needsWork(gpu, out, [x])) return;
  const g = poolGeometry(call, x.shape);
  gpu.run(
    windowProgram(
      'MaxPool',
      [flat('x', x), flat('out', out, true)],
      g,
      0,
      out.storage.size,
      (shader) => `${splitOutput('depth')}
  let at = ${windowArgMax(shader)};
  out[idx] = x[at];`,
    ),
  );
};

/** Each input element gathers the gradient of every window whose max it is. */
const maxPoolGrad: GpuKernelFor<'MaxPoolGrad'> = (call, gpu) => {
  const x = input(call, 0);
  const grad = input(call, 2);
  const dx = output(call, 0);
  if (!needsWork(gpu, dx, [x, grad])) return;
  const g = poolGeometry(call, x.shape);
  if (g.strideRows >= g.windowRows && g.strideCols >= g.windowCols) {
    maxPoolGradDisjoint(gpu, x, grad, dx, g);
    return;
  }
  gpu.run(
    windowProgram(
      'MaxPoolGrad',
      [flat('x', x), flat('grad', grad), flat('dx', dx, true)],
      g,
      0,
      dx.storage.size,
      (shader) => `${splitInput}
  var sum = ${shader.variables[1]!.type}(0);
${forEachCoveringWindow(`      if (${windowArgMax(shader)} == idx) { sum = sum + grad[w]; }`)}
  dx[idx] = sum;`,
    ),
  );
};

/**
 * MaxPoolGrad when no two windows overlap (stride ≥ window, as in 2×2 stride-2 pooling): one
 * invocation per window finds its max once and writes the window's inputs, the gradient at the
 * max and zeros elsewhere; inputs no window covers were cleared first. The gather above finds
 * each input's covering windows' maxima instead, a window's max once per input it covers (four
 * times for 2×2), which is what the pass costs on SwiftShader. Same values: an input's gradient
 * is the gradient of the one window whose max it is (a zero as +0, as the CPU's sum gives), or 0.
 */
function maxPoolGradDisjoint(gpu: GpuContext, x: GpuTensor, grad: GpuTensor, dx: GpuTensor, g: WindowGeometry): void {
  gpu.clear(dx.storage);
  gpu.run(
    windowProgram(
      'MaxPoolGradDisjoint',
      [flat('x', x), flat('grad', grad), flat('dx', dx, true)],
      g,
      0,
      grad.storage.size,
      (shader) => `${splitOutput('depth')}
  let at = ${windowArgMax(shader)};
  let y_start = oy * s_rows - pad_top;
  let x_start = ox * s_cols - pad_left;
  let zero = ${shader.variables[1]!.type}(0);
  // The CPU sums into 0, so a -0 gradient lands as +0 (a compiler may fold 0 + g to g).
  let g = grad[idx];
  let hit = select(g, zero, g == zero);
  for (var y = max(y_start, 0); y < min(y_start + w_rows, in_rows); y = y + 1) {
    for (var xi = max(x_start, 0); xi < min(x_start + w_cols, in_cols); xi = xi + 1) {
      let p = ((b * in_rows + y) * in_cols + xi) * depth + ch;
      dx[p] = select(zero, hit, p == at);
    }
  }`,
    ),
  );
}

/** `grad` (shaped like MaxPool's input) read at each window's max. */
const maxPoolGradGrad: GpuKernelFor<'MaxPoolGradGrad'> = (call, gpu) => {
  const x = input(call, 0);
  const grad = input(call, 2);
  const out = output(call, 0);
  if (!needsWork(gpu, out, [x, grad])) return;
  const g = poolGeometry(call, x.shape);
  gpu.run(
    windowProgram(
      'MaxPoolGradGrad',
      [flat('x', x), flat('grad', grad), flat('out', out, true)],
      g,
      0,
      out.storage.size,
      (shader) => `${splitOutput('depth')}
  let at = ${windowArgMax(shader)};
  out[idx] = grad[at];`,
    ),
  );
};

/** The mean over the part of the window inside the input (SAME padding shrinks border windows). */
const avgPool: GpuKernelFor<'AvgPool'> = (call, gpu) => {
  const x = input(call, 0);
  const out = output(call, 0);
  if (!needsWork(gpu, out, [x])) return;
  const g = poolGeometry(call, x.shape);
  gpu.run(
    windowProgram(
      'AvgPool',
      [flat('x', x), flat('out', out, true)],
      g,
      0,
      out.storage.size,
      () => `${splitOutput('depth')}
  let y_start = oy * s_rows - pad_top;
  let x_start = ox * s_cols - pad_left;
  let y0 = max(y_start, 0);
  let y1 = min(y_start + w_rows, in_rows);
  let x0 = max(x_start, 0);
  let x1 = min(x_start + w_cols, in_cols);
  var sum = 0.0;
  for (var y = y0; y < y1; y = y + 1) {
    for (var xi = x0; xi < x1; xi = xi + 1) {
      sum = sum + x[((b * in_rows + y) * in_cols + xi) * depth + ch];
    }
  }
  out[idx] = sum / f32((y1 - y0) * (x1 - x0));`,
    ),
  );
};

/** Each input element gathers `grad / count` of every window covering it. */
const avgPoolGrad: GpuKernelFor<'AvgPoolGrad'> = (call, gpu) => {
  const grad = input(call, 1);
  const dx = output(call, 0);
  if (!needsWork(gpu, dx, [grad])) return;
  const g = poolGeometry(call, dx.shape);
  gpu.run(
    windowProgram(
      'AvgPoolGrad',
      [flat('grad', grad), flat('dx', dx, true)],
      g,
      0,
      dx.storage.size,
      () => `${splitInput}
  var sum = 0.0;
${forEachCoveringWindow(`      let y_start = oy * s_rows - pad_top;
      let x_start = ox * s_cols - pad_left;
      let count = (min(y_start + w_rows, in_rows) - max(y_start, 0)) * (min(x_start + w_cols, in_cols) - max(x_start, 0));
      sum = sum + grad[w] / f32(count);`)}
  dx[idx] = sum;`,
    ),
  );
};

export const poolKernels = {
  MaxPool: maxPool,
  MaxPoolGrad: maxPoolGrad,
  MaxPoolGradGrad: maxPoolGradGrad,
  AvgPool: avgPool,
  AvgPoolGrad: avgPoolGrad,
} satisfies KernelTable;
