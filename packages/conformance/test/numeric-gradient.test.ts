import * as tf from '@tf/graph';
import { createCpuBackend } from '@tf/kernels-cpu';
import { describe, expect, it } from 'vitest';
import { checkGradients } from '../src/index.js';

describe('checkGradients', () => {
  it('passes for a correct gradient (x · y + exp(x), with broadcasting)', () => {
    const result = checkGradients((x, y) => tf.add(tf.mul(x!, y!), tf.exp(x!)), [{ shape: [2, 3] }, { shape: [3] }], {
      createBackend: createCpuBackend,
    });
    expect(result.ok, result.report).toBe(true);
    expect(result.analytic.map((g) => g.length)).toEqual([6, 3]);
  });

  it('catches a wrong gradient: stopGradient hides a dependence central differences see', () => {
    const result = checkGradients((x) => tf.mul(x!, tf.stopGradient(x!)), [{ shape: [4], values: [1, 2, 3, 4] }]);
    expect(result.ok).toBe(false);
    expect(result.mismatches).toHaveLength(4);
    expect(result.report).toMatch(/4 gradient mismatches/);
  });

  it('holds int32 inputs fixed and differentiates only float64 ones', () => {
    const result = checkGradients(
      (x, axes) => tf.reduceSum(tf.square(x!), axes!),
      [{ shape: [2, 3] }, { shape: [1], values: [1], dtype: 'int32' }],
    );
    expect(result.ok, result.report).toBe(true);
    expect(result.analytic).toHaveLength(1);
  });

  it('works with shapes known only at run time', () => {
    const result = checkGradients((x, y) => tf.div(x!, y!), [{ shape: [2, 1] }, { shape: [1, 3], low: 0.5, high: 2 }], {
      staticShapes: 'unknown',
    });
    expect(result.ok, result.report).toBe(true);
  });

  it('rejects float32 inputs and non-float64 outputs', () => {
    expect(() => checkGradients((x) => x!, [{ shape: [1], dtype: 'float32' }])).toThrow(/float64/);
    expect(() => checkGradients((x) => tf.cast(x!, 'float32'), [{ shape: [1] }])).toThrow(/float64 outputs/);
  });
});
