import * as tf from '@tf/graph';
import { createWebGpuBackend } from '@tf/kernels-webgpu';
import { nodeGpuForTests, webGpuSkipReason } from '@tf/kernels-webgpu/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createCpuBackend } from '@tf/kernels-cpu';
import {
  FailedPreconditionError,
  InvalidArgumentError,
  ResourceExhaustedError,
  Session,
  UnavailableError,
  ValueError,
} from '../src/index.js';

// After a fault (issue 13, docs/reliability.md "After a fault"). A failed run leaves every variable
// as it was. A failure that shapes, feeds and variables' states alone reveal is raised before any
// kernel runs; a data-dependent one (CheckNumerics, an index out of range) after a write puts back
// the copies the executor made before the writes it may follow. TF leaves such writes in place.

beforeEach(() => tf.resetDefaultGraph());

const ZERO = { liveBuffers: 0, liveBytes: 0, pooledBuffers: 0, pooledBytes: 0 };

/** A variable at [1, 2, 3] and an op that adds 1 to it (a train step's write). */
function counter(sess: Session) {
  const w = tf.Variable([1, 2, 3], { name: 'w' });
  const update = w.assignAdd([1, 1, 1]);
  sess.run(w.initializer);
  return { w, update: update.op, value: () => Array.from(sess.run(w).data) };
}

function caught(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the run to fail');
}

describe('a run failing after a variable write, on what shapes and states alone tell: variables as they were', () => {
  it('a shape error in an op the plan runs after the write (a metric fetched beside a train op)', () => {
    using sess = new Session();
    const { update, value } = counter(sess);
    const a = tf.placeholder('float32', [null], 'a');
    const b = tf.placeholder('float32', [null], 'b');
    const metric = tf.add(a, b, 'metric');
    const feeds: [tf.Tensor, number[]][] = [
      [a, [1, 2]],
      [b, [1, 2, 3]],
    ];
    // Targets run in order: the write comes first in the plan, the failing add after it.
    const error = caught(() => sess.run([update, metric.op], feeds));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.message).toContain('Incompatible shapes: [2] vs. [3]');
    expect((error as InvalidArgumentError).opName).toBe('metric');
    expect(value()).toEqual([1, 2, 3]);
    // A failed check is not remembered as passed: the same signature fails again; then a good run.
    expect(() => sess.run([update, metric.op], feeds)).toThrow(InvalidArgumentError);
    sess.run(
      [update, metric.op],
      [
        [a, [1, 2, 3]],
        [b, [1, 2, 3]],
      ],
    );
    expect(value()).toEqual([2, 3, 4]);
  });

  it('an uninitialized variable read after the write', () => {
    using sess = new Session();
    const { update, value } = counter(sess);
    const v = tf.Variable(tf.zeros([3]), { name: 'v' });
    const read = tf.mul(v, 2, 'read_v');
    const error = caught(() => sess.run([update, read.op]));
    expect(error).toBeInstanceOf(FailedPreconditionError);
    expect(error.message).toContain('Attempting to use uninitialized value v');
    expect(value()).toEqual([1, 2, 3]);
  });

  it('a placeholder left unfed after the write', () => {
    using sess = new Session();
    const { update, value } = counter(sess);
    const p = tf.placeholder('float32', [], 'p');
    const error = caught(() => sess.run([update, tf.neg(p).op]));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.message).toMatch(/^You must feed a value for placeholder tensor 'p'/);
    expect(value()).toEqual([1, 2, 3]);
  });

  it('a tensor over maxElementsPerTensor after the write, its size read from a fed value', () => {
    using sess = new Session({ maxElementsPerTensor: 1000 });
    const { update, value } = counter(sess);
    const dims = tf.placeholder('int32', [1], 'dims');
    const big = tf.fill(dims, 1, 'big');
    const error = caught(() => sess.run([update, big.op], [[dims, [5000]]]));
    expect(error).toBeInstanceOf(ResourceExhaustedError);
    expect(error.message).toContain('OOM when allocating tensor with shape[5000]');
    expect(value()).toEqual([1, 2, 3]);
    sess.run([update, big.op], [[dims, [10]]]);
    expect(value()).toEqual([2, 3, 4]);
  });

  it('a bad feed is refused before anything runs', () => {
    using sess = new Session();
    const { update, value } = counter(sess);
    const a = tf.placeholder('float32', [null], 'a');
    const metric = tf.neg(a);
    expect(() => sess.run([update, metric.op], [[a, [[1]]]])).toThrow(ValueError);
    expect(value()).toEqual([1, 2, 3]);
  });

  it('does not raise what the run would not: a validateShape: false assign earlier in the run reshapes the variable', () => {
    using sess = new Session();
    const { update, value } = counter(sess);
    const v = tf.Variable(tf.zeros([2]), { name: 'v', validateShape: false });
    sess.run(v.initializer);
    const grow = tf.assign(v, [1, 2, 3], { validateShape: false });
    const p = tf.placeholder('float32', [null], 'p');
    const sum = tf.add(v, p, 'sum');
    // v is [2] before the run and [3] when `sum` runs: [3] + [3] fits.
    sess.run([update, grow.op, sum.op], [[p, [1, 1, 1]]]);
    expect(value()).toEqual([2, 3, 4]);
    expect(Array.from(sess.run(v).data)).toEqual([1, 2, 3]);
  });

  it('failed runs release everything they held', () => {
    using sess = new Session();
    const { update } = counter(sess);
    const a = tf.placeholder('float32', [null], 'a');
    const b = tf.placeholder('float32', [null], 'b');
    const metric = tf.add(a, b);
    for (let i = 0; i < 20; i++) {
      expect(() =>
        sess.run(
          [update, metric.op],
          [
            [a, [1, 2]],
            [b, [1, 2, 3]],
          ],
        ),
      ).toThrow();
    }
    expect(sess.memory().devices['cpu']).toMatchObject({ liveBuffers: 1, liveBytes: 12 });
  });
});

/** The CPU backend, counting the copies the executor makes to undo a failed run. */
function countingCopies() {
  const backend = createCpuBackend();
  const execute = backend.execute.bind(backend);
  const counts = { copies: 0 };
  backend.execute = (call) => {
    if (call.name.endsWith('/rollback_copy')) counts.copies++;
    execute(call);
  };
  return { backend, counts };
}

describe('a data-dependent failure after a write: the run is undone, variables as they were', () => {
  it('CheckNumerics failing after an assignAdd it depends on: the assignAdd is undone', () => {
    const { backend, counts } = countingCopies();
    using sess = new Session({ backend });
    const { update, value } = counter(sess);
    const z = tf.placeholder('float32', [], 'z');
    const checked = tf.controlDependencies([update], () => tf.checkNumerics(tf.div(1, z), 'division'));
    const error = caught(() => sess.run(checked, [[z, 0]]));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.message).toContain('division');
    // TF's DirectSession would leave the write: we put the value back.
    expect(value()).toEqual([1, 2, 3]);
    expect(counts.copies).toBe(1);
    expect(sess.run(checked, [[z, 4]]).item()).toBe(0.25);
    expect(value()).toEqual([2, 3, 4]);
    // Only the variable and the constants held between runs: no copy outlives its run, failed or not.
    const held = sess.memory().constants['cpu:1']!;
    expect(backend.memory()).toMatchObject({ liveBuffers: 1 + held.count, liveBytes: 12 + held.bytes });
  });

  it('an index out of range, an integer division by zero, a label out of range: every write of the run undone', () => {
    using sess = new Session();
    const w = tf.Variable([1, 2, 3], { name: 'w' });
    const v = tf.Variable([10, 20], { name: 'v' });
    const k = tf.Variable(7, { dtype: 'int32', name: 'k' });
    sess.run(tf.globalVariablesInitializer());
    const index = tf.placeholder('int32', [], 'index');
    const divisor = tf.placeholder('int32', [], 'divisor');
    const labels = tf.placeholder('int32', [1], 'labels');
    const writes = [w.assignAdd([1, 1, 1]).op, v.assign([30, 40]).op, k.assignSub(1).op];
    const failing = tf.controlDependencies(writes, () => ({
      gathered: tf.gather([1, 2, 3], index),
      quotient: tf.div(k, divisor),
      xent: tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels, logits: [[1, 2, 3]] }),
    }));
    const values = () => [Array.from(sess.run(w).data), Array.from(sess.run(v).data), sess.run(k).item()];
    const good: [tf.Tensor, number | number[]][] = [
      [index, 1],
      [divisor, 2],
      [labels, [0]],
    ];
    const bad: [number, [tf.Tensor, number | number[]]][] = [
      [0, [index, 3]],
      [1, [divisor, 0]],
      [2, [labels, [5]]],
    ];
    for (const [at, feed] of bad) {
      const feeds = good.map((f, i) => (i === at ? feed : f));
      expect(() => sess.run(failing, feeds)).toThrow(InvalidArgumentError);
      expect(values()).toEqual([[1, 2, 3], [10, 20], 7]);
    }
    const out = sess.run(failing, good);
    expect(out.gathered.item()).toBe(2);
    expect(out.quotient.item()).toBe(3);
    expect(values()).toEqual([[2, 3, 4], [30, 40], 6]);
  });

  it('an initializing Assign and a reshaping one are undone too: uninitialized again, old shape back', () => {
    using sess = new Session();
    const fresh = tf.Variable([5, 6], { name: 'fresh' });
    const grown = tf.Variable([1, 2], { name: 'grown' });
    sess.run(grown.initializer);
    const index = tf.placeholder('int32', [], 'index');
    const writes = [fresh.initializer, tf.assign(grown, [1, 2, 3, 4], { validateShape: false }).op];
    const failing = tf.controlDependencies(writes, () => tf.gather([1, 2], index));
    expect(() => sess.run(failing, [[index, 9]])).toThrow(InvalidArgumentError);
    expect(() => sess.run(fresh)).toThrow(FailedPreconditionError);
    expect(sess.run(grown).shape).toEqual([2]);
    expect(Array.from(sess.run(grown).data)).toEqual([1, 2]);
    expect(sess.memory().devices['cpu']).toMatchObject({ liveBuffers: 1, liveBytes: 8 });
  });

  it('a training step whose checks come before its updates copies nothing', () => {
    const { backend, counts } = countingCopies();
    using sess = new Session({ backend });
    const x = tf.placeholder('float32', [null, 4], 'x');
    const labels = tf.placeholder('int32', [null], 'labels');
    const W = tf.Variable(tf.fill([4, 3], 0.1), { name: 'W' });
    const logits = tf.checkNumerics(tf.matmul(x, W), 'logits');
    const loss = tf.reduceMean(tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels, logits }));
    const [dW] = tf.gradients(loss, [W]);
    const train = W.assignSub(tf.mul(dW!, 0.1)).op;
    sess.run(W.initializer);
    const feeds: [tf.Tensor, number[] | number[][]][] = [
      [x, [[1, 2, 3, 4]]],
      [labels, [1]],
    ];
    for (let i = 0; i < 3; i++) sess.run([train, loss], feeds);
    expect(counts.copies).toBe(0);
    // A label out of range fails before the update, which never ran.
    const before = Array.from(sess.run(W).data);
    expect(() => sess.run(train, [feeds[0]!, [labels, [7]]])).toThrow(InvalidArgumentError);
    expect(Array.from(sess.run(W).data)).toEqual(before);
    expect(counts.copies).toBe(0);
  });
});

describe('a reduce_mean training step (shapes through the Mean gradient): nothing copied unless a failure may follow', () => {
  /** examples/mnist-mlp.ts in small: batch of partial shape, softmax cross-entropy, reduce_mean. */
  function mlp() {
    tf.setRandomSeed(3);
    const x = tf.placeholder('float32', [null, 4], 'x');
    const t = tf.placeholder('float32', [null, 3], 't');
    const W1 = tf.Variable(tf.truncatedNormal([4, 5], { stddev: 0.5 }), { name: 'W1' });
    const b1 = tf.Variable(tf.zeros([5]), { name: 'b1' });
    const W2 = tf.Variable(tf.truncatedNormal([5, 3], { stddev: 0.5 }), { name: 'W2' });
    const b2 = tf.Variable(tf.zeros([3]), { name: 'b2' });
    const h = tf.nn.relu(tf.add(tf.matmul(x, W1), b1));
    const logits = tf.add(tf.matmul(h, W2), b2);
    const cost = tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits({ labels: t, logits }), undefined, false, 'cost');
    const vars = [W1, b1, W2, b2];
    const feeds: [tf.Tensor, number[][]][] = [
      [
        x,
        [
          [1, 2, 3, 4],
          [4, 3, 2, 1],
        ],
      ],
      [
        t,
        [
          [1, 0, 0],
          [0, 0, 1],
        ],
      ],
    ];
    return { cost, vars, feeds };
  }

  /** GradientDescentOptimizer(0.1).minimize(cost), as @tf/train builds it. */
  function gradientDescent(cost: tf.Tensor, vars: tf.Variable[]): tf.Operation {
    const grads = tf.gradients(cost, vars);
    return tf.nameScope('GradientDescent', () => {
      const lr = tf.constant(0.1, 'float32', undefined, 'learning_rate');
      return tf.group(
        vars.map((v, i) => tf.applyGradientDescent({ var: v, alpha: lr, delta: grads[i]! }).op),
        'train',
      );
    });
  }

  /** AdamOptimizer(0.01).minimize(cost), as @tf/train builds it: slots, ApplyAdam, then the beta powers' updates. */
  function adam(cost: tf.Tensor, vars: tf.Variable[]): tf.Operation {
    const grads = tf.gradients(cost, vars);
    return tf.nameScope('Adam', () => {
      const beta1Power = tf.Variable(0.9, { name: 'beta1_power', trainable: false });
      const beta2Power = tf.Variable(0.999, { name: 'beta2_power', trainable: false });
      const updates = vars.map(
        (v, i) =>
          tf.applyAdam({
            var: v,
            m: tf.Variable(tf.zerosLike(v.initializedValue()), { name: `m${i}`, trainable: false }),
            v: tf.Variable(tf.zerosLike(v.initializedValue()), { name: `v${i}`, trainable: false }),
            beta1Power,
            beta2Power,
            lr: 0.01,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-8,
            grad: grads[i]!,
          }).op,
      );
      const powers = tf.controlDependencies(updates, () => [
        beta1Power.assign(tf.mul(beta1Power, 0.9)).op,
        beta2Power.assign(tf.mul(beta2Power, 0.999)).op,
      ]);
      return tf.group([...updates, ...powers], 'train');
    });
  }

  for (const [optimizer, minimize] of [
    ['GradientDescent', gradientDescent],
    ['Adam', adam],
  ] as const) {
    it(`${optimizer}: the updates follow every check, so no variable is copied; the loss falls`, () => {
      const { backend, counts } = countingCopies();
      using sess = new Session({ backend });
      const { cost, vars, feeds } = mlp();
      const train = minimize(cost, vars);
      sess.run(tf.globalVariablesInitializer());
      const losses: number[] = [];
      for (let i = 0; i < 5; i++) losses.push(sess.run([cost, train], feeds)[0].item() as number);
      expect(losses[4]!).toBeLessThan(losses[0]!);
      expect(counts.copies).toBe(0);
      // A batch of another size: a new signature, walked again, still nothing to copy.
      sess.run(train, [
        [feeds[0]![0], [[1, 1, 1, 1]]],
        [feeds[1]![0], [[0, 1, 0]]],
      ]);
      expect(counts.copies).toBe(0);
    });
  }

  it('a check after the updates still copies what they overwrite, and puts it back when it fails', () => {
    const { backend, counts } = countingCopies();
    using sess = new Session({ backend });
    const { cost, vars, feeds } = mlp();
    const train = gradientDescent(cost, vars);
    const z = tf.placeholder('float32', [], 'z');
    const checked = tf.controlDependencies([train], () => tf.checkNumerics(tf.div(1, z), 'after_update'));
    sess.run(tf.globalVariablesInitializer());
    const values = () => vars.map((v) => Array.from(sess.run(v).data));
    const before = values();
    expect(() => sess.run(checked, [...feeds, [z, 0]])).toThrow(InvalidArgumentError);
    expect(values()).toEqual(before);
    expect(counts.copies).toBe(vars.length);
    sess.run(checked, [...feeds, [z, 2]]);
    expect(values()).not.toEqual(before);
  });

  it('a fed shape argument after a write: the walk that passed is not reused for another value', () => {
    using sess = new Session();
    const { w, update, value } = counter(sess);
    const shape = tf.placeholder('int32', [2], 'shape');
    const reshaped = tf.controlDependencies([update], () => tf.reshape(tf.identity(w), shape));
    expect(sess.run(reshaped, [[shape, [3, 1]]]).shape).toEqual([3, 1]);
    expect(value()).toEqual([2, 3, 4]);
    // Same feed shapes, another value that does not fit: raised before the write, or undone.
    expect(() => sess.run(reshaped, [[shape, [2, 2]]])).toThrow(InvalidArgumentError);
    expect(value()).toEqual([2, 3, 4]);
  });
});

const webGpuReason = await webGpuSkipReason('WebGPU device-loss tests');

describe.skipIf(webGpuReason)('a WebGPU device loss', () => {
  /** Rejects if `promise` has not settled within `ms`: a deadline, not a measurement. */
  function within<T>(promise: Promise<T>, ms: number): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms);
    });
    return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
  }

  it('rejects in-flight runs within 1 s with UnavailableError; later runs fail typed; close gives everything back', async () => {
    const backend = await createWebGpuBackend({ gpu: nodeGpuForTests() });
    const x = tf.placeholder('float32', [null, 64], 'x');
    const W = tf.Variable(tf.fill([64, 64], 0.01), { name: 'W' });
    const y = tf.reduceSum(tf.matmul(x, W));
    // float64 lives on the host: this run reads a device value back in the middle of its plan,
    // while the host holds its float64 feed.
    const offset = tf.placeholder('float64', [], 'offset');
    const mixed = tf.add(tf.reduceSum(tf.cast(tf.matmul(x, W), 'float64')), offset);
    const feeds: [tf.Tensor, tf.NDArray][] = [
      [x, new tf.NDArray('float32', [256, 64], new Float32Array(256 * 64).fill(1))],
      [offset, new tf.NDArray('float64', [], Float64Array.of(1))],
    ];
    // Without constant folding, nothing outlives a run but the variable (checked at the end).
    const sess = new Session({ backend, foldConstants: false });
    // The float64 ops' soft placement on the CPU is announced once per plan.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    sess.run(W.initializer);
    expect((await sess.runAsync(y, feeds)).item()).toBeCloseTo(256 * 64 * 64 * 0.01, 0);
    const inFlight = [sess.runAsync(y, feeds), sess.runAsync(mixed, feeds), sess.runAsync([y, mixed], feeds)];
    await new Promise((resolve) => setTimeout(resolve, 0));
    backend.device.destroy();
    const settled = await within(Promise.allSettled(inFlight), 1000);
    for (const result of settled) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(UnavailableError);
      expect(String((result as PromiseRejectedResult).reason.message)).toContain('The WebGPU device was lost');
    }
    expect(backend.lost).toBe(true);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('placed on the CPU'));
    // Later runs fail at once, typed: a synchronous write-only run, and an asynchronous fetch.
    expect(() => sess.run(W.initializer)).toThrow(UnavailableError);
    await expect(within(sess.runAsync(y, feeds), 1000)).rejects.toThrow(UnavailableError);
    // The host backend holds nothing for the failed runs (their feeds and copies were released).
    expect(sess.memory().devices['cpu']!.liveBuffers).toBe(0);
    sess.close();
    backend.dispose();
    expect(backend.memory()).toEqual(ZERO);
    expect(sess.memory().devices['cpu']).toEqual(ZERO);
  });

  it('constants folding holds on the lost device are released by close', async () => {
    const x = tf.placeholder('float32', [null, 8], 'x');
    const y = tf.reduceSum(tf.mul(x, tf.fill([8], 2)));
    const sess = new Session({ device: 'webgpu' });
    await sess.ready;
    const feeds: [tf.Tensor, number[][]][] = [[x, [[1, 2, 3, 4, 5, 6, 7, 8]]]];
    for (let i = 0; i < 3; i++) expect((await sess.runAsync(y, feeds)).item()).toBe(72);
    expect(sess.memory().constants['webgpu']!.count).toBeGreaterThan(0);
    (sess as unknown as { backend: { device: GPUDevice } }).backend.device.destroy();
    await expect(within(sess.runAsync(y, feeds), 1000)).rejects.toThrow(UnavailableError);
    sess.close();
    expect(sess.memory().devices).toEqual({ cpu: ZERO, webgpu: ZERO });
    expect(sess.memory().constants).toEqual({ cpu: { count: 0, bytes: 0 }, webgpu: { count: 0, bytes: 0 } });
  });

  it("a session's own device: the loss rejects a queued and an in-flight run, typed", async () => {
    const x = tf.placeholder('float32', [null, 8], 'x');
    const y = tf.reduceSum(tf.square(x));
    const sess = new Session({ device: 'webgpu' });
    await sess.ready;
    const feeds: [tf.Tensor, number[][]][] = [[x, [[1, 2, 3, 4, 5, 6, 7, 8]]]];
    expect((await sess.runAsync(y, feeds)).item()).toBe(204);
    const pending = sess.runAsync(y, feeds);
    (sess as unknown as { backend: { device: GPUDevice } }).backend.device.destroy();
    await expect(within(pending, 1000)).rejects.toThrow(UnavailableError);
    sess.close();
    expect(sess.memory().devices).toEqual({ cpu: ZERO, webgpu: ZERO });
  });
});
