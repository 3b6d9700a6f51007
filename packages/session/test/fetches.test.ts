import * as tf from '@tf/graph';
import { beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { NDArray, Session, ValueError } from '../src/index.js';
import { countingBackend } from './helpers.js';

beforeEach(() => tf.resetDefaultGraph());

describe('fetches', () => {
  it('a Tensor gives an NDArray; an Operation gives undefined', () => {
    const c = tf.add(tf.constant(1), tf.constant(2));
    const op = tf.noOp('nothing');
    using sess = new Session();
    expect(sess.run(c).item()).toBe(3);
    expect(sess.run(op)).toBeUndefined();
    expect(sess.run([c, op])).toEqual([expect.any(NDArray), undefined]);
  });

  it("names: 'x:0' is the tensor, 'x' the operation (undefined)", () => {
    tf.add(tf.constant(1), tf.constant(2), 'add');
    using sess = new Session();
    expect((sess.run('add:0') as NDArray).item()).toBe(3);
    expect(sess.run('add')).toBeUndefined();
    expect(sess.run(['add:0', 'add']).map((v) => v?.item())).toEqual([3, undefined]);
  });

  it('nested arrays and objects keep their structure', () => {
    const a = tf.constant(1);
    const b = tf.constant(2);
    const op = tf.noOp();
    using sess = new Session();
    const out = sess.run({ pair: [a, b], nested: { op, deep: [[a]] }, name: 'Const_1:0' });
    expect(Object.keys(out)).toEqual(['pair', 'nested', 'name']);
    expect(out.pair.map((v) => v.item())).toEqual([1, 2]);
    expect(out.nested.op).toBeUndefined();
    expect(out.nested.deep[0]![0]!.item()).toBe(1);
    expect((out.name as NDArray).item()).toBe(2);
    expect(sess.run({})).toEqual({});
    expect(sess.run([[], {}])).toEqual([[], {}]);
  });

  it('sess.run([]) returns [] and runs nothing', () => {
    const backend = countingBackend();
    tf.constant(1);
    using sess = new Session({ backend });
    expect(sess.run([])).toEqual([]);
    expect(backend.executions.size).toBe(0);
  });

  it('results are typed by the structure of the fetches', () => {
    const loss = tf.constant(1);
    const acc = tf.constant(2);
    const trainStep = tf.noOp();
    using sess = new Session();
    const pair = sess.run([loss, acc] as const);
    expectTypeOf(pair).toEqualTypeOf<[NDArray, NDArray]>();
    const arr = sess.run([loss, acc]);
    expectTypeOf(arr).toEqualTypeOf<[NDArray, NDArray]>();
    const dict = sess.run({ loss, trainStep });
    expectTypeOf(dict).toEqualTypeOf<{ loss: NDArray; trainStep: undefined }>();
    expectTypeOf(sess.run(loss)).toEqualTypeOf<NDArray>();
    expectTypeOf(sess.run(trainStep)).toEqualTypeOf<undefined>();
    // A tensor name ('x:0') gives an NDArray; a bare name may name an operation.
    const byName = () => sess.run('x:0');
    expectTypeOf(byName).returns.toEqualTypeOf<NDArray>();
    const byOpName = () => sess.run('init');
    expectTypeOf(byOpName).returns.toEqualTypeOf<NDArray | undefined>();
    const nested = () => sess.run({ a: [loss, trainStep], b: { c: acc } });
    expectTypeOf(nested).returns.toEqualTypeOf<{ a: [NDArray, undefined]; b: { c: NDArray } }>();
    expectTypeOf(loss.eval).returns.toEqualTypeOf<NDArray>();
    expectTypeOf(trainStep.run).returns.toEqualTypeOf<void>();
    expect(arr).toHaveLength(2);
    expect(dict.trainStep).toBeUndefined();
  });

  it('duplicate fetches are computed once and share one value', () => {
    const backend = countingBackend();
    const r = tf.randomUniform([4], { name: 'r' });
    const same = tf.identity(r, 'same');
    using sess = new Session({ backend });
    const [a, b, c] = sess.run([r, r, { again: r }]);
    expect(Array.from(a!.data)).toEqual(Array.from(b!.data));
    expect(Array.from((c as { again: NDArray }).again.data)).toEqual(Array.from(a!.data));
    expect(backend.executed('r/RandomUniform')).toBe(1);
    expect(backend.executed('r')).toBe(1);
    // A tensor and its name are one fetch, and a consumer in the same run sees the same sample.
    backend.reset();
    const [x, y, z] = sess.run([r, 'r:0', same]);
    expect(backend.executed('r/RandomUniform')).toBe(1);
    expect(Array.from((y as NDArray).data)).toEqual(Array.from(x.data));
    expect(Array.from(z.data)).toEqual(Array.from(x.data));
    // Each op runs at most once per step, even when many fetches need it.
    backend.reset();
    sess.run([tf.add(r, 1), tf.mul(r, 2), r]);
    expect(backend.executed('r/RandomUniform')).toBe(1);
  });

  it('a fetched tensor that is also fed returns the fed value without running its op', () => {
    const backend = countingBackend();
    const a = tf.constant([1, 2], undefined, undefined, 'a');
    const b = tf.mul(a, 10, 'b');
    using sess = new Session({ backend });
    const [fa, fb] = sess.run([a, b], [[a, [3, 4]]]);
    expect(Array.from(fa.data)).toEqual([3, 4]);
    expect(Array.from(fb.data)).toEqual([30, 40]);
    expect(backend.executed('a')).toBe(0);
    const [onlyB] = sess.run([b], [[b, [7, 7]]]);
    expect(Array.from(onlyB!.data)).toEqual([7, 7]);
    expect(backend.executed('b')).toBe(1);
  });

  it('a Variable fetch gives its value', () => {
    const v = tf.Variable([1, 2], { name: 'v' });
    using sess = new Session();
    sess.run(v.initializer);
    const { value } = sess.run({ value: v });
    expect(Array.from(value.data)).toEqual([1, 2]);
  });

  it('bad fetches', () => {
    tf.constant(1, undefined, undefined, 'c');
    using sess = new Session();
    const run = sess.run.bind(sess) as (f: unknown) => unknown;
    expect(() => run(undefined)).toThrow(TypeError);
    expect(() => run(undefined)).toThrow('Fetch argument undefined has invalid type');
    expect(() => run(null)).toThrow('Fetch argument null has invalid type');
    expect(() => run(42)).toThrow(TypeError);
    expect(() => run(42)).toThrow('Fetch argument 42 has invalid type number, must be a string, Tensor, Operation or Variable');
    expect(() => run([tf.constant(1), 42])).toThrow(TypeError);
    expect(() => run(new Date(0))).toThrow(/has invalid type Date/);
    expect(() => run('nope:0')).toThrow(ValueError);
    expect(() => run('nope:0')).toThrow("Fetch argument 'nope:0' cannot be interpreted as a Tensor.");
    expect(() => run('nope')).toThrow(
      "Fetch argument 'nope' cannot be interpreted as a Tensor. (The name 'nope' refers to an Operation not in the graph.)",
    );
    expect(() => run('c:1')).toThrow('exists but only has 1 outputs');
  });
});
