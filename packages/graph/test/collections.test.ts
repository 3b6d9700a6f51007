import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from '../src/index.js';

beforeEach(() => tf.resetDefaultGraph());

describe('collections', () => {
  it('GraphKeys match TF', () => {
    expect(tf.GraphKeys.GLOBAL_VARIABLES).toBe('variables');
    expect(tf.GraphKeys.TRAINABLE_VARIABLES).toBe('trainable_variables');
    expect(tf.GraphKeys.LOCAL_VARIABLES).toBe('local_variables');
    expect(tf.GraphKeys.UPDATE_OPS).toBe('update_ops');
    expect(tf.GraphKeys.SUMMARIES).toBe('summaries');
  });

  it('variables join GLOBAL_VARIABLES and, when trainable, TRAINABLE_VARIABLES', () => {
    const w = tf.Variable(tf.zeros([2]), { name: 'W' });
    const step = tf.Variable(0, { name: 'step', trainable: false });
    expect(tf.getCollection(tf.GraphKeys.GLOBAL_VARIABLES)).toEqual([w, step]);
    expect(tf.getCollection(tf.GraphKeys.TRAINABLE_VARIABLES)).toEqual([w]);
    expect(tf.globalVariables()).toEqual([w, step]);
    expect(tf.trainableVariables()).toEqual([w]);
    expect(w.trainable).toBe(true);
    expect(step.trainable).toBe(false);
  });

  it('explicit collections replace the defaults', () => {
    const v = tf.Variable(1, { name: 'local', trainable: false, collections: [tf.GraphKeys.LOCAL_VARIABLES] });
    expect(tf.globalVariables()).toEqual([]);
    expect(tf.getCollection(tf.GraphKeys.LOCAL_VARIABLES)).toEqual([v]);
  });

  it('getCollection filters by a scope prefix (regex match from the start of the name)', () => {
    const a = tf.nameScope('layer1', () => tf.Variable(tf.zeros([2]), { name: 'W' }));
    const b = tf.nameScope('layer2', () => tf.Variable(tf.zeros([2]), { name: 'W' }));
    const c = tf.nameScope('layer10', () => tf.Variable(tf.zeros([2]), { name: 'W' }));
    expect(a.name).toBe('layer1/W:0');
    expect(tf.getCollection(tf.GraphKeys.GLOBAL_VARIABLES, 'layer2')).toEqual([b]);
    expect(tf.getCollection(tf.GraphKeys.GLOBAL_VARIABLES, 'layer1/')).toEqual([a]);
    expect(tf.getCollection(tf.GraphKeys.GLOBAL_VARIABLES, 'layer1')).toEqual([a, c]);
    expect(tf.getCollection(tf.GraphKeys.GLOBAL_VARIABLES, 'layer[12]/')).toEqual([a, b]);
    expect(tf.getCollection(tf.GraphKeys.GLOBAL_VARIABLES, 'W')).toEqual([]);
    expect(tf.globalVariables(tf.getDefaultGraph(), 'layer2')).toEqual([b]);
    expect(tf.trainableVariables(tf.getDefaultGraph(), 'layer10')).toEqual([c]);
  });

  it('getCollection returns a copy; getCollectionRef the live list', () => {
    tf.addToCollection('mine', 1);
    const copy = tf.getCollection<number>('mine');
    copy.push(2);
    expect(tf.getCollection('mine')).toEqual([1]);
    const ref = tf.getCollectionRef<number>('mine');
    ref.push(3);
    expect(tf.getCollection('mine')).toEqual([1, 3]);
    expect(tf.getCollection('never-used')).toEqual([]);
    expect(tf.getDefaultGraph().getAllCollectionKeys()).toContain('mine');
  });

  it('scope filtering skips items without a name', () => {
    tf.addToCollection('mixed', 42);
    tf.addToCollection('mixed', { name: 'keep/me' });
    expect(tf.getCollection('mixed', 'keep')).toEqual([{ name: 'keep/me' }]);
  });

  it('addToCollections adds once per distinct key', () => {
    const g = tf.getDefaultGraph();
    g.addToCollections(['a', 'b', 'a'], 'item');
    expect(g.getCollection('a')).toEqual(['item']);
    expect(g.getCollection('b')).toEqual(['item']);
  });

  it('collections belong to their graph', () => {
    const g = new tf.Graph();
    const v = g.asDefault(() => tf.Variable(1, { name: 'v' }));
    expect(tf.globalVariables()).toEqual([]);
    expect(tf.globalVariables(g)).toEqual([v]);
  });
});
