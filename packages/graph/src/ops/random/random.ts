import type { DType } from '../../dtype.js';
import { getDefaultGraph } from '../../graph.js';
import { defineOp, type InferContext, type OpDef, type OutputSpec } from '../../op-def.js';
import { getSeed } from '../../random-seed.js';
import type { Dim } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { apply, convertToTensor, graphOf, parseDType, type TensorLike } from '../build.js';
import { add, mul } from '../math/arithmetic.js';
import { FLOATS } from '../math/elementwise.js';
import { tfAttr } from '../../interop/export-attr.js';
import { checkOptions } from '../../validate/args.js';

export interface RandomAttrs {
  dtype: DType;
  /** The pair from TF's seed rules; (0, 0) draws a fresh nondeterministic seed per session. */
  seed: number;
  seed2: number;
}

function inferRandom(ctx: InferContext<RandomAttrs>): OutputSpec[] {
  if (!FLOATS.includes(ctx.attrs.dtype)) ctx.fail(`dtype must be float32 or float64, got ${ctx.attrs.dtype}`);
  const value = ctx.value(0);
  if (value) {
    if (value.some((d) => d < 0)) ctx.fail(`shape must be non-negative, got [${Array.from(value).join(',')}]`);
    return [{ dtype: ctx.attrs.dtype, shape: Array.from(value) }];
  }
  const rank = ctx.inputs[0]!.shape?.[0];
  return [{ dtype: ctx.attrs.dtype, shape: rank == null ? null : new Array<Dim>(rank).fill(null) }];
}

function defineRandom<T extends string>(type: T) {
  // NotDifferentiable in TF: samples do not depend smoothly on the shape input.
  return defineOp<RandomAttrs, T>({
    type,
    inputs: ['shape'],
    inputDTypes: { shape: ['int32'] },
    hostInputs: [0],
    stateful: true,
    tf: {
      attrs: (a) => ({ dtype: a.dtype('dtype'), seed: a.int('seed', 0), seed2: a.int('seed2', 0) }),
      exportAttrs: (a) => ({ dtype: tfAttr.type(a.dtype), seed: tfAttr.int(a.seed), seed2: tfAttr.int(a.seed2) }),
      typeAttrs: { T: 'shape' },
    },
    infer: inferRandom,
    gradient: null,
  });
}

/** Standard normal samples (TF's `RandomStandardNormal`). */
export const RandomStandardNormal = defineRandom('RandomStandardNormal');
/** Standard normal samples, redrawn when beyond two standard deviations (TF's `TruncatedNormal`). */
export const TruncatedNormal = defineRandom('TruncatedNormal');
/** Uniform samples in `[0, 1)` (TF's `RandomUniform`). */
export const RandomUniform = defineRandom('RandomUniform');

export interface RandomOptions {
  dtype?: DType;
  seed?: number;
  name?: string;
}

/** TF's layout: `<scope>/shape`, `<scope>/<RawOp>`, `<scope>/mul`, and the result named `<scope>`. */
function sample(def: OpDef<RandomAttrs>, shape: TensorLike, options: RandomOptions, scope: string, scale: number, shift: number): Tensor {
  const graph = graphOf([shape]);
  const dtype = parseDType(options.dtype ?? 'float32');
  return graph.nameScope(options.name ?? scope, (scopeName) => {
    const shapeTensor = convertToTensor(shape, 'int32', graph, 'shape');
    const [seed, seed2] = getSeed(graph, options.seed);
    const raw = apply(def, [shapeTensor], { dtype, seed, seed2 }, def.type);
    const scaled = mul(raw, convertToTensor(scale, dtype, graph, 'scale'), 'mul');
    return add(scaled, convertToTensor(shift, dtype, graph, 'shift'), scopeName);
  });
}

/** `tf.randomNormal(shape, { mean, stddev, dtype, seed })`. */
export function randomNormal(shape: TensorLike, options: RandomOptions & { mean?: number; stddev?: number } = {}): Tensor {
  checkOptions(options, 'randomNormal');
  return sample(RandomStandardNormal, shape, options, 'random_normal', options.stddev ?? 1, options.mean ?? 0);
}

/** `tf.truncatedNormal(shape, { mean, stddev, dtype, seed })`: samples beyond 2 stddev are redrawn. */
export function truncatedNormal(shape: TensorLike, options: RandomOptions & { mean?: number; stddev?: number } = {}): Tensor {
  checkOptions(options, 'truncatedNormal');
  return sample(TruncatedNormal, shape, options, 'truncated_normal', options.stddev ?? 1, options.mean ?? 0);
}

/** `tf.randomUniform(shape, { minval, maxval, dtype, seed })`: samples in `[minval, maxval)`. */
export function randomUniform(shape: TensorLike, options: RandomOptions & { minval?: number; maxval?: number } = {}): Tensor {
  checkOptions(options, 'randomUniform');
  const minval = options.minval ?? 0;
  const maxval = options.maxval ?? 1;
  return sample(RandomUniform, shape, options, 'random_uniform', maxval - minval, minval);
}

/** `tf.setRandomSeed(seed)`: the default graph's seed, making every random op in it repeatable. */
export function setRandomSeed(seed: number | undefined): void {
  getDefaultGraph().seed = seed;
}
