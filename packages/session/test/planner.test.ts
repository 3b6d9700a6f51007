import * as tf from '@tf/graph';
import { opDef, type Backend } from '@tf/graph/backend';
import { createCpuBackend } from '@tf/kernels-cpu';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Executor } from '../src/executor.js';
import {
  FailedPreconditionError,
  InvalidArgumentError,
  ResourceExhaustedError,
  Session,
  createPlan,
  type Plan,
  type PlanStep,
} from '../src/index.js';
import { VariableStore } from '../src/variable-store.js';
import { countWrites, fakeDevice } from './backends.js';

beforeEach(() => tf.resetDefaultGraph());
afterEach(() => vi.restoreAllMocks());

const host = createCpuBackend() as Backend;

function plan(
  fetches: tf.Tensor[],
  feeds: tf.Tensor[] = [],
  options: { device?: Backend; fuseOps?: boolean; foldConstants?: boolean; targets?: tf.Operation[] } = {},
) {
  return createPlan(
    { fetches, targets: options.targets ?? [], feeds },
    { device: options.device ?? host, host },
    { fuseOps: options.fuseOps ?? true, foldConstants: options.foldConstants ?? true },
  );
}

const stepOf = (p: Plan, name: string): PlanStep => {
  const step = p.steps.find((s) => s.op.name === name);
  if (!step) throw new Error(`no step ${name} in [${p.steps.map((s) => s.op.name)}]`);
  return step;
};

describe('placement lives on the steps', () => {
  it('puts shape arithmetic on the host, kernels on the device, and soft-places ops without a device kernel', () => {
    const x = tf.placeholder('float32', [null, 3], 'x');
    const w = tf.Variable(tf.ones([3, 2]), { name: 'W' });
    const y = tf.nn.softmax(tf.matmul(x, w, false, false, 'mm'), 'sm');
    const [dw] = tf.gradients(tf.reduceSum(y), [w]);
    const result = plan([dw!], [x], { device: fakeDevice({ unsupported: ['Softmax'] }) });
    const { steps } = result.plan;
    expect(stepOf(result.plan, 'mm').placement).toBe('device');
    expect(stepOf(result.plan, 'W').placement).toBe('device');
    expect(stepOf(result.plan, 'sm').placement).toBe('host');
    expect(steps.filter((s) => s.type === 'Shape').every((s) => s.placement === 'host')).toBe(true);
    expect(steps.some((s) => s.type === 'Shape')).toBe(true);
    expect(result.softPlaced.map((s) => `${s.step.op.name}: ${s.reason}`)).toEqual(['sm: no testgpu kernel']);
    // Softmax reads the device's MatMul on the host: the plan reads back.
    expect(result.plan.readsBack).toBe(true);
  });

  it('places everything on the host when the device is the host', () => {
    const y = tf.neg(tf.constant([1, 2]));
    const { plan: p } = plan([y]);
    expect(p.steps.map((s) => s.placement)).toEqual(['host', 'host']);
    expect(p.readsBack).toBe(false);
  });

  it('is immutable', () => {
    const { plan: p } = plan([tf.neg(tf.constant([1, 2]))]);
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.steps)).toBe(true);
    expect(Object.isFrozen(p.steps[0])).toBe(true);
    expect(Object.isFrozen(p.steps[0]!.lastUse)).toBe(true);
  });
});

describe('fusion in the planner', () => {
  function dense() {
    const x = tf.placeholder('float32', [null, 4], 'x');
    const w = tf.constant(new tf.NDArray('float32', [4, 3], new Float32Array(12).fill(0.5)), undefined, undefined, 'w');
    const b = tf.constant(new tf.NDArray('float32', [3], Float32Array.from([1, 2, 3])), undefined, undefined, 'b');
    const y = tf.nn.relu(tf.nn.biasAdd(tf.matmul(x, w, false, false, 'mm'), b, undefined, 'bias'), 'act');
    return { x, y: tf.neg(y, 'out') };
  }

  it('fuses MatMul → BiasAdd → Relu into one step placed where the chain was, with inputs renumbered', () => {
    const { x, y } = dense();
    const result = plan([y], [x], { device: fakeDevice() });
    const p = result.plan;
    expect(p.steps.map((s) => s.type)).toEqual(['Const', 'Const', '_FusedMatMul', 'Neg']);
    const fused = stepOf(p, 'act');
    expect(fused.placement).toBe('device');
    expect(fused.inputs).toEqual([
      { kind: 'feed', index: 0 },
      { kind: 'step', step: p.steps.findIndex((s) => s.op.name === 'w'), output: 0 },
      { kind: 'step', step: p.steps.findIndex((s) => s.op.name === 'b'), output: 0 },
    ]);
    expect(stepOf(p, 'out').inputs).toEqual([{ kind: 'step', step: 2, output: 0 }]);
    // Liveness is computed on the fused steps: the fused output dies at Neg.
    expect(fused.lastUse).toEqual([3]);
    // logDevicePlacement sees the ops as built.
    expect(result.placed.map((s) => s.op.name).sort()).toEqual(['act', 'b', 'bias', 'mm', 'out', 'w']);
    expect(result.placed.every((s) => s.placement === 'device')).toBe(true);
  });

  it('keeps the chain with fuseOps: false', () => {
    const { x, y } = dense();
    const p = plan([y], [x], { fuseOps: false }).plan;
    expect(p.steps.map((s) => s.type)).not.toContain('_FusedMatMul');
    expect(p.steps.map((s) => s.type)).toContain('BiasAdd');
  });
});

describe('static shapes', () => {
  it('infers once per plan what every run would: fully defined feeds, constants, constant host inputs', () => {
    const x = tf.placeholder('float32', [2, 3], 'x');
    const r = tf.reshape(tf.matmul(x, tf.ones([3, 4]), false, false, 'mm'), [4, 2], 'r');
    const noise = tf.truncatedNormal([4, 2], { seed: 1, name: 'noise' });
    const y = tf.add(r, noise, 'y');
    const p = plan([y], [x]).plan;
    expect(stepOf(p, 'mm').shapes?.outputs).toEqual([{ dtype: 'float32', shape: [2, 4] }]);
    expect(stepOf(p, 'r').shapes?.outputs).toEqual([{ dtype: 'float32', shape: [4, 2] }]);
    expect(stepOf(p, 'noise').shapes?.outputs).toEqual([{ dtype: 'float32', shape: [4, 2] }]);
    expect(stepOf(p, 'y').shapes?.outputs).toEqual([{ dtype: 'float32', shape: [4, 2] }]);
  });

  it('leaves to run time what depends on a feed of partial shape, a fed host input or an unfed placeholder', () => {
    const x = tf.placeholder('float32', [null, 3], 'x');
    const mm = tf.matmul(x, tf.ones([3, 4]), false, false, 'mm');
    const after = tf.neg(mm, 'after');
    const shape = tf.constant([4, -1], 'int32', undefined, 'shape');
    const fixed = tf.placeholder('float32', [2, 2], 'fixed');
    const r = tf.reshape(fixed, shape, 'r');
    const p = plan([after, r], [x, shape, fixed]).plan;
    expect(stepOf(p, 'mm').shapes).toBeUndefined();
    expect(stepOf(p, 'after').shapes).toBeUndefined();
    // `shape` is a constant, but it is fed: its value is the feed's, known only at run time.
    expect(stepOf(p, 'r').shapes).toBeUndefined();
    const unfed = plan([tf.neg(tf.placeholder('float32', [2], 'p'), 'n')]).plan;
    expect(unfed.steps.every((s) => s.shapes === undefined)).toBe(true);
  });

  it('follows shapes through shape arithmetic: Shape, ReducedShape and Size values computed at plan time (a Mean gradient)', () => {
    // Static shape [null, 3], but unfed its value is the default's, [2, 3]: the gradient keeps its Shape ops.
    const x = tf.placeholderWithDefault(tf.ones([2, 3]), [null, 3], 'x');
    const W = tf.Variable(tf.fill([3, 4], 0.5), { name: 'W' });
    const [dW] = tf.gradients(tf.reduceMean(tf.matmul(x, W), undefined, false, 'loss'), [W]);
    const p = plan([dW!]).plan;
    const values = (name: string) => stepOf(p, name).shapes?.values?.map((v) => Array.from(v));
    expect(values('gradients/loss_grad/Shape')).toEqual([[2, 4]]);
    expect(values('gradients/loss_grad/ReducedShape')).toEqual([[1, 1]]);
    expect(values('gradients/loss_grad/Size')).toEqual([[8]]);
    expect(stepOf(p, 'gradients/loss_grad/Reshape').shapes?.outputs).toEqual([{ dtype: 'float32', shape: [1, 1] }]);
    expect(stepOf(p, 'gradients/loss_grad/BroadcastTo').shapes?.outputs).toEqual([{ dtype: 'float32', shape: [2, 4] }]);
    // Float results are the run's own: never computed ahead.
    expect(stepOf(p, 'gradients/loss_grad/Reshape').shapes?.values).toBeUndefined();
    expect(p.steps.every((s) => s.shapes !== undefined || s.def.isVariable)).toBe(true);
  });

  it('assumes variables keep their declared shape, and says which inputs rest on that', () => {
    const v = tf.Variable(tf.zeros([2, 3]), { name: 'v' });
    const y = tf.neg(v, 'y');
    const p = plan([y]).plan;
    expect(stepOf(p, 'v').shapes).toBeUndefined();
    const read = stepOf(p, 'v/read');
    expect(read.shapes).toEqual({ outputs: [{ dtype: 'float32', shape: [2, 3] }], variableInputs: [{ input: 0, shape: [2, 3] }] });
    expect(stepOf(p, 'y').shapes?.variableInputs).toEqual([]);
  });

  it('runs skip infer for steps with static shapes; steps with run-time shapes infer every run', () => {
    const fixed = tf.placeholder('float32', [2, 3], 'fixed');
    const open = tf.placeholder('float32', [null, 3], 'open');
    const a = tf.neg(fixed, 'a');
    const b = tf.abs(open, 'b');
    const negInfer = vi.spyOn(a.op.def, 'infer');
    const absInfer = vi.spyOn(b.op.def, 'infer');
    using sess = new Session();
    const feeds = new Map<tf.Tensor, tf.NDArray>([
      [fixed, new tf.NDArray('float32', [2, 3], new Float32Array(6).fill(1))],
      [open, new tf.NDArray('float32', [1, 3], new Float32Array(3).fill(-2))],
    ]);
    for (let i = 0; i < 3; i++) {
      const [va, vb] = sess.run([a, b], feeds);
      expect(va.shape).toEqual([2, 3]);
      expect(Array.from(vb.data)).toEqual([2, 2, 2]);
    }
    // Neg: once, when the plan was made. Abs: once per run.
    expect(negInfer).toHaveBeenCalledTimes(1);
    expect(absInfer).toHaveBeenCalledTimes(3);
  });
});

describe('static shapes at run time', () => {
  it('a variable reshaped by a validateShape: false Assign: its readers infer again, shape errors surface at run time', () => {
    const v = tf.Variable(tf.constant([1, 2]), { name: 'v' });
    const negated = tf.neg(v, 'negated');
    const sum = tf.add(v, tf.constant([10, 20]), 'sum');
    const grow = tf
      .getDefaultGraph()
      .createOp(opDef('Assign'), [v.ref(), tf.constant([1, 2, 3])], { validateShape: false, useLocking: true });
    expect(
      createPlan(
        { fetches: [negated], targets: [], feeds: [] },
        { device: host, host },
        { fuseOps: true, foldConstants: true },
      ).plan.steps.every((s) => s.type === 'VariableV2' || s.shapes !== undefined),
    ).toBe(true);
    using sess = new Session();
    sess.run(v.initializer);
    expect(Array.from(sess.run(negated).data)).toEqual([-1, -2]);
    expect(Array.from(sess.run(sum).data)).toEqual([11, 22]);
    sess.run(grow);
    // The cached plans assumed [2]: the run sees the variable's real shape instead.
    expect(Array.from(sess.run(negated).data)).toEqual([-1, -2, -3]);
    expect(() => sess.run(sum)).toThrow(InvalidArgumentError);
  });

  it('still raises uninitialized-variable and OOM errors for steps with static shapes', () => {
    const v = tf.Variable(tf.zeros([4, 4]), { name: 'v' });
    const read = tf.neg(v, 'read');
    const x = tf.placeholder('float32', [4, 4], 'x');
    const big = tf.neg(x, 'big');
    using sess = new Session({ maxElementsPerTensor: 10 });
    expect(() => sess.run(read)).toThrow(FailedPreconditionError);
    expect(() => sess.run(read)).toThrow('Attempting to use uninitialized value v');
    expect(() => sess.run(big, [[x, new Float32Array(16)]])).toThrow(ResourceExhaustedError);
    expect(() => sess.run(big, [[x, new Float32Array(16)]])).toThrow(/OOM when allocating tensor with shape\[4,4\]/);
  });
});

describe('feeds go straight to the backends that read them', () => {
  function run(p: Plan, device: Backend, hostBackend: Backend, feeds: tf.NDArray[]) {
    const executor = new Executor(device, hostBackend, new VariableStore(), new Map(), 2 ** 28);
    const done = executor.executeSync(p, feeds);
    const values = done.fetched.map((v) => executor.readSync(v));
    done.release();
    return values;
  }

  it('writes a feed read only on the device to the device once, never to the host', () => {
    const x = tf.placeholder('float32', [2, 2], 'x');
    const y = tf.matmul(x, x);
    const device = fakeDevice();
    const counted = countWrites(host);
    const p = plan([y], [x], { device, fuseOps: false }).plan;
    expect(p.feedPlacements).toEqual([['device']]);
    const [value] = run(p, device, counted, [new tf.NDArray('float32', [2, 2], Float32Array.from([1, 2, 3, 4]))]);
    expect(Array.from(value!.data)).toEqual([7, 10, 15, 22]);
    expect(device.writes.count).toBe(1);
    expect(counted.writes.count).toBe(0);
  });

  it('writes a feed read on both sides once to each, and host inputs and fetched feeds to the host only', () => {
    const x = tf.placeholder('float32', [2, 2], 'x');
    const onDevice = tf.matmul(x, x, false, false, 'on_device');
    const onHost = tf.device('/cpu:0', () => tf.square(x, 'on_host'));
    const shape = tf.placeholder('int32', [2], 'shape');
    const reshaped = tf.reshape(onDevice, shape, 'reshaped');
    const device = fakeDevice();
    const counted = countWrites(host);
    const p = plan([reshaped, onHost, x], [shape, x], { device, fuseOps: false }).plan;
    expect(p.feeds.map((t) => t.op.name)).toEqual(['shape', 'x']);
    expect(p.feedPlacements).toEqual([['host'], ['device', 'host']]);
    const [r, h, fx] = run(p, device, counted, [
      new tf.NDArray('int32', [2], Int32Array.from([4, 1])),
      new tf.NDArray('float32', [2, 2], Float32Array.from([1, 2, 3, 4])),
    ]);
    expect(r!.shape).toEqual([4, 1]);
    expect(Array.from(h!.data)).toEqual([1, 4, 9, 16]);
    expect(Array.from(fx!.data)).toEqual([1, 2, 3, 4]);
    expect(device.writes.count).toBe(1);
    expect(counted.writes.count).toBe(2);
  });
});
