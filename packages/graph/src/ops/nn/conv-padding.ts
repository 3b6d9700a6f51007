import { UnimplementedError, ValueError } from '../../errors.js';
import type { InferContext, TfAttrReader, TfAttrValue } from '../../op-def.js';
import type { ConcreteShape, Dim, PartialShape } from '../../shape.js';
import { tfAttr } from '../../interop/export-attr.js';
import { repr } from '../../validate/describe.js';

// Window arithmetic shared by every conv and pool op (TF's `GetWindowedOutputSizeVerboseV2` and the
// attribute checks of `Conv2DShape`/`MaxPoolShape` and their kernels), used by the shape functions
// in @tf/graph and, through `windowGeometry`, by the kernels of every backend.

export type Padding = 'SAME' | 'VALID';
export type DataFormat = 'NHWC' | 'NCHW';

/** Attributes of Conv2D, its backprops and the depthwise ops (TF's attr names in camelCase). */
export interface ConvAttrs {
  readonly strides: readonly number[];
  readonly padding: Padding;
  readonly dataFormat: DataFormat;
  readonly dilations: readonly number[];
}

/** `value` when it is one of `allowed`, else TF's error for the attr (a GraphDef names it). */
export function oneOf<V extends string>(attr: string, value: string, allowed: readonly V[]): V {
  const found = allowed.find((v) => v === value);
  if (found === undefined)
    throw new ValueError(
      `Value for attr '${attr}' of ${typeof value === 'string' ? `"${value}"` : repr(value)} is not in the list of allowed values: "${allowed.join('", "')}"`,
    );
  return found;
}

/** ConvAttrs from a GraphDef node (TF's `strides`, `padding`, `data_format`, `dilations`). */
export function convAttrsFromTf(a: TfAttrReader): ConvAttrs {
  return {
    strides: a.ints('strides'),
    padding: oneOf('padding', a.string('padding'), ['SAME', 'VALID']),
    dataFormat: oneOf('data_format', a.string('data_format', 'NHWC'), ['NHWC', 'NCHW']),
    dilations: a.ints('dilations', [1, 1, 1, 1]),
  };
}

/**
 * ConvAttrs as TF's attrs (`strides`, `padding`, `data_format`, `dilations`). Conv2D and its
 * backprops also get `use_cudnn_on_gpu` and `explicit_paddings` with TF's defaults (TF 1.15's
 * Python writes them); the depthwise ops have neither in TF 1.x.
 */
export function convAttrsToTf(a: ConvAttrs, op: { readonly type: string }): Record<string, TfAttrValue> {
  const attrs: Record<string, TfAttrValue> = {
    strides: tfAttr.ints(a.strides),
    padding: tfAttr.string(a.padding),
    data_format: tfAttr.string(a.dataFormat),
    dilations: tfAttr.ints(a.dilations),
  };
  if (op.type.startsWith('Conv2D')) {
    attrs['use_cudnn_on_gpu'] = tfAttr.bool(true);
    attrs['explicit_paddings'] = tfAttr.ints([]);
  }
  return attrs;
}

/** PoolAttrs as TF's attrs (`ksize`, `strides`, `padding`, `data_format`). */
export function poolAttrsToTf(a: PoolAttrs): Record<string, TfAttrValue> {
  return {
    ksize: tfAttr.ints(a.ksize),
    strides: tfAttr.ints(a.strides),
    padding: tfAttr.string(a.padding),
    data_format: tfAttr.string(a.dataFormat),
  };
}

/** PoolAttrs from a GraphDef node (TF's `ksize`, `strides`, `padding`, `data_format`). */
export function poolAttrsFromTf(a: TfAttrReader): PoolAttrs {
  return {
    ksize: a.ints('ksize'),
    strides: a.ints('strides'),
    padding: oneOf('padding', a.string('padding'), ['SAME', 'VALID']),
    dataFormat: oneOf('data_format', a.string('data_format', 'NHWC'), ['NHWC', 'NCHW']),
  };
}

/** Attributes of MaxPool, AvgPool and their gradients. */
export interface PoolAttrs {
  readonly ksize: readonly number[];
  readonly strides: readonly number[];
  readonly padding: Padding;
  readonly dataFormat: DataFormat;
}

/**
 * One spatial dimension as the kernels see it: TF's arithmetic with C's truncating division.
 * VALID: `out = (in - window + stride) / stride`, no padding. SAME: `out = ceil(in / stride)` and
 * `padBefore = floor(total / 2)`, the odd element of padding going after (right/bottom).
 */
export function windowedOutputSize(
  inSize: number,
  filterSize: number,
  dilation: number,
  stride: number,
  padding: Padding,
): { outSize: number; padBefore: number; padAfter: number } {
  const effective = (filterSize - 1) * dilation + 1;
  if (padding === 'VALID') {
    return { outSize: Math.trunc((inSize - effective + stride) / stride), padBefore: 0, padAfter: 0 };
  }
  const outSize = Math.trunc((inSize + stride - 1) / stride);
  const needed = Math.max(0, (outSize - 1) * stride + effective - inSize);
  const padBefore = Math.floor(needed / 2);
  return { outSize, padBefore, padAfter: needed - padBefore };
}

/** Everything a conv/pool kernel needs about the sliding window over an NHWC input. */
export interface WindowGeometry {
  readonly batch: number;
  readonly inRows: number;
  readonly inCols: number;
  readonly depth: number;
  readonly windowRows: number;
  readonly windowCols: number;
  readonly strideRows: number;
  readonly strideCols: number;
  readonly dilationRows: number;
  readonly dilationCols: number;
  readonly outRows: number;
  readonly outCols: number;
  /** Implicit zero rows above / columns left of the input (SAME padding). */
  readonly padTop: number;
  readonly padLeft: number;
}

/**
 * The window geometry of an NHWC `inputShape` under a `windowRows × windowCols` filter or pooling
 * window, for kernels. The op's shape function has already validated the attributes.
 */
export function windowGeometry(
  inputShape: ConcreteShape,
  windowRows: number,
  windowCols: number,
  strides: readonly number[],
  dilations: readonly number[] | undefined,
  padding: Padding,
): WindowGeometry {
  const [batch = 0, inRows = 0, inCols = 0, depth = 0] = inputShape;
  const strideRows = strides[1] ?? 1;
  const strideCols = strides[2] ?? 1;
  const dilationRows = dilations?.[1] ?? 1;
  const dilationCols = dilations?.[2] ?? 1;
  const rows = windowedOutputSize(inRows, windowRows, dilationRows, strideRows, padding);
  const cols = windowedOutputSize(inCols, windowCols, dilationCols, strideCols, padding);
  return {
    batch,
    inRows,
    inCols,
    depth,
    windowRows,
    windowCols,
    strideRows,
    strideCols,
    dilationRows,
    dilationCols,
    outRows: rows.outSize,
    outCols: cols.outSize,
    padTop: rows.padBefore,
    padLeft: cols.padBefore,
  };
}

// --- Attribute validation (builders and shape functions) ------------------------------------

/** TF's op_def_library check of a string attr against its allowed values (a Python ValueError). */
function checkAllowed(attr: string, value: unknown, allowed: readonly string[]): void {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw new ValueError(
      `Value for attr '${attr}' of ${typeof value === 'string' ? JSON.stringify(value) : repr(value)} is not in the list of allowed values: ${allowed.map((a) => `"${a}"`).join(', ')}`,
    );
  }
}

/** Checks `padding` and `dataFormat` as the Python op wrapper does, before any op is created. */
export function checkPaddingAndFormat(padding: unknown, dataFormat: unknown): void {
  checkAllowed('padding', padding, ['SAME', 'VALID']);
  checkAllowed('data_format', dataFormat, ['NHWC', 'NCHW']);
}

/** `attr` must be a list of integers (TF's `list(int)` attr type). */
export function checkIntList(attr: string, value: unknown): readonly number[] {
  if (!Array.isArray(value) || !value.every((v) => Number.isInteger(v))) {
    throw new TypeError(`Expected list of ints for argument '${attr}', not ${repr(value)}.`);
  }
  return value as number[];
}

/**
 * Only NHWC is implemented (TF's CPU kernels are NHWC-only too): NCHW is an UnimplementedError
 * with TF's message; anything else is the attr error.
 */
export function checkDataFormat(opType: string, dataFormat: unknown): void {
  checkAllowed('data_format', dataFormat, ['NHWC', 'NCHW']);
  if (dataFormat !== 'NHWC') {
    throw new UnimplementedError(
      `The ${opType} op currently only supports the NHWC tensor format. The op was given the format: ${String(dataFormat)}`,
    );
  }
}

/** Conv attrs as every conv shape function checks them, with TF's messages. */
export function checkConvAttrs(ctx: InferContext<ConvAttrs>, opType: string): void {
  const { strides, dilations, padding, dataFormat } = ctx.attrs;
  checkDataFormat(opType, dataFormat);
  checkAllowed('padding', padding, ['SAME', 'VALID']);
  const label = opType.startsWith('Depthwise') ? 'DepthwiseConv2D' : 'Conv2D';
  if (!Array.isArray(dilations) || dilations.length !== 4) {
    ctx.fail(`${label} requires the dilation attribute to contain 4 values, but got: ${Array.isArray(dilations) ? dilations.length : 0}`);
  }
  if (!Array.isArray(strides) || strides.length !== 4) {
    ctx.fail(
      `${label} on data format NHWC requires the stride attribute to contain 4 values, but got: ${Array.isArray(strides) ? strides.length : 0}`,
    );
  }
  for (const [i, s] of strides.entries()) {
    if (!Number.isInteger(s)) ctx.fail(`strides[${i}] must be an integer, got ${String(s)}`);
  }
  for (const [i, d] of dilations.entries()) {
    if (!Number.isInteger(d)) ctx.fail(`dilations[${i}] must be an integer, got ${String(d)}`);
  }
  if (strides[0] !== 1 || strides[3] !== 1) {
    ctx.fail('Current implementation does not yet support strides in the batch and depth dimensions.');
  }
  if (strides[1]! <= 0 || strides[2]! <= 0) ctx.fail(`Stride must be > 0, but got ${Math.min(strides[1]!, strides[2]!)}`);
  if (dilations[0] !== 1 || dilations[3] !== 1) {
    ctx.fail('Current implementation does not yet support dilations in the batch and depth dimensions.');
  }
  if (dilations[1]! < 1 || dilations[2]! < 1) ctx.fail(`Dilation rate must be >= 1, but got ${Math.min(dilations[1]!, dilations[2]!)}`);
}

/** Pool attrs as MaxPoolShape/AvgPoolShape and the pooling kernels check them. */
export function checkPoolAttrs(ctx: InferContext<PoolAttrs>, opType: string): void {
  const { ksize, strides, padding, dataFormat } = ctx.attrs;
  const label = opType.startsWith('Max') ? 'MaxPool' : 'AvgPool';
  checkDataFormat(opType, dataFormat);
  checkAllowed('padding', padding, ['SAME', 'VALID']);
  if (!Array.isArray(strides) || strides.length !== 4) {
    ctx.fail(`${label} requires the stride attribute to contain 4 values, but got: ${Array.isArray(strides) ? strides.length : 0}`);
  }
  if (!Array.isArray(ksize) || ksize.length !== 4) {
    ctx.fail(`${label} requires the ksize attribute to contain 4 values, but got: ${Array.isArray(ksize) ? ksize.length : 0}`);
  }
  for (const [i, k] of ksize.entries()) {
    if (k === 0) ctx.fail(`Sliding window ksize for dimension ${i} was zero.`);
    if (!Number.isInteger(k) || k < 0) ctx.fail(`Sliding window ksize for dimension ${i} must be a positive integer, got ${String(k)}.`);
  }
  for (const s of strides) {
    if (!Number.isInteger(s) || s <= 0) ctx.fail(`Stride must be > 0, but got ${String(s)}`);
  }
  if (ksize[0] !== 1 || strides[0] !== 1) throw new UnimplementedError('Pooling is not yet supported on the batch dimension.');
  if (ksize[3] !== 1 || strides[3] !== 1) {
    throw new UnimplementedError('Pooling across depth is not yet supported: ksize and strides in the depth dimension must be 1.');
  }
}

/** Dimension `i` of a possibly unknown shape (rank already checked). */
export function dimOf(shape: PartialShape, i: number): Dim {
  return shape === null ? null : (shape[i] ?? null);
}

/**
 * Output size of one spatial dimension at shape-inference time. Building follows TF's shape
 * function (`Negative dimension size caused by subtracting 5 from 3`); running follows the kernel
 * (`Computed output size would be negative`), whose truncating division allows a little more.
 */
export function inferWindowedDim(
  ctx: InferContext<object>,
  inSize: Dim,
  filterSize: Dim,
  dilation: number,
  stride: number,
  padding: Padding,
): Dim {
  if (padding === 'SAME') return inSize === null ? null : Math.ceil(inSize / stride);
  if (inSize === null || filterSize === null) return null;
  const effective = (filterSize - 1) * dilation + 1;
  if (!ctx.atRunTime && inSize < effective) {
    ctx.fail(`Negative dimension size caused by subtracting ${effective} from ${inSize}`);
  }
  const { outSize } = windowedOutputSize(inSize, filterSize, dilation, stride, padding);
  if (outSize < 0) {
    ctx.fail(
      `Computed output size would be negative: ${outSize} [input_size: ${inSize}, effective_filter_size: ${effective}, stride: ${stride}]`,
    );
  }
  return outSize;
}

/**
 * A shape given as a tensor (`input_sizes`, `filter_sizes`, `orig_input_shape`): the value when
 * known, else a rank-4 shape of unknown dims. Checks it is a 4-vector of non-negative sizes.
 */
export function shapeFromHostInput(ctx: InferContext<object>, index: number, label: string, what: string): Dim[] {
  const info = ctx.inputs[index]!;
  if (info.shape !== null && info.shape.length !== 1) {
    ctx.fail(`${label}: ${what} input must be 1-dim, not ${info.shape.length}`);
  }
  if (info.shape !== null && info.shape[0] !== null && info.shape[0] !== 4) {
    ctx.fail(`Shape must be rank 4 but is rank ${info.shape[0]}`);
  }
  const value = ctx.value(index);
  if (value === undefined) return [null, null, null, null];
  if (value.length !== 4) ctx.fail(`Shape must be rank 4 but is rank ${value.length}`);
  const dims = Array.from(value);
  const negative = dims.findIndex((d) => d < 0);
  if (negative >= 0) ctx.fail(`Dimension ${negative} of ${what} must be >= 0, got ${dims[negative]}`);
  return dims;
}
