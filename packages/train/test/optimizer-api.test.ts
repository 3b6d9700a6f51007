import * as tf from '@tf/graph';
import { Session } from '@tf/session';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  AdagradOptimizer,
  AdamOptimizer,
  GradientDescentOptimizer,
  MomentumOptimizer,
  RMSPropOptimizer,
  getOrCreateGlobalStep,
} from '../src/index.js';
import { expectClose } from './helpers.js';

beforeEach(() => tf.resetDefaultGraph());

/** loss = sum((W·x - 1)²) on a [2] variable W, in the default graph. */
function quadratic(name = 'W') {
  const W = tf.Variable(tf.constant([1, 2]), { name });
  const loss = tf.reduceSum(tf.square(tf.sub(tf.mul(W, [3, 4]), 1)));
  return { W, loss };
}

const names = (vars: readonly tf.RefVariable[]) => vars.map((v) => v.name);

describe('minimize', () => {
  it('works as written in the MNIST program: new GradientDescentOptimizer(0.1).minimize(cost), trainStep.run()', () => {
    const { W, loss } = quadratic();
    const trainStep = new GradientDescentOptimizer(0.1).minimize(loss);
    expect(trainStep).toBeInstanceOf(tf.Operation);
    expect(trainStep.name).toBe('GradientDescent');
    expect(trainStep.type).toBe('NoOp');
    using _sess = new Session().enter();
    tf.globalVariablesInitializer().run();
    trainStep.run();
    // dL/dW = 2·(3W - 1)·3 etc: [2·2·3, 2·7·4] = [12, 56]
    expectClose(W.eval().data, [1 - 1.2, 2 - 5.6], 1e-6);
  });

  it('builds one apply op per variable under <name>/update_<var>/, named like TF', () => {
    const { W, loss } = quadratic();
    const b = tf.Variable(tf.constant(0.5), { name: 'b' });
    const total = tf.add(loss, tf.square(b));
    const train = new MomentumOptimizer(0.1, 0.9).minimize(total, { name: 'train' });
    expect(train.name).toBe('train');
    const applies = train.controlInputs.map((op) => `${op.name} ${op.type}`);
    expect(applies).toEqual(['train/update_W/ApplyMomentum ApplyMomentum', 'train/update_b/ApplyMomentum ApplyMomentum']);
    expect(tf.getDefaultGraph().getOperationByName('train/learning_rate').type).toBe('Const');
    expect(tf.getDefaultGraph().getOperationByName('train/momentum').type).toBe('Const');
    // A second minimize with the same name gets a unique scope, as name scopes do.
    const again = new GradientDescentOptimizer(0.1).minimize(total, { name: 'train' });
    expect(again.name).toBe('train_1');
    expect(W.dtype).toBe('float32');
  });

  it("defaults the op name to the optimizer's TF name", () => {
    const { loss } = quadratic();
    expect(new GradientDescentOptimizer(0.1).minimize(loss).name).toBe('GradientDescent');
    expect(new MomentumOptimizer(0.1, 0.5).minimize(loss).name).toBe('Momentum');
    expect(new AdamOptimizer().minimize(loss).name).toBe('Adam');
    expect(new RMSPropOptimizer(0.1).minimize(loss).name).toBe('RMSProp');
    expect(new AdagradOptimizer(0.1).minimize(loss).name).toBe('Adagrad');
    expect(new GradientDescentOptimizer(0.1, { name: 'SGD' }).minimize(loss).name).toBe('SGD');
  });

  it('updates only varList when given', () => {
    const { W, loss } = quadratic();
    const other = tf.Variable(tf.constant(3), { name: 'other' });
    const total = tf.add(loss, tf.square(other));
    const train = new GradientDescentOptimizer(0.1).minimize(total, { varList: [other] });
    using _sess = new Session().enter();
    tf.globalVariablesInitializer().run();
    train.run();
    expectClose(W.eval().data, [1, 2]);
    expectClose(other.eval().data, [3 - 0.6], 1e-6);
  });

  it('adds the train op to the train_op collection once', () => {
    const { loss } = quadratic();
    const train = new GradientDescentOptimizer(0.1).minimize(loss);
    expect(tf.getCollection('train_op')).toEqual([train]);
  });
});

describe('global step', () => {
  it('increments globalStep after the updates; the returned op is the AssignAdd named after the optimizer', () => {
    const { W, loss } = quadratic();
    const step = getOrCreateGlobalStep();
    const train = new GradientDescentOptimizer(0.1).minimize(loss, { globalStep: step });
    expect(train.name).toBe('GradientDescent');
    expect(train.type).toBe('AssignAdd');
    const update = train.controlInputs.find((op) => op.name === 'GradientDescent/update');
    expect(update?.type).toBe('NoOp');
    using _sess = new Session().enter();
    tf.globalVariablesInitializer().run();
    expect(step.eval().item()).toBe(0);
    train.run();
    train.run();
    train.run();
    expect(step.eval().item()).toBe(3);
    expect(step.eval().dtype).toBe('int32');
    expect(W.eval().data[0]).not.toBe(1);
  });

  it('works with applyGradients and with Adam (whose finish step also has to run)', () => {
    const { W, loss } = quadratic();
    const step = getOrCreateGlobalStep();
    const optimizer = new AdamOptimizer(0.1);
    const train = optimizer.applyGradients(optimizer.computeGradients(loss), step);
    using _sess = new Session().enter();
    tf.globalVariablesInitializer().run();
    train.run();
    train.run();
    expect(step.eval().item()).toBe(2);
    const beta1Power = optimizer.variables().find((v) => v.name === 'beta1_power:0')!;
    expectClose(beta1Power.eval().data, [0.9 ** 3], 1e-6);
    expect(W.eval().data[0]).toBeLessThan(1);
  });
});

describe('slot variables', () => {
  const cases = [
    ['Momentum', () => new MomentumOptimizer(0.1, 0.9), ['W/Momentum:0'], ['momentum']],
    ['Adam', () => new AdamOptimizer(0.1), ['W/Adam:0', 'W/Adam_1:0'], ['m', 'v']],
    ['RMSProp', () => new RMSPropOptimizer(0.1), ['W/RMSProp:0', 'W/RMSProp_1:0'], ['momentum', 'rms']],
    [
      'RMSProp centered',
      () => new RMSPropOptimizer(0.1, { centered: true }),
      ['W/RMSProp:0', 'W/RMSProp_1:0', 'W/RMSProp_2:0'],
      ['mg', 'momentum', 'rms'],
    ],
    ['Adagrad', () => new AdagradOptimizer(0.1), ['W/Adagrad:0'], ['accumulator']],
  ] as const;

  it.each(cases)(
    '%s: named like TF, global and not trainable, initialized by globalVariablesInitializer after minimize',
    (_n, make, slotNames, keys) => {
      const { W, loss } = quadratic();
      const optimizer = make();
      const train = optimizer.minimize(loss);
      expect(optimizer.getSlotNames()).toEqual([...keys]);
      const slots = keys.map((k) => optimizer.getSlot(W, k)!);
      expect(names(slots).sort()).toEqual([...slotNames]);
      const globals = names(tf.globalVariables());
      for (const name of slotNames) expect(globals).toContain(name);
      expect(names(tf.trainableVariables())).toEqual(['W:0']);
      for (const slot of slots) {
        expect(slot.trainable).toBe(false);
        expect(slot.shape).toEqual([2]);
        expect(slot.dtype).toBe('float32');
      }
      using _sess = new Session().enter();
      tf.globalVariablesInitializer().run();
      train.run();
    },
  );

  it('initializes RMSProp rms to ones and momentum to zeros, Adagrad to initialAccumulatorValue', () => {
    const { W, loss } = quadratic();
    const rmsprop = new RMSPropOptimizer(0.1);
    rmsprop.minimize(loss);
    const adagrad = new AdagradOptimizer(0.1, { initialAccumulatorValue: 0.25 });
    adagrad.minimize(loss);
    using _sess = new Session().enter();
    tf.globalVariablesInitializer().run();
    expectClose(rmsprop.getSlot(W, 'rms')!.eval().data, [1, 1]);
    expectClose(rmsprop.getSlot(W, 'momentum')!.eval().data, [0, 0]);
    expectClose(adagrad.getSlot(W, 'accumulator')!.eval().data, [0.25, 0.25]);
    expect(adagrad.getSlot(W, 'accumulator')!.name).toBe('W/Adagrad:0');
  });

  it('an initializer built before minimize does not cover the slots (TF: run it after minimize)', () => {
    const { loss } = quadratic();
    const early = tf.globalVariablesInitializer();
    const train = new MomentumOptimizer(0.1, 0.9).minimize(loss);
    using _sess = new Session().enter();
    early.run();
    expect(() => train.run()).toThrow(/W\/Momentum/);
    expect(() => train.run()).toThrow(tf.FailedPreconditionError);
  });

  it('creates slots at the root name scope; Adam powers follow the current scope; slots are reused', () => {
    const { W, loss } = quadratic();
    const optimizer = new AdamOptimizer(0.1);
    tf.nameScope('training', () => optimizer.minimize(loss));
    expect(names(optimizer.variables())).toEqual(['W/Adam:0', 'W/Adam_1:0', 'training/beta1_power:0', 'training/beta2_power:0']);
    const m = optimizer.getSlot(W, 'm');
    optimizer.minimize(loss);
    expect(optimizer.getSlot(W, 'm')).toBe(m);
    expect(optimizer.variables()).toHaveLength(4);
    for (const v of optimizer.variables()) expect(v.trainable).toBe(false);
  });

  it('ignores control dependencies open around minimize when creating slots', () => {
    const { W, loss } = quadratic();
    const optimizer = new MomentumOptimizer(0.1, 0.9);
    const guard = tf.noOp('guard');
    tf.controlDependencies([guard], () => optimizer.minimize(loss));
    const slot = optimizer.getSlot(W, 'momentum')!;
    expect(slot.op.controlInputs).toEqual([]);
    expect(slot.initializer.controlInputs).toEqual([]);
  });
});

describe('learning rate as a tensor', () => {
  it('takes a fed placeholder as the learning rate', () => {
    const { W, loss } = quadratic();
    const lr = tf.placeholder('float32', [], 'lr');
    const train = new GradientDescentOptimizer(lr).minimize(loss);
    using _sess = new Session().enter();
    tf.globalVariablesInitializer().run();
    train.run([[lr, 0.01]]);
    expectClose(W.eval().data, [1 - 0.12, 2 - 0.56], 1e-6);
    train.run([[lr, 0]]);
    expectClose(W.eval().data, [1 - 0.12, 2 - 0.56], 1e-6);
    expect(() => train.run()).toThrow(/You must feed a value for placeholder tensor 'lr'/);
  });

  it('casts a float32 hyperparameter tensor for a float64 variable', () => {
    const W = tf.Variable(tf.constant([1, 2], 'float64'), { name: 'W' });
    const loss = tf.reduceSum(tf.square(W));
    const lr = tf.placeholder('float32', [], 'lr');
    const train = new MomentumOptimizer(lr, 0.5).minimize(loss);
    using _sess = new Session().enter();
    tf.globalVariablesInitializer().run();
    train.run([[lr, 0.25]]);
    expectClose(W.eval().data, [0.5, 1]);
  });
});

describe("TF's errors", () => {
  it('No variables to optimize.', () => {
    const loss = tf.reduceSum(tf.constant([1, 2]));
    expect(() => new GradientDescentOptimizer(0.1).minimize(loss)).toThrow(tf.ValueError);
    expect(() => new GradientDescentOptimizer(0.1).minimize(loss)).toThrow('No variables to optimize.');
    expect(() => new GradientDescentOptimizer(0.1).computeGradients(loss, [])).toThrow('No variables to optimize.');
  });

  it('No gradients provided for any variable, … between variables [...] and loss ...', () => {
    const W = tf.Variable(tf.zeros([2]), { name: 'W' });
    const loss = tf.reduceSum(tf.constant([1, 2]), undefined, false, 'loss');
    expect(W.trainable).toBe(true);
    expect(() => new GradientDescentOptimizer(0.1).minimize(loss)).toThrow(
      'No gradients provided for any variable, check your graph for ops that do not support gradients, between variables ["<tf.Variable \'W:0\' shape=(2,) dtype=float32_ref>"] and loss Tensor("loss:0", shape=(), dtype=float32).',
    );
  });

  it('applyGradients: No gradients provided for any variable: [...].', () => {
    const W = tf.Variable(tf.zeros([2]), { name: 'W' });
    const optimizer = new GradientDescentOptimizer(0.1);
    expect(() => optimizer.applyGradients([[undefined, W]])).toThrow(
      'No gradients provided for any variable: ["<tf.Variable \'W:0\' shape=(2,) dtype=float32_ref>"].',
    );
    expect(() => optimizer.applyGradients([])).toThrow('No variables provided.');
  });

  it('rejects a non-float loss', () => {
    tf.Variable(tf.zeros([2]), { name: 'W' });
    const loss = tf.constant(3, 'int32', undefined, 'count');
    expect(() => new GradientDescentOptimizer(0.1).minimize(loss)).toThrow(
      'Invalid type tf.int32 for count:0, expected: [tf.float32, tf.float64].',
    );
  });

  it('Adagrad needs a positive initial accumulator', () => {
    expect(() => new AdagradOptimizer(0.1, { initialAccumulatorValue: 0 })).toThrow('initial_accumulator_value must be positive: 0');
  });

  it('skips variables without a gradient and updates the rest', () => {
    const { W, loss } = quadratic();
    const unused = tf.Variable(tf.constant([7]), { name: 'unused' });
    const optimizer = new GradientDescentOptimizer(0.1);
    const pairs = optimizer.computeGradients(loss);
    expect(pairs.map(([g, v]) => [g === undefined, v.name])).toEqual([
      [false, 'W:0'],
      [true, 'unused:0'],
    ]);
    const train = optimizer.applyGradients(pairs);
    expect(train.controlInputs.map((op) => op.name)).toEqual(['GradientDescent/update_W/ApplyGradientDescent']);
    using _sess = new Session().enter();
    tf.globalVariablesInitializer().run();
    train.run();
    expectClose(unused.eval().data, [7]);
    expect(W.eval().data[0]).not.toBe(1);
  });
});
