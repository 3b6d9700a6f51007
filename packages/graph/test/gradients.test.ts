import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from '../src/index.js';
import { defineOp } from '../src/backend/index.js';

// A test-only op with no registered gradient. It is only built, never run, so it needs no kernel.
const NoGradientOp = defineOp({
  type: 'TestOnlyNoGradient_graphGradientsTest',
  inputs: ['x'],
  infer: ({ inputs }) => [inputs[0]!],
});

beforeEach(() => tf.resetDefaultGraph());

describe('tf.gradients (graph construction)', () => {
  it("builds every gradient op under the 'gradients/' name scope", () => {
    const x = tf.placeholder('float32', [null, 3], 'x');
    const w = tf.Variable(tf.zeros([3, 2]), { name: 'W' });
    const y = tf.reduceMean(tf.nn.relu(tf.matmul(x, w)));
    const before = new Set(tf.getDefaultGraph().getOperations());
    const [gw] = tf.gradients(y, w);
    const created = tf
      .getDefaultGraph()
      .getOperations()
      .filter((op) => !before.has(op));
    expect(created.length).toBeGreaterThan(0);
    for (const op of created) expect(op.name).toMatch(/^gradients\//);
    expect(gw!.shape).toEqual([3, 2]);
    expect(gw!.op.name).toMatch(/^gradients\/MatMul_grad\//);
    // Per-op sub-scopes name the forward op.
    expect(created.some((op) => op.name.startsWith('gradients/Relu_grad/'))).toBe(true);
    // A second call gets a fresh scope.
    const [again] = tf.gradients(y, w);
    expect(again!.op.name).toMatch(/^gradients_1\//);
    const [named] = tf.gradients(y, w, undefined, 'my_grads');
    expect(named!.op.name).toMatch(/^my_grads\//);
  });

  it('returns undefined for xs that do not reach ys', () => {
    const a = tf.placeholder('float32', [], 'a');
    const b = tf.placeholder('float32', [], 'b');
    const y = tf.mul(a, 2);
    const [ga, gb] = tf.gradients(y, [a, b]);
    expect(ga).toBeInstanceOf(tf.Tensor);
    expect(gb).toBeUndefined();
    expect(tf.gradients([], [a])).toEqual([undefined]);
  });

  it('takes a single y or x as well as lists', () => {
    const a = tf.placeholder('float32', [2], 'a');
    const grads = tf.gradients(tf.reduceSum(a), a);
    expect(grads).toHaveLength(1);
    expect(grads[0]!.shape).toEqual([2]);
  });

  it('uses gradYs in place of ones_like(y)', () => {
    const a = tf.placeholder('float32', [2], 'a');
    const y = tf.mul(a, 3);
    const seed = tf.constant([1, 2], undefined, undefined, 'seed');
    const [g] = tf.gradients([y], [a], [seed]);
    // d(3a)·seed: the Mul gradient multiplies the seed, which must be among its ancestors.
    const ancestors = new Set<tf.Operation>();
    const stack = [g!.op];
    while (stack.length) {
      const op = stack.pop()!;
      if (ancestors.has(op)) continue;
      ancestors.add(op);
      stack.push(...op.inputs.map((t) => t.op));
    }
    expect(ancestors.has(seed.op)).toBe(true);
    expect(() => tf.gradients([y], [a], [seed, seed])).toThrow(tf.ValueError);
  });

  it("raises TF's LookupError for an op type with no gradient", () => {
    const x = tf.placeholder('float32', [2], 'x');
    const out = tf.getDefaultGraph().createOp(NoGradientOp, [x], {}, 'mystery').outputs[0]!;
    const y = tf.reduceSum(out);
    expect(() => tf.gradients(y, x)).toThrow(tf.LookupError);
    expect(() => tf.gradients(y, x)).toThrow(
      "No gradient defined for operation 'mystery' (op type: TestOnlyNoGradient_graphGradientsTest)",
    );
    // Not on the path from x: no error.
    const z = tf.placeholder('float32', [2], 'z');
    expect(tf.gradients(tf.add(y, tf.reduceSum(z)), z)[0]).toBeInstanceOf(tf.Tensor);
  });

  it('stopGradient and NotDifferentiable ops block gradients', () => {
    const x = tf.placeholder('float32', [3], 'x');
    expect(tf.gradients(tf.reduceSum(tf.mul(tf.stopGradient(x), 2)), x)).toEqual([undefined]);
    const eq = tf.cast(tf.equal(x, x), 'float32');
    expect(tf.gradients(tf.reduceSum(eq), x)).toEqual([undefined]);
    const am = tf.cast(tf.argmax(tf.reshape(x, [1, 3]), 1), 'float32');
    expect(tf.gradients(tf.reduceSum(am), x)).toEqual([undefined]);
    // Partly blocked: only the open path contributes.
    const [g] = tf.gradients(tf.reduceSum(tf.add(tf.stopGradient(x), tf.mul(x, 2))), x);
    expect(g).toBeInstanceOf(tf.Tensor);
  });

  it('softmaxCrossEntropyWithLogits gives no gradient to labels (stopGradient, v1 semantics)', () => {
    const logits = tf.placeholder('float32', [null, 3]);
    const labels = tf.placeholder('float32', [null, 3]);
    const loss = tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits({ labels, logits }));
    const [gl, gy] = tf.gradients(loss, [logits, labels]);
    expect(gl!.shape).toEqual([null, 3]);
    expect(gy).toBeUndefined();
  });

  it('undoes broadcasting: gradient shapes match the inputs', () => {
    const x = tf.placeholder('float32', [null, 3], 'x');
    const b = tf.placeholder('float32', [3], 'b');
    const [gx, gb] = tf.gradients(tf.reduceSum(tf.add(x, b)), [x, b]);
    expect(tf.shapesCompatible(gx!.shape, [null, 3])).toBe(true);
    expect(gb!.shape).toEqual([3]);

    const p = tf.placeholder('float32', [2, 1], 'p');
    const q = tf.placeholder('float32', [1, 3], 'q');
    const [gp, gq] = tf.gradients(tf.reduceSum(tf.mul(p, q)), [p, q]);
    expect(gp!.shape).toEqual([2, 1]);
    expect(gq!.shape).toEqual([1, 3]);

    const s = tf.placeholder('float32', [], 's');
    const [gs] = tf.gradients(tf.reduceSum(tf.div(tf.ones([2, 2]), s)), s);
    expect(gs!.shape).toEqual([]);
  });

  it('differentiates a variable through W:0 (its W/read consumers)', () => {
    const w = tf.Variable(tf.ones([2, 2]), { name: 'W' });
    const loss = tf.reduceSum(tf.square(w));
    const [byVar] = tf.gradients(loss, w);
    const [byRef] = tf.gradients(loss, w.ref());
    expect(byVar!.shape).toEqual([2, 2]);
    expect(byRef!.shape).toEqual([2, 2]);
    expect(byVar!.dtype).toBe('float32');
  });

  it('integer inputs get no gradient', () => {
    const i = tf.placeholder('int32', [2], 'i');
    const y = tf.reduceSum(tf.cast(i, 'float32'));
    expect(tf.gradients(y, i)).toEqual([undefined]);
  });

  it('sums gradients from several paths with Add ops', () => {
    const x = tf.placeholder('float32', [], 'x');
    const y = tf.add(tf.mul(x, x), x);
    const [g] = tf.gradients(y, x);
    expect(g!.op.type).toBe('Add');
    expect(g!.op.name).toMatch(/^gradients\//);
  });
});
