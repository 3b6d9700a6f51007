import * as tf from '@tf/graph';
import { getOpDef } from '@tf/graph/backend';
import { describe, expect, it } from 'vitest';
import {
  accumulationBound,
  AGREEMENT_TOLERANCES,
  agreementTolerance,
  assertAgreement,
  DEFAULT_AGREEMENT_TOLERANCE,
  largerVariant,
  loadOpCaseFiles,
  LONG_AXIS,
  longAxisVariant,
  randomInputs,
  samplingRange,
  t,
  valuesAgree,
} from '../src/index.js';

const opCaseFiles = await loadOpCaseFiles();

// The pieces of the agreement check (src/run-agreement.ts), each shown to fail when it should.
const f32 = (values: number[], shape = [values.length]) => new tf.NDArray('float32', shape, Float32Array.from(values));
const i32 = (values: number[]) => new tf.NDArray('int32', [values.length], Int32Array.from(values));
/** The next float32 above `x` (x > 0). */
const nextUp = (x: number) => {
  const bits = new Uint32Array(Float32Array.of(x).buffer);
  bits[0]! += 1;
  return new Float32Array(bits.buffer)[0]!;
};

describe('valuesAgree', () => {
  it('allows differences up to the bound, not beyond', () => {
    expect(valuesAgree(1, 1, 0)).toBe(true);
    expect(valuesAgree(nextUp(1), 1, 0)).toBe(false);
    expect(valuesAgree(1.5, 1, 0.5)).toBe(true);
    expect(valuesAgree(1.5, 1, 0.49)).toBe(false);
  });

  it('matches NaN only with NaN and an infinity only with itself, whatever the bound', () => {
    expect(valuesAgree(Number.NaN, Number.NaN, 0)).toBe(true);
    expect(valuesAgree(Number.NaN, 1, Infinity)).toBe(false);
    expect(valuesAgree(1, Number.NaN, Infinity)).toBe(false);
    expect(valuesAgree(Infinity, Infinity, 0)).toBe(true);
    expect(valuesAgree(Infinity, -Infinity, Infinity)).toBe(false);
    expect(valuesAgree(Infinity, Number.NaN, Infinity)).toBe(false);
    expect(valuesAgree(3.4e38, Infinity, Infinity)).toBe(false);
  });
});

describe('assertAgreement', () => {
  it('names the first disagreeing element and counts them', () => {
    expect(() => assertAgreement(f32([1, 2, 3]), f32([1, 2.5, 4]), () => 0.1, 'Op/case')).toThrow(
      /Op\/case: 2 of 3 elements disagree; first at flat index 1: device 2, reference 2.5/,
    );
    expect(() => assertAgreement(f32([1, 2, 3]), f32([1, 2.05, 3]), () => 0.1, 'Op/case')).not.toThrow();
  });

  it('keeps int32 exact whatever the bound, and checks dtype and shape', () => {
    expect(() => assertAgreement(i32([1, 2]), i32([1, 3]), () => 10, 'x')).toThrow(/1 of 2 elements disagree/);
    expect(() => assertAgreement(f32([1, 2]), i32([1, 2]), () => 0, 'x')).toThrow(/dtype float32 on the device, int32/);
    expect(() => assertAgreement(f32([1, 2], [2, 1]), f32([1, 2]), () => 0, 'x')).toThrow(/shape \[2,1\] on the device, \[2\]/);
  });
});

describe('accumulationBound', () => {
  it('is K·2⁻²³·Σ|aᵢbᵢ| + 1e-6, capped at 1e-3 + 1e-3·|reference|', () => {
    expect(accumulationBound(4, 8, 1)).toBeCloseTo(4 * 2 ** -23 * 8 + 1e-6, 15);
    expect(accumulationBound(1e6, 1e6, 2)).toBeCloseTo(1e-3 + 2e-3, 15);
    expect(accumulationBound(3, Infinity, -5)).toBeCloseTo(6e-3, 15);
  });
});

describe('the tolerance table', () => {
  it('gives §6 E groups, and the default to unlisted ops', () => {
    expect(agreementTolerance('Add')).toEqual({ kind: 'exact' });
    expect(agreementTolerance('Div')).toMatchObject({ kind: 'relative', rtol: 1e-6 });
    expect(agreementTolerance('Exp')).toMatchObject({ kind: 'relative', rtol: 1e-5, atol: 1e-6 });
    expect(agreementTolerance('Sin')).toMatchObject({ atol: 5e-4, inputDomain: [-Math.PI, Math.PI] });
    expect(agreementTolerance('MatMul')).toMatchObject({ kind: 'accumulation' });
    expect(agreementTolerance('NoSuchOp')).toBe(DEFAULT_AGREEMENT_TOLERANCE);
  });

  it('names only registered op types or case files (no stale keys)', () => {
    const caseOps = new Set(opCaseFiles.map((file) => file.op));
    const stale = Object.keys(AGREEMENT_TOLERANCES).filter((op) => !getOpDef(op) && !caseOps.has(op));
    expect(stale).toEqual([]);
  });
});

describe('randomInputs', () => {
  const inputs = {
    x: t([1, Number.NaN, 3, Infinity, -Infinity, 2], [2, 3]),
    axis: t([1], [1], 'int32'),
    mask: t([true, false]),
    lr: t([0.1], []),
  };

  it('keeps int32, bool and non-finite values; draws finite floats inside the case range', () => {
    const drawn = randomInputs(inputs, 7);
    expect(drawn['axis']).toBe(inputs.axis);
    expect(drawn['mask']).toBe(inputs.mask);
    const x = drawn['x']!.values as number[];
    expect(drawn['x']!.shape).toEqual([2, 3]);
    expect([x[1], x[3], x[4]]).toEqual([Number.NaN, Infinity, -Infinity]);
    for (const v of [x[0]!, x[2]!, x[5]!]) expect(v >= 1 && v <= 3 && Math.fround(v) === v).toBe(true);
    expect(x[0]).not.toBe(1);
    const lr = (drawn['lr']!.values as number[])[0]!;
    expect(lr >= 0.05 && lr <= 0.15).toBe(true);
  });

  it('is seeded: the same seed draws the same values, another seed others', () => {
    expect(randomInputs(inputs, 7)['x']!.values).toEqual(randomInputs(inputs, 7)['x']!.values);
    expect(randomInputs(inputs, 7)['x']!.values).not.toEqual(randomInputs(inputs, 8)['x']!.values);
  });

  it('widens a degenerate range keeping its sign, and narrows to a domain', () => {
    expect(samplingRange([-2, -2])).toEqual([-3, -1]);
    expect(samplingRange([0])).toEqual([-1, 1]);
    expect(samplingRange([Number.NaN])).toEqual([-1, 1]);
    expect(samplingRange([-10, 1], [-Math.PI, Math.PI])).toEqual([-Math.PI, 1]);
    expect(samplingRange([10, 20], [-Math.PI, Math.PI])).toEqual([-Math.PI, Math.PI]);
  });
});

describe('larger variants', () => {
  const logits = t([1, 2, Number.NaN, 4, 5, 6], [2, 3]);
  const bias = t([7, 8, 9]);
  const labels = t([0, 2], [2], 'int32');
  const mask = t([true, false, true, true, false, true], [2, 3]);

  it('largerVariant tiles dim 0 of the batched float inputs', () => {
    const { variant, factor } = largerVariant({ name: 'c', inputs: { logits, bias, labels }, expected: logits })!;
    expect(factor).toBe(342);
    expect(variant.name).toBe('c (dim 0 ×342)');
    expect(variant.inputs['logits']!.shape).toEqual([684, 3]);
    expect(variant.inputs['bias']).toBe(bias);
    expect(variant.inputs['labels']).toBe(labels);
  });

  it('longAxisVariant lengthens the last axis of the data inputs that share it, the case values at the end of each row', () => {
    const { variant } = longAxisVariant({ name: 'c', inputs: { logits, bias, labels, mask }, expected: logits })!;
    expect(variant.name).toBe(`c (last axis 3 → ${LONG_AXIS})`);
    const long = variant.inputs['logits']!;
    expect(long.shape).toEqual([2, LONG_AXIS]);
    const values = long.values as number[];
    // Filled in front with the first finite value, then the row itself: the NaN lies deep inside row 0.
    expect(values.slice(0, 3)).toEqual([1, 1, 1]);
    expect(values.slice(LONG_AXIS - 3, LONG_AXIS + 3)).toEqual([1, 2, Number.NaN, 1, 1, 1]);
    expect(values.slice(-3)).toEqual([4, 5, 6]);
    expect(variant.inputs['bias']!.shape).toEqual([LONG_AXIS]);
    // An int32 vector (indices, shapes) is kept; a bool matrix is lengthened with its first value.
    expect(variant.inputs['labels']).toBe(labels);
    expect(variant.inputs['mask']!.shape).toEqual([2, LONG_AXIS]);
    expect((variant.inputs['mask']!.values as boolean[]).slice(LONG_AXIS - 4, LONG_AXIS)).toEqual([true, true, false, true]);
  });

  it('longAxisVariant makes nothing for empty, already long, too large or unknown-shape cases', () => {
    const none = (x: ReturnType<typeof t>, placeholders?: 'unknown-dims') =>
      longAxisVariant({ name: 'c', inputs: { x }, expected: x, ...(placeholders ? { placeholders } : {}) });
    expect(none(t([], [2, 0]))).toBeUndefined();
    expect(none(t(new Array(LONG_AXIS).fill(1)))).toBeUndefined();
    expect(none(t(new Array(64).fill(1), [32, 2]))).toBeUndefined();
    expect(none(logits, 'unknown-dims')).toBeUndefined();
    expect(none(t([1, 2], [2], 'int32'))).toBeUndefined();
  });
});
