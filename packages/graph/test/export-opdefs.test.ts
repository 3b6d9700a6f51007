import { describe, expect, it } from 'vitest';
import * as tf from '../src/index.js';
import { DTYPES } from '../src/dtype.js';
import { tfDataType } from '../src/interop/export-attr.js';
import { allOpDefs } from '../src/op-def.js';
import { broadcastGradientArgsOp } from '../src/ops/array/broadcast-grad.js';
import { BatchMatMul } from '../src/ops/index.js';
import { decodeGraphDef, encodeGraphDef, parseGraphDefText, serializeGraphDef } from '../src/proto/index.js';
import { checkGraphDef, FULL_OPDEFS, loadOpDefs } from './export-opdef-check.js';

// Export against TensorFlow's OpDefs: every op type of the catalogue, statically (the `tf`
// declaration beside each definition against TF's OpDef: input names, every type and number attr
// bound, the input dtypes the op accepts), and the nodes export writes for two graphs that
// between them use every op type of the catalogue, attr by attr; those graphs, with every attr
// at its OpDef default left out (as TF writes for older consumers), import back to the same nodes.
//
// By default the OpDefs are fixtures/tf-graphs/opdefs/ops-subset.pbtxt (81 of TF's), and the op
// types outside it are pinned below. With TensorFlow's full ops.pbtxt at hand (not in this
// repository), every catalogue op is checked against it, statically and node by node:
//
//   TF_OPS_PBTXT=/path/to/tensorflow/core/ops/ops.pbtxt \
//     pnpm --filter @tf/graph exec vitest run test/export-opdefs.test.ts
//
// (the file's OpDefs are added to the subset's; see docs/interop.md, "What is verified").

const opDefs = loadOpDefs();

/** Inputs whose float64 TF's OpDef does not allow (FusedBatchNorm's `T` is float32 only). */
const FLOAT64_ONLY_HERE = [
  ...['x', 'scale', 'offset', 'mean', 'variance'].map((input) => `FusedBatchNorm.${input}: float64`),
  ...['y_backprop', 'x', 'scale', 'reserve_space_1', 'reserve_space_2'].map((input) => `FusedBatchNormGrad.${input}: float64`),
];

/** The catalogue's op types that have a GraphDef form: not internal (`_FusedMatMul`), not lowered (`ReducedShape`). */
function catalogue() {
  return allOpDefs().filter((d) => !d.type.startsWith('_') && !d.tf?.lower);
}

describe('the tf declarations of every exported op type against TF OpDefs', () => {
  it('names TF input args in order, and binds every type and number attr the inputs carry', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const def of catalogue()) {
      const tfDef = opDefs.get(def.type);
      if (!tfDef) continue;
      checked += 1;
      const args = tfDef.inputArg.map((a) => a.name);
      const ours = def.inputs;
      if (JSON.stringify(args) !== JSON.stringify(ours)) problems.push(`${def.type}: inputs [${ours}] but TF's are [${args}]`);
      const typeAttrs = def.tf?.typeAttrs ?? {};
      const numberAttrs = def.tf?.numberAttrs ?? {};
      const attrNames = new Set(tfDef.attr.map((a) => a.name));
      for (const name of [...Object.keys(typeAttrs), ...Object.keys(numberAttrs)]) {
        if (!attrNames.has(name)) problems.push(`${def.type}: declares attr ${name}, which TF's OpDef does not have`);
      }
      for (const arg of tfDef.inputArg) {
        if (arg.typeAttr && !Object.values(typeAttrs).length) problems.push(`${def.type}: no typeAttrs`);
        // One input per type attr is enough to write it; the first arg bound to the attr must be declared.
        const first = tfDef.inputArg.find((a) => a.typeAttr === arg.typeAttr);
        if (arg.typeAttr && first === arg && typeAttrs[arg.typeAttr] === undefined) {
          problems.push(`${def.type}: type attr ${arg.typeAttr} (input ${arg.name}) is not declared`);
        }
        if (arg.typeAttr && typeAttrs[arg.typeAttr] !== undefined) {
          const bound = tfDef.inputArg.filter((a) => a.typeAttr === arg.typeAttr).map((a) => a.name);
          if (!bound.includes(typeAttrs[arg.typeAttr]!))
            problems.push(`${def.type}: ${arg.typeAttr} is bound to ${typeAttrs[arg.typeAttr]}, TF binds it to ${bound}`);
        }
        // A number attr may size several lists (DynamicStitch's N: `indices` and `data`): any one counts it.
        const sized = tfDef.inputArg.filter((a) => a.numberAttr && a.numberAttr === arg.numberAttr).map((a) => a.name);
        if (arg.numberAttr && !sized.includes(numberAttrs[arg.numberAttr]!)) {
          problems.push(`${def.type}: number attr ${arg.numberAttr} (sizing ${sized}) is not declared in tf.numberAttrs`);
        }
      }
    }
    expect(problems).toEqual([]);
    if (FULL_OPDEFS) expect(checked).toBe(catalogue().length);
    else expect(checked).toBeGreaterThan(60);
  });

  it('accepts for each input only the dtypes TF registers the op for (or documents why not)', () => {
    const problems: string[] = [];
    for (const def of catalogue()) {
      const tfDef = opDefs.get(def.type);
      if (!tfDef) continue;
      for (const arg of tfDef.inputArg) {
        const typeAttr = tfDef.attr.find((a) => a.name === arg.typeAttr);
        const allowed = arg.type ? [arg.type] : (typeAttr?.allowedValues?.list?.type ?? []);
        if (allowed.length === 0) continue;
        const fixed = def.fixedInputDTypes?.[arg.name!];
        const ours = def.inputDTypes?.[arg.name!] ?? (fixed ? [fixed] : DTYPES);
        const outside = ours.filter((d) => !allowed.includes(tfDataType(d)));
        if (outside.length > 0) problems.push(`${def.type}.${arg.name}: ${outside.join(', ')}`);
      }
    }
    // TF registers FusedBatchNorm and its gradient for float32 only; this project also runs them
    // in float64, which has no GraphDef form TF imports (docs/interop.md).
    expect(problems).toEqual(FULL_OPDEFS ? FLOAT64_ONLY_HERE : FLOAT64_ONLY_HERE.filter((p) => opDefs.has(p.split('.')[0]!)));
  });

  it.runIf(FULL_OPDEFS)('finds an OpDef for every op type in TF_OPS_PBTXT', () => {
    expect(
      catalogue()
        .filter((d) => !opDefs.has(d.type))
        .map((d) => d.type),
    ).toEqual([]);
  });

  it.skipIf(FULL_OPDEFS)('lists the op types no OpDef of the fixture covers (pinned: adding one is a visible decision)', () => {
    const outside = catalogue()
      .map((d) => d.type)
      .filter((t) => !opDefs.has(t))
      .sort();
    // TF ops all, but ops-subset.pbtxt holds 81 OpDefs: these are not verified against an OpDef
    // by default. They were checked by hand against TF's full ops.pbtxt (TF_OPS_PBTXT, above; the
    // commit is in docs/interop.md), which is not a fixture; the walks below export every one.
    expect(outside).toMatchInlineSnapshot(`
      [
        "Abs",
        "All",
        "Any",
        "ApplyCenteredRMSProp",
        "ArgMin",
        "AvgPool",
        "AvgPoolGrad",
        "BatchMatMul",
        "BatchMatMulV2",
        "BroadcastTo",
        "Ceil",
        "CheckNumerics",
        "Cos",
        "Cumsum",
        "DepthwiseConv2dNative",
        "DepthwiseConv2dNativeBackpropFilter",
        "DepthwiseConv2dNativeBackpropInput",
        "Div",
        "DivNoNan",
        "Elu",
        "EluGrad",
        "Erf",
        "Exp",
        "Expm1",
        "FusedBatchNorm",
        "FusedBatchNormGrad",
        "GatherV2",
        "Greater",
        "GreaterEqual",
        "InvertPermutation",
        "Less",
        "LessEqual",
        "Log",
        "Log1p",
        "LogSoftmax",
        "LogicalAnd",
        "LogicalNot",
        "LogicalOr",
        "MaxPoolGradGrad",
        "Min",
        "Minimum",
        "MirrorPad",
        "MirrorPadGrad",
        "Multinomial",
        "NotEqual",
        "OnesLike",
        "Pad",
        "PadV2",
        "RandomShuffle",
        "Reciprocal",
        "ReciprocalGrad",
        "Relu6",
        "Relu6Grad",
        "ReverseV2",
        "Round",
        "Rsqrt",
        "RsqrtGrad",
        "Selu",
        "SeluGrad",
        "Sign",
        "Sin",
        "Slice",
        "Softplus",
        "Softsign",
        "SplitV",
        "Sqrt",
        "SqrtGrad",
        "Squeeze",
        "StopGradient",
        "StridedSliceGrad",
        "UnsortedSegmentSum",
      ]
    `);
  });
});

/** A graph that uses most of the catalogue through the builders, with its gradients. */
function kitchenSink(): tf.Graph {
  const g = new tf.Graph();
  g.asDefault(() => {
    tf.setRandomSeed(3);
    const x = tf.placeholder('float32', [null, 8, 8, 2], 'x');
    const labels = tf.placeholder('int32', [null], 'labels');
    const w = tf.Variable(tf.truncatedNormal([3, 3, 2, 4], { stddev: 0.1 }), { name: 'w' });
    const dw = tf.Variable(tf.randomNormal([3, 3, 4, 1]), { name: 'dw' });
    const conv = tf.nn.relu(tf.nn.conv2d(x, w, [1, 1, 1, 1], 'SAME'));
    const depth = tf.nn.depthwiseConv2d(conv, dw, [1, 1, 1, 1], 'VALID');
    const pooled = tf.nn.maxPool(depth, [1, 2, 2, 1], [1, 2, 2, 1], 'SAME');
    const avg = tf.nn.avgPool(pooled, [1, 2, 2, 1], [1, 1, 1, 1], 'VALID');
    const flat = tf.reshape(avg, [-1, 4 * 2 * 2]);
    const scale = tf.Variable(tf.ones([4]), { name: 'scale' });
    const offset = tf.Variable(tf.zeros([4]), { name: 'offset' });
    const normed = tf.nn.fusedBatchNorm(conv, scale, offset, { epsilon: 0.001 })[0]!;
    const m = tf.Variable(tf.randomUniform([16, 10]), { name: 'm' });
    const logits = tf.nn.biasAdd(tf.matmul(flat, m), tf.Variable(tf.zeros([10]), { name: 'b' }));
    const loss = tf.add(
      tf.reduceMean(tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels, logits })),
      tf.add(tf.nn.l2Loss(normed), tf.reduceSum(tf.square(tf.nn.softmax(logits)))),
    );
    const extra = tf.concat([tf.nn.sigmoid(logits), tf.nn.tanh(logits), tf.exp(logits)], 1);
    const [a, b2] = tf.split(extra, 2, 1);
    const stacked = tf.stack([a!, b2!], 1);
    const sliced = tf.stridedSlice(stacked, [0, 0, 0], [0, 1, 5], [1, 1, 1], { beginMask: 1, endMask: 1, shrinkAxisMask: 2 });
    const picked = tf.gather(sliced, tf.constant([0, 2, 4], 'int32'), 1);
    const loss2 = tf.add(loss, tf.reduceMax(tf.transpose(tf.tile(picked, [1, 2]))));
    const final = tf.add(loss2, tf.reduceSum(tf.cast(tf.equal(tf.argmax(logits, 1), labels), 'float32')));
    tf.gradients(final, [w, dw, scale, offset, m]);
    tf.expandDims(tf.squeeze(tf.expandDims(final, 0)), 0);
    tf.oneHot(labels, 10);
    tf.pad(x, [
      [0, 0],
      [1, 1],
      [1, 1],
      [0, 0],
    ]);
    tf.where(tf.greater(logits, 0), logits, tf.zerosLike(logits));
    tf.cumsum(logits, 1);
    tf.addN([logits, logits, logits]);
    tf.logicalNot(tf.logicalAnd(tf.less(logits, 1), tf.greaterEqual(logits, -1)));
    tf.range(0, 10, 1);
    tf.unstack(tf.reshape(logits, [-1, 2, 5]), { axis: 1 });
    tf.globalVariablesInitializer();
  });
  return g;
}

/**
 * A graph of the op types `kitchenSink` does not reach, with attrs other than their defaults
 * where the op has any: with it, the two graphs export every op type of the catalogue.
 */
function catalogueWalk(): tf.Graph {
  const g = new tf.Graph();
  g.asDefault(() => {
    tf.setRandomSeed(5);
    const x = tf.placeholder('float32', [2, 4, 4, 3], 'x');
    const m = tf.placeholder('float32', [null, 6], 'm');
    const flags = tf.placeholder('bool', [2, 3], 'flags');
    const counter = tf.Variable(tf.zeros([6]), { name: 'counter' });
    tf.assignAdd(counter, tf.ones([6]), { useLocking: true });
    tf.assignSub(counter, tf.ones([6]));
    // Unary and binary elementwise ops, with their gradient ops.
    const unary = [tf.neg, tf.expm1, tf.log, tf.sin, tf.cos, tf.erf, tf.abs, tf.sign, tf.floor, tf.log1p, tf.sqrt, tf.rsqrt];
    const more = [tf.reciprocal, tf.softplus, tf.softsign, tf.ceil, tf.round, tf.nn.relu6, tf.nn.elu, tf.nn.selu];
    const activated = [...unary, ...more].map((f) => f(m));
    const paired = [tf.maximum, tf.pow, tf.divNoNan, tf.squaredDifference, tf.floorDiv].map((f) => f(m, tf.onesLike(m)));
    const smooth = tf.addN([...activated, ...paired, tf.nn.logSoftmax(m), tf.stopGradient(m)]);
    const loss = tf.add(
      tf.reduceSum(tf.nn.softmaxCrossEntropyWithLogits({ labels: tf.nn.softmax(m), logits: smooth })),
      tf.reduceProd(tf.reduceMin(smooth, 1, true)),
    );
    // MaxPool's second-order gradient (MaxPoolGradGrad) and MirrorPad's (MirrorPadGrad).
    const pooled = tf.nn.maxPool(
      tf.pad(
        x,
        [
          [0, 0],
          [1, 1],
          [1, 1],
          [0, 0],
        ],
        'REFLECT',
      ),
      [1, 2, 2, 1],
      [1, 2, 2, 1],
      'VALID',
    );
    const [dx] = tf.gradients(tf.reduceSum(tf.square(pooled)), [x]);
    tf.gradients(tf.add(tf.reduceSum(tf.square(dx!)), loss), [x, m]);
    tf.pad(
      x,
      [
        [0, 0],
        [1, 0],
        [0, 1],
        [0, 0],
      ],
      'SYMMETRIC',
    );
    tf.pad(
      x,
      [
        [0, 0],
        [1, 0],
        [0, 1],
        [0, 0],
      ],
      'CONSTANT',
      2,
    );
    // Comparisons, logic, shapes, slices and the rest of the array ops.
    tf.logicalOr(tf.lessEqual(m, 0), tf.notEqual(m, 1));
    tf.reduceAll(flags, 1, true);
    tf.reduceAny(flags, 0);
    tf.argmin(m, 1);
    tf.rank(tf.placeholder('float32', null, 'unranked'));
    broadcastGradientArgsOp(tf.shape(m), tf.shape(tf.reduceSum(m, 0)));
    tf.invertPermutation(tf.constant([2, 0, 1], 'int32'));
    tf.reverse(x, [1, 2]);
    tf.slice(x, [0, 1, 1, 0], [1, 2, 2, -1]);
    tf.dynamicStitch([tf.constant([0, 2], 'int32'), tf.constant([1], 'int32')], [tf.constant([1, 3]), tf.constant([2])]);
    tf.placeholderWithDefault(tf.constant([[1, 2]]), [null, 2], 'with_default');
    tf.checkNumerics(m, 'm has NaN or Inf');
    const a = tf.placeholder('float32', [3, 2, 4], 'a');
    tf.batchMatMul(a, a, false, true);
    g.createOp(BatchMatMul, [a, a], { adjX: true, adjY: false }, 'BatchMatMul');
    tf.randomShuffle(m, { seed: 1 });
    tf.multinomial(m, 2, { seed: 2 });
    // The training ops, each with its slots.
    const w = tf.Variable(tf.zeros([3]), { name: 'w' });
    const slot = (name: string) => tf.Variable(tf.zeros([3]), { name, trainable: false });
    const grad = tf.constant([0.1, 0.2, 0.3]);
    tf.applyGradientDescent({ var: w, alpha: 0.1, delta: grad, useLocking: true });
    tf.applyMomentum({ var: w, accum: slot('accum'), lr: 0.1, grad, momentum: 0.9, useNesterov: true });
    const [m1, v1] = [slot('m1'), slot('v1')];
    tf.applyAdam({ var: w, m: m1, v: v1, beta1Power: 0.9, beta2Power: 0.99, lr: 0.1, beta1: 0.9, beta2: 0.99, epsilon: 1e-7, grad });
    const rms = { lr: 0.1, rho: 0.9, momentum: 0.5, epsilon: 1e-7, grad };
    tf.applyRMSProp({ var: w, ms: slot('ms'), mom: slot('mom'), ...rms });
    tf.applyCenteredRMSProp({ var: w, mg: slot('mg'), ms: slot('ms2'), mom: slot('mom2'), ...rms });
    tf.applyAdagrad({ var: w, accum: slot('accum2'), lr: 0.1, grad });
  });
  return g;
}

describe('the two walks between them export every op type of the catalogue', () => {
  it('leaves no op type out', () => {
    const exported = new Set([kitchenSink(), catalogueWalk()].flatMap((g) => g.asGraphDef().node.map((n) => n.op)));
    expect(
      catalogue()
        .filter((d) => !exported.has(d.type))
        .map((d) => d.type),
    ).toEqual([]);
  });
});

describe('asGraphDef of a graph of the op types the kitchen sink does not reach', () => {
  it('writes only TF attr names, every required attr and every default, with input counts TF expects', () => {
    const def = catalogueWalk().asGraphDef();
    const { problems, unchecked } = checkGraphDef(def, opDefs);
    expect(problems).toEqual([]);
    if (FULL_OPDEFS) expect([...unchecked]).toEqual([]);
    expect(decodeGraphDef(serializeGraphDef(def))).toEqual(def);
  });
});

/** Compares AttrValues as written and as parsed from an OpDef (bytes as arrays, int64 as numbers). */
function sameAttr(a: tf.AttrValueProto, b: tf.AttrValueProto): boolean {
  const plain = (_key: string, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : typeof v === 'bigint' ? Number(v) : v);
  return JSON.stringify(a, plain) === JSON.stringify(b, plain);
}

/** The GraphDef without every attr equal to its OpDef default, as TF writes one for an older consumer. */
function withoutDefaults(def: tf.GraphDef): tf.GraphDef {
  const node = def.node.map((n) => {
    const opDef = opDefs.get(n.op!);
    if (!opDef) return n;
    const kept = Object.entries(n.attr ?? {}).filter(([name, value]) => {
      const fallback = opDef.attr.find((a) => a.name === name)?.defaultValue;
      return !(fallback && sameAttr(fallback, value));
    });
    return { ...n, attr: Object.fromEntries(kept) };
  });
  return { ...def, node };
}

describe('import reads a left-out attr as TF does (the OpDef default)', () => {
  it.each([
    ['the kitchen sink', kitchenSink],
    ['the catalogue walk', catalogueWalk],
  ])('imports %s without its default attrs back to the same nodes', (_name, build) => {
    const def = build().asGraphDef();
    const stripped = withoutDefaults(def);
    expect(stripped.node.some((n, i) => Object.keys(n.attr ?? {}).length < Object.keys(def.node[i]!.attr ?? {}).length)).toBe(true);
    const again = new tf.Graph();
    again.asDefault(() => tf.importGraphDef(stripped, { name: '' }));
    const byName = (d: tf.GraphDef) => new Map(d.node.map((n) => [n.name, n]));
    expect(byName(again.asGraphDef())).toEqual(byName(def));
  });
});

describe('asGraphDef of a graph that uses most of the catalogue', () => {
  const graph = kitchenSink();
  const def = graph.asGraphDef();

  it('writes only TF attr names, every required attr and every default, with input counts TF expects', () => {
    const { problems, unchecked } = checkGraphDef(def, opDefs);
    expect(problems).toEqual([]);
    // Without TF_OPS_PBTXT the walk reaches op types beyond the subset too, unchecked here.
    if (FULL_OPDEFS) expect([...unchecked]).toEqual([]);
    expect(def.node.length - def.node.filter((n) => unchecked.has(n.op!)).length).toBeGreaterThan(100);
  });

  it('binary and text forms decode to the same GraphDef', () => {
    expect(decodeGraphDef(serializeGraphDef(def))).toEqual(def);
    expect(parseGraphDefText(serializeGraphDef(def, { asText: true }))).toEqual(def);
    expect(decodeGraphDef(encodeGraphDef(def))).toEqual(def);
  });

  it('keeps creation order, producer 27 and no internal op types', () => {
    expect(def.versions).toEqual({ producer: 27, badConsumers: [] });
    const names = def.node.map((n) => n.name);
    const opNames = graph.getOperations().map((o) => o.name);
    expect(names.filter((n) => opNames.includes(n!))).toEqual(opNames.filter((n) => names.includes(n)));
    expect(def.node.some((n) => n.op!.startsWith('_') || n.op === 'ReducedShape')).toBe(false);
  });
});
