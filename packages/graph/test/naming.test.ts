import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from '../src/index.js';

beforeEach(() => tf.resetDefaultGraph());

describe('unique op names', () => {
  it('default names follow the TF op type and get _1, _2 suffixes', () => {
    const a = tf.constant(1);
    const b = tf.constant(2);
    expect(a.op.name).toBe('Const');
    expect(b.op.name).toBe('Const_1');
    expect(tf.add(a, b).op.name).toBe('Add');
    expect(tf.add(a, b).op.name).toBe('Add_1');
    expect(tf.add(a, b).op.name).toBe('Add_2');
    expect(tf.matmul([[1]], [[2]]).op.name).toBe('MatMul');
    expect(tf.mul(a, b).op.name).toBe('Mul');
    expect(tf.sub(a, b).op.name).toBe('Sub');
    expect(tf.div(a, b).op.name).toBe('Div');
  });

  it("explicit names: 'add' then 'add_1', then 'add_2'", () => {
    const a = tf.constant(1, undefined, undefined, 'a');
    expect(a.op.name).toBe('a');
    expect(tf.add(a, a, 'add').op.name).toBe('add');
    expect(tf.add(a, a, 'add').op.name).toBe('add_1');
    expect(tf.add(a, a, 'add').op.name).toBe('add_2');
  });

  it('skips a suffix that is already taken', () => {
    const a = tf.constant(1, undefined, undefined, 'x_1');
    expect(a.op.name).toBe('x_1');
    expect(tf.identity(a, 'x').op.name).toBe('x');
    // 'x_1' exists, so the second 'x' becomes 'x_2'.
    expect(tf.identity(a, 'x').op.name).toBe('x_2');
  });

  it('is case-insensitive like TF (names_in_use keyed by lower case)', () => {
    const a = tf.constant(1);
    expect(tf.add(a, a).op.name).toBe('Add');
    expect(tf.add(a, a, 'add').op.name).toBe('add_1');
  });

  it('tensor names are <op name>:<output index>', () => {
    const x = tf.placeholder('float32', [2], 'x');
    expect(x.name).toBe('x:0');
    const op = tf.nn.softmaxCrossEntropyWithLogits({ labels: [[0, 1]], logits: [[1, 2]] }).op;
    expect(op.outputs.map((t) => t.name)).toEqual(['SoftmaxCrossEntropyWithLogits:0', 'SoftmaxCrossEntropyWithLogits:1']);
  });

  it('uniqueName without marking does not reserve the name', () => {
    const g = tf.getDefaultGraph();
    expect(g.uniqueName('foo', false)).toBe('foo');
    expect(g.uniqueName('foo', false)).toBe('foo');
    expect(g.uniqueName('foo')).toBe('foo');
    expect(g.uniqueName('foo')).toBe('foo_1');
  });
});

describe('nameScope', () => {
  it('prefixes op names with the scope and nests', () => {
    const c = tf.nameScope('outer', (scope) => {
      expect(scope).toBe('outer/');
      expect(tf.getDefaultGraph().getNameScope()).toBe('outer');
      return tf.nameScope('inner', (inner) => {
        expect(inner).toBe('outer/inner/');
        return tf.constant(1, undefined, undefined, 'c');
      });
    });
    expect(c.op.name).toBe('outer/inner/c');
    expect(tf.getDefaultGraph().getNameScope()).toBe('');
  });

  it('reusing a scope name makes it unique (nested/inner_1/c)', () => {
    const names = tf.nameScope('nested', () => [
      tf.nameScope('inner', () => tf.constant(1, undefined, undefined, 'c').op.name),
      tf.nameScope('inner', () => tf.constant(1, undefined, undefined, 'c').op.name),
    ]);
    expect(names).toEqual(['nested/inner/c', 'nested/inner_1/c']);
    expect(tf.nameScope('nested', (s) => s)).toBe('nested_1/');
  });

  it("a name ending in '/' re-enters that exact (absolute) scope", () => {
    const first = tf.nameScope('a', () => tf.constant(1).op.name);
    const second = tf.nameScope('b', () =>
      tf.nameScope('a/', (s) => {
        expect(s).toBe('a/');
        return tf.constant(1).op.name;
      }),
    );
    expect(first).toBe('a/Const');
    expect(second).toBe('a/Const_1');
  });

  it("'' returns to the root scope", () => {
    const name = tf.nameScope('a', () =>
      tf.nameScope('', (s) => {
        expect(s).toBe('');
        return tf.constant(1, undefined, undefined, 'root').op.name;
      }),
    );
    expect(name).toBe('root');
  });

  it('works as a `using` scope', () => {
    {
      using _ = tf.nameScope('layer');
      expect(tf.constant(0).op.name).toBe('layer/Const');
    }
    expect(tf.constant(0).op.name).toBe('Const');
  });

  it('restores the previous scope when the callback throws', () => {
    expect(() =>
      tf.nameScope('oops', () => {
        throw new Error('x');
      }),
    ).toThrow('x');
    expect(tf.getDefaultGraph().getNameScope()).toBe('');
  });

  it("rejects invalid scope names with TF's ValueError", () => {
    expect(() => tf.nameScope('has space', () => 0)).toThrow(tf.ValueError);
    expect(() => tf.nameScope('has space', () => 0)).toThrow("'has space' is not a valid scope name");
    // A root scope may not start with '_' or '-'; a nested one may.
    expect(() => tf.nameScope('_x', () => 0)).toThrow("'_x' is not a valid scope name");
    expect(() => tf.nameScope('-x', () => 0)).toThrow("'-x' is not a valid scope name");
    expect(tf.nameScope('ok', () => tf.nameScope('_x', (s) => s))).toBe('ok/_x/');
    expect(() => tf.nameScope('ok', () => tf.nameScope('a*b', () => 0))).toThrow("'a*b' is not a valid scope name");
  });

  it('scopes are per graph', () => {
    const g = new tf.Graph();
    const name = tf.nameScope('outer', () => g.asDefault(() => tf.constant(1).op.name));
    expect(name).toBe('Const');
  });
});
