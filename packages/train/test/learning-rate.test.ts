import * as tf from '@tf/graph';
import { Session } from '@tf/session';
import { beforeEach, describe, expect, it } from 'vitest';
import { createGlobalStep, exponentialDecay, getGlobalStep, getOrCreateGlobalStep, GradientDescentOptimizer } from '../src/index.js';
import { expectClose, fixture } from './helpers.js';

beforeEach(() => tf.resetDefaultGraph());

interface DecayFixture {
  learningRate: number;
  decaySteps: number;
  decayRate: number;
  steps: number[];
  smooth: number[];
  staircase: number[];
}
const decay = fixture<DecayFixture>('exponential-decay.json');

describe('exponentialDecay', () => {
  it.each([
    ['smooth', false, decay.smooth],
    ['staircase', true, decay.staircase],
  ] as const)('%s: lr · rate^(step / decaySteps) with the global step fed', (_name, staircase, expected) => {
    const step = getOrCreateGlobalStep();
    const lr = exponentialDecay(decay.learningRate, step, decay.decaySteps, decay.decayRate, staircase);
    expect(lr.op.name).toBe('ExponentialDecay');
    expect(lr.dtype).toBe('float32');
    expect(lr.shape).toEqual([]);
    using _sess = new Session().enter();
    const values = decay.steps.map((s) => lr.eval([[step.value(), s]]).item() as number);
    expectClose(values, expected, 1e-6);
  });

  it('computes in float64 when the learning rate is a float64 tensor', () => {
    const step = tf.placeholder('int32', [], 'step');
    const lr = exponentialDecay(tf.constant(decay.learningRate, 'float64'), step, decay.decaySteps, decay.decayRate, true);
    expect(lr.dtype).toBe('float64');
    using _sess = new Session().enter();
    expectClose(
      decay.steps.map((s) => lr.eval([[step, s]]).item() as number),
      decay.staircase,
      1e-14,
    );
  });

  it('follows the global step as training increments it', () => {
    const W = tf.Variable(tf.constant([1]), { name: 'W' });
    const step = getOrCreateGlobalStep();
    const lr = exponentialDecay(0.5, step, 1, 0.5, true);
    const train = new GradientDescentOptimizer(lr).minimize(tf.reduceSum(W), { globalStep: step });
    using _sess = new Session().enter();
    tf.globalVariablesInitializer().run();
    for (let i = 0; i < 3; i++) train.run();
    // Steps at lr 0.5, 0.25, 0.125 with gradient 1.
    expectClose(W.eval().data, [1 - 0.875], 1e-6);
    expectClose(lr.eval().data, [0.0625], 1e-7);
  });

  it('requires a global step', () => {
    expect(() => exponentialDecay(0.1, undefined as never, 10, 0.9)).toThrow('global_step is required for exponential_decay.');
  });
});

describe('global step', () => {
  it('getOrCreateGlobalStep: int32 scalar `global_step`, not trainable, in GLOBAL_VARIABLES and GLOBAL_STEP', () => {
    expect(getGlobalStep()).toBeUndefined();
    const step = getOrCreateGlobalStep();
    expect(step.name).toBe('global_step:0');
    expect(step.dtype).toBe('int32');
    expect(step.shape).toEqual([]);
    expect(step.trainable).toBe(false);
    expect(tf.globalVariables()).toContain(step);
    expect(tf.trainableVariables()).not.toContain(step);
    expect(tf.getCollection(tf.GraphKeys.GLOBAL_STEP)).toEqual([step]);
    expect(getOrCreateGlobalStep()).toBe(step);
    expect(getGlobalStep()).toBe(step);
    using _sess = new Session().enter();
    tf.globalVariablesInitializer().run();
    expect(step.eval().item()).toBe(0);
  });

  it('is created at the root scope of the given graph', () => {
    const graph = new tf.Graph();
    const step = tf.nameScope('outer', () => getOrCreateGlobalStep(graph));
    expect(step.graph).toBe(graph);
    expect(step.name).toBe('global_step:0');
    expect(getGlobalStep()).toBeUndefined();
  });

  it('createGlobalStep refuses a second one; a plain `global_step` variable is found too', () => {
    createGlobalStep();
    expect(() => createGlobalStep()).toThrow('"global_step" already exists.');
    tf.resetDefaultGraph();
    const own = tf.Variable(tf.constant(5, 'int32'), { name: 'global_step', trainable: false });
    expect(getOrCreateGlobalStep()).toBe(own);
  });

  it('rejects an existing global step that is not an integer scalar', () => {
    tf.Variable(tf.constant(0), { name: 'global_step' });
    expect(() => getGlobalStep()).toThrow(`Existing "global_step" does not have integer type: <dtype: 'float32'>`);
    tf.resetDefaultGraph();
    tf.Variable(tf.constant([0, 0], 'int32'), { name: 'global_step' });
    expect(() => getGlobalStep()).toThrow('Existing "global_step" is not scalar: (2,)');
  });
});
