import * as tf from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { latestCheckpoint, memoryFileStore, Saver, type FileStore } from '../../src/index.js';
import { sessionFor } from '../helpers.js';

class Crash extends Error {}

/**
 * A store that dies at its `crashAt`-th mutating call (writeFile/remove): that call and every
 * later one fail, as if the process had been killed there. Stores are atomic per file by
 * contract, so this tests the order in which a save writes, renames and deletes files.
 */
function crashingStore(inner: FileStore, crashAt: number): FileStore & { readonly calls: number } {
  let calls = 0;
  const mutate = <T>(fn: () => Promise<T>): Promise<T> => (++calls >= crashAt ? Promise.reject(new Crash()) : fn());
  return {
    kind: 'crashing',
    get calls() {
      return calls;
    },
    readFile: (p) => inner.readFile(p),
    exists: (p) => inner.exists(p),
    list: (d) => inner.list(d),
    writeFile: (p, data) => mutate(() => inner.writeFile(p, data)),
    remove: (p) => mutate(() => inner.remove(p)),
  };
}

function model() {
  const graph = new tf.Graph();
  const { vars, value, setAll } = graph.asDefault(() => {
    const value = tf.placeholder('float32', [], 'value');
    const vars = [tf.Variable(tf.zeros([4, 4]), { name: 'W' }), tf.Variable(tf.zeros([4]), { name: 'b' })];
    return { vars, value, setAll: tf.group(vars.map((v) => tf.assign(v, tf.fill(v.shape as number[], value)))) };
  });
  const sess = sessionFor(graph);
  sess.run(graph.asDefault(() => tf.globalVariablesInitializer()));
  return { graph, sess, vars, set: (x: number) => sess.run(setAll, [[value, x]]) };
}

describe('a save interrupted at any file operation', () => {
  it('leaves latestCheckpoint restorable and complete, for every crash point of five saves with maxToKeep 1', async () => {
    // Count the mutating calls of an uninterrupted run, then crash at each one in turn.
    const total = await runSaves(crashingStore(memoryFileStore(), Number.POSITIVE_INFINITY));
    expect(total).toBeGreaterThan(20);
    for (let crashAt = 1; crashAt <= total; crashAt++) {
      const disk = memoryFileStore();
      await expect(runSaves(crashingStore(disk, crashAt))).rejects.toThrow(Crash);
      const latest = await latestCheckpoint('ckpt', disk);
      // The first save commits with its 4th call (data, index, meta, then the state file); from then on there must be a checkpoint.
      if (crashAt <= 4) continue;
      expect(latest, `crash at call ${crashAt}`).toBeDefined();
      const { graph, sess, vars } = model();
      await graph.asDefault(() => new Saver({ store: disk })).restore(sess, latest!);
      const step = Number(/model-(\d+)$/.exec(latest!)![1]);
      for (const v of vars) expect(new Set(sess.run(v).data), `crash at ${crashAt}: ${v.name} of ${latest}`).toEqual(new Set([step]));
    }
  });
});

/** Five saves (steps 1–5, each variable set to the step first); returns the store's mutating call count. */
async function runSaves(store: FileStore & { readonly calls: number }): Promise<number> {
  const { graph, sess, set } = model();
  const saver = graph.asDefault(() => new Saver({ store, maxToKeep: 1 }));
  for (let step = 1; step <= 5; step++) {
    set(step);
    await saver.save(sess, 'ckpt/model', { globalStep: step });
  }
  return store.calls;
}
