import * as tf from '@tf/graph';
import { createCpuBackend } from '@tf/kernels-cpu';
import { describe, expect, it } from 'vitest';
import {
  defineCases,
  kernelCoverage,
  loadOpCaseFiles,
  randomData,
  runCase,
  staleExpectedFailures,
  t,
  type OpCase,
  type OpCaseFile,
} from '../src/index.js';

const opCaseFiles = await loadOpCaseFiles();

// The runner must fail loudly: each case below is wrong on purpose.
const addFile = defineCases({ op: 'Add', build: ({ x, y }) => tf.add(x, y), cases: [] as OpCase<'x' | 'y'>[] });
const run = (file: OpCaseFile, testCase: OpCase) => runCase(file, testCase, createCpuBackend);
const xy = { x: t([1, 2]), y: t([3, 4]) };

describe('runCase', () => {
  it('passes a correct case', async () => {
    await expect(run(addFile, { name: 'ok', inputs: xy, expected: t([4, 6]) })).resolves.toBeUndefined();
  });

  it('fails a wrong expected value, naming the case and the index', async () => {
    await expect(run(addFile, { name: 'wrong', inputs: xy, expected: t([4, 7]) })).rejects.toThrow(
      /Add\/wrong: 1 of 2 elements differ; first at index 1/,
    );
  });

  it('fails when the output count differs from the expected count', async () => {
    await expect(run(addFile, { name: 'count', inputs: xy, expected: [t([4, 6]), t([4, 6])] })).rejects.toThrow(
      /returned 1 output\(s\), the case expects 2/,
    );
  });

  it('fails a case that expects an error when the op succeeds', async () => {
    await expect(run(addFile, { name: 'no error', inputs: xy, throws: { type: 'InvalidArgumentError' } })).rejects.toThrow(
      /expected InvalidArgumentError/,
    );
  });

  it('fails on the wrong error type, phase or message', async () => {
    const bad = { x: t([1, 2, 3]), y: t([1, 2]) };
    await expect(run(addFile, { name: 'type', inputs: bad, throws: { type: 'TypeError' } })).rejects.toThrow(
      /expected TypeError, got ValueError/,
    );
    await expect(run(addFile, { name: 'phase', inputs: bad, throws: { when: 'run' } })).rejects.toThrow(
      /while running, but building threw ValueError/,
    );
    await expect(run(addFile, { name: 'message', inputs: bad, throws: { message: 'nope' } })).rejects.toThrow(/matching nope/);
    await expect(
      run(addFile, { name: 'right', inputs: bad, throws: { type: 'ValueError', message: /op: 'Add'/, when: 'build' } }),
    ).resolves.toBeUndefined();
  });

  it('rejects an untyped error even when no type is given', async () => {
    const file = defineCases({
      op: 'Add',
      build: () => {
        throw new RangeError('index out of bounds');
      },
      cases: [] as OpCase<'x'>[],
    });
    await expect(run(file, { name: 'untyped', inputs: { x: t([1]) }, throws: {} })).rejects.toThrow(
      /expected a typed error, got RangeError/,
    );
  });

  it('fails when build does not create the op under test', async () => {
    const file = defineCases({ op: 'Sub', build: ({ x }) => tf.neg(x), cases: [] as OpCase<'x'>[] });
    await expect(run(file, { name: 'no op', inputs: { x: t([1]) }, expected: t([-1]) })).rejects.toThrow(/build created no 'Sub' op/);
  });

  it('fails a malformed case before running it', async () => {
    await expect(run(addFile, { name: 'sizes', inputs: { x: t([1, 2], [3]), y: t([1]) }, expected: t([1]) })).rejects.toThrow(
      /has 2 values for shape \[3\]/,
    );
    await expect(run(addFile, { name: 'nothing', inputs: xy })).rejects.toThrow(/needs expected, throws, check or gradCheck/);
  });

  it('fails a gradient check when the symbolic gradient is wrong', async () => {
    const file = defineCases({ op: 'Mul', build: ({ x }) => tf.mul(x, tf.stopGradient(x)), cases: [] as OpCase<'x'>[] });
    await expect(run(file, { name: 'grad', inputs: { x: randomData([3], { seed: 1 }) }, gradCheck: true })).rejects.toThrow(
      /gradient check failed/,
    );
  });

  it('runs check callbacks with access to reruns', async () => {
    let runs = 0;
    const file = defineCases({
      op: 'RandomUniform',
      build: ({ shape }) => tf.randomUniform(shape, { seed: 3 }),
      cases: [] as OpCase<'shape'>[],
    });
    await runCase(
      file,
      {
        name: 'check',
        inputs: { shape: t([4], [1], 'int32') },
        check: async (out, context) => {
          runs++;
          const [again] = await context.runInNewSession();
          expect(Array.from(again!.data)).toEqual(Array.from(out.data));
        },
      },
      createCpuBackend,
    );
    expect(runs).toBe(1);
  });
});

describe('completeness helpers', () => {
  it('kernelCoverage lists ops without kernels and stale unsupported entries', () => {
    const { missing, stale } = kernelCoverage(
      { supports: (type) => type !== 'Add' && type !== 'Mul' },
      { Mul: 'later', Relu: 'supported', Bogus: 'no op' },
    );
    expect(missing).toEqual(['Add']);
    expect(stale).toEqual(['Relu', 'Bogus']);
    expect(kernelCoverage({ supports: () => false }).missing).not.toContain('Placeholder');
  });

  it('staleExpectedFailures lists keys that match no case', () => {
    expect(staleExpectedFailures(opCaseFiles, { 'Add/basic': 'x', 'Add/no such case': 'y', 'NoSuchOp/basic': 'z' })).toEqual([
      'Add/no such case',
      'NoSuchOp/basic',
    ]);
  });
});
