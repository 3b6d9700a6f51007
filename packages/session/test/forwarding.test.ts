import * as tf from '@tf/graph';
import { createCpuBackend } from '@tf/kernels-cpu';
import { beforeEach, describe, expect, it } from 'vitest';
import { Session } from '../src/index.js';

// Forwarding (src/forwarding.ts): an Identity/Reshape output takes its input's storage when
// liveness allows, instead of a copy. What must not change is what every reader sees.

beforeEach(() => tf.resetDefaultGraph());

/** The CPU backend, recording for each forwarding kernel whether it got one buffer as both. */
function recording() {
  const backend = createCpuBackend();
  const execute = backend.execute.bind(backend);
  const shared = new Map<string, boolean>();
  backend.execute = (call) => {
    if (['Identity', 'Reshape', 'StopGradient'].includes(call.type))
      shared.set(call.name, call.inputs[0]!.storage === call.outputs[0]!.storage);
    execute(call);
  };
  return { backend, shared };
}

describe('forwarding', () => {
  it("a training step's variable reads alias the weights, which it updates after its last read", () => {
    const { backend, shared } = recording();
    using sess = new Session({ backend });
    const x = tf.placeholder('float32', [null, 3], 'x');
    const w = tf.Variable([[1], [2], [3]], { name: 'w' });
    const loss = tf.reduceSum(tf.square(tf.matmul(x, w)));
    const [dw] = tf.gradients(loss, [w]);
    const step = w.assignSub(tf.mul(dw!, 0.01));
    sess.run(w.initializer);
    const [before] = sess.run([loss, step.op], [[x, [[1, 1, 1]]]]);
    expect(shared.get('w/read')).toBe(true);
    expect(before.item()).toBe(36);
    // 6 → 6 - 0.01·2·6·3 = 5.64 (matmul of the updated weights)
    expect(sess.run(loss, [[x, [[1, 1, 1]]]]).item()).toBeCloseTo(5.64 * 5.64, 4);
  });

  it('a variable read still alive, or fetched, when the run writes the variable is a copy: readers see the value read', () => {
    const { backend, shared } = recording();
    using sess = new Session({ backend });
    const w = tf.Variable([1, 2], { name: 'w' });
    sess.run(w.initializer);
    // Identities of the variable itself (not of its snapshot `w/read`).
    const alive = w.readValue('alive');
    const fetched = w.readValue('fetched');
    const update = tf.controlDependencies([alive, fetched], () => w.assignAdd([10, 10]));
    const after = tf.controlDependencies([update], () => tf.add(alive, 0, 'after'));
    const out = sess.run({ fetched, after, update: update.op });
    expect(shared.get('w/alive')).toBe(false);
    expect(shared.get('w/fetched')).toBe(false);
    expect(Array.from(out.fetched.data)).toEqual([1, 2]);
    expect(Array.from(out.after.data)).toEqual([1, 2]);
    expect(Array.from(sess.run(w).data)).toEqual([11, 12]);
  });

  it('an intermediate whose last reader is the Reshape is handed over; a fetched one is copied', () => {
    const { backend, shared } = recording();
    using sess = new Session({ backend });
    const x = tf.placeholder('float32', [2, 2], 'x');
    const doubled = tf.mul(x, 2);
    const flat = tf.reshape(doubled, [4], 'flat');
    const summed = tf.reduceSum(tf.reshape(tf.add(x, 1), [4], 'flat2'));
    const feed: [tf.Tensor, number[][]][] = [
      [
        x,
        [
          [1, 2],
          [3, 4],
        ],
      ],
    ];
    expect(sess.run(summed, feed).item()).toBe(14);
    expect(shared.get('flat2')).toBe(true);
    const out = sess.run({ doubled, flat }, feed);
    expect(shared.get('flat')).toBe(false);
    expect(Array.from(out.doubled.data)).toEqual([2, 4, 6, 8]);
    expect(Array.from(out.flat.data)).toEqual([2, 4, 6, 8]);
    // What was handed over is released once, by its new owner: nothing is left.
    expect(backend.memory().liveBuffers).toBe(0);
  });

  it('a fetched alias of a variable is the value at the end of a run that does not write it, detached from later writes', () => {
    using sess = new Session();
    const w = tf.Variable([1, 2], { name: 'w' });
    sess.run(w.initializer);
    const read = w.readValue();
    const value = sess.run(read);
    sess.run(w.assign([5, 6]));
    expect(Array.from(value.data)).toEqual([1, 2]);
    expect(Array.from(sess.run(read).data)).toEqual([5, 6]);
  });
});
