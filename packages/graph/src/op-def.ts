import type { DType, TypedArray } from './dtype.js';
import { InvalidArgumentError, ValueError } from './errors.js';
import type { NDArray } from './ndarray.js';
import type { Operation } from './operation.js';
import { formatShapeList, type PartialShape } from './shape.js';
import type { Tensor } from './tensor.js';
import type { AttrValue } from './proto/generated/types.js';

/** What is known about one input while inferring outputs: statically (graph build) or at run time. */
export interface InputInfo {
  readonly dtype: DType;
  readonly shape: PartialShape;
}

export interface OutputSpec {
  readonly dtype: DType;
  readonly shape: PartialShape;
}

/**
 * Passed to an op's `infer` function. The same function serves graph construction (partial shapes,
 * values only for constants) and the executor (concrete shapes, values of every host input), so
 * shape rules are written once.
 */
export interface InferContext<A> {
  readonly inputs: readonly InputInfo[];
  readonly attrs: A;
  /** The op's name and type, for errors that are not shape errors (`checkOutputCount`). */
  readonly opName: string;
  readonly opType: string;
  /** `true` while running: every shape is concrete and every host input has a value. */
  readonly atRunTime: boolean;
  /** The value of input `i` when known (always for host inputs at run time; for constants when building). */
  value(i: number): TypedArray | undefined;
  /** Throws TF's shape error: `<message> for '<name>' (op: '<type>') with input shapes: [..], [..].` */
  fail(message: string): never;
}

/** What a gradient function returns: one gradient per input (`undefined` = none). */
export type Grads = readonly (Tensor | undefined)[];

/** Gradient function: one incoming gradient per output (undefined = none) → one per input. */
export type GradientFn = (op: Operation, grads: readonly (Tensor | undefined)[]) => Grads;

/**
 * A GraphDef node's attrs, read by their TensorFlow names (`transpose_a`, `data_format`) with the
 * default TF's OpDef gives when a node omits one. Reading an attr of the wrong kind, or a missing
 * attr with no default, throws an error naming the node (see `interop/attr-reader.ts`).
 */
export interface TfAttrReader {
  has(name: string): boolean;
  bool(name: string, fallback?: boolean): boolean;
  int(name: string, fallback?: number): number;
  float(name: string, fallback?: number): number;
  /** A `bytes` attr (`padding: "SAME"`) as UTF-8 text. */
  string(name: string, fallback?: string): string;
  ints(name: string, fallback?: readonly number[]): number[];
  /** A `type` attr; TF's int64 reads as int32 (the project has no int64; the rule is in interop/tf-dtype.ts). */
  dtype(name: string, fallback?: DType): DType;
  /** A `shape` attr: unknown dims and an unknown rank are `null`. */
  shape(name: string, fallback?: PartialShape): PartialShape;
  tensor(name: string): NDArray;
}

/**
 * How TensorFlow's GraphDef names this op, declared beside the op so the catalogue stays the one
 * place that knows it, in both directions: `tf.importGraphDef` reads it, and `graph.asGraphDef()`
 * writes nodes from it (interop/export-graph-def.ts); nothing else is kept per op elsewhere.
 * Export writes the op's `type` as the node's op, `typeAttrs` and `numberAttrs` from the
 * operation's inputs, and `exportAttrs`; `test/export-opdefs.test.ts` checks every op against
 * TF's registered OpDefs.
 */
export interface TfImportSpec<A> {
  /** Other TF op type names that mean this op in real graphs (`AddV2`, TF 0.x's `Variable`). Import only. */
  readonly aliases?: readonly string[];
  /** This op's attrs from the node's TF attrs, with TF's defaults. Omitted: the op has no attrs. */
  readonly attrs?: (node: TfAttrReader) => A;
  /**
   * TF type attrs bound to one of this op's inputs (`{ T: 'x', Tidx: 'reduction_indices' }`): the
   * import checks the input's dtype against the attr, as TF's importer does, and export writes the
   * attr from that input's dtype. A variadic input name checks its whole list.
   */
  readonly typeAttrs?: Readonly<Record<string, string>>;
  /** TF int attrs counting a variadic input (`{ N: 'values' }`): export writes the list's length. */
  readonly numberAttrs?: Readonly<Record<string, string>>;
  /**
   * The inverse of `attrs`: this op's attrs as TF's (`transpose_a`, `padding` as bytes, `value` as
   * a TensorProto, …), defaults included, built with `tfAttr` (interop/export-attr.ts). Omitted:
   * the op has no attrs beyond `typeAttrs` and `numberAttrs`.
   */
  // Method syntax (bivariant parameters), so that `OpDefSpec.tf` can hold it as `TfImportSpec<object>`.
  exportAttrs?(attrs: A, op: Operation): Readonly<Record<string, TfAttrValue>>;
  /**
   * For an op TensorFlow does not have (`ReducedShape`, a helper of `gradients()`): writes it as TF
   * ops through `out`, the last node named `op.name` so that consumers' inputs stay valid.
   */
  lower?(op: Operation, out: TfLowering): void;
}

/** One AttrValue as export writes it (the generated `AttrValue`, every repeated field present). */
export type TfAttrValue = AttrValue;

/** What an op's `tf.lower` writes its TF nodes through. */
export interface TfLowering {
  /** The GraphDef input string of the operation's input `i` (`name`, `name:1`). */
  input(i: number): string;
  /**
   * Adds a node named `<op name>/<name>` (`''`: the operation's own name, which the last node must
   * have; it also gets the operation's control inputs), on the operation's device; returns its name.
   */
  node(name: string, op: string, inputs: readonly string[], attrs: Readonly<Record<string, TfAttrValue>>): string;
}

export interface OpDefSpec<A extends object = Record<string, never>, T extends string = string> {
  /** TensorFlow's op type name (`MatMul`): registry key, error messages, GraphDef. A literal type, so `OpType` can list them all. */
  readonly type: T;
  /** Input names, in order. A variadic op (AddN, Pack) lists one name and sets `variadic`. */
  readonly inputs: readonly string[];
  /**
   * `true`: the first name of `inputs` is a list of N ≥ 0 inputs, and the names after it are the
   * inputs that follow the list (ConcatV2's `axis`). `{ lists: k }`: the first k names are lists of
   * one length N, back to back (DynamicStitch: N `indices`, then N `data`, as in TF's NodeDef), so
   * N is the count of list inputs over k. `inputNames` resolves an operation's inputs to names.
   */
  readonly variadic?: boolean | { readonly lists: number };
  readonly infer: (ctx: InferContext<A>) => readonly OutputSpec[];
  /**
   * TF's type constraints, checked when the op is created (by a builder or a GraphDef import):
   * the dtypes each named input accepts (a variadic op's first name covers every input of its list).
   */
  readonly inputDTypes?: Readonly<Record<string, readonly DType[]>>;
  /**
   * Inputs of one fixed dtype in TF's OpDef (`condition: bool`, not a type attr), which TF reports
   * as `Input 'condition' of 'Select' Op has type float32 that does not match expected type of bool.`
   */
  readonly fixedInputDTypes?: Readonly<Record<string, DType>>;
  /** Inputs bound to one type attr (TF's `T`): they must share a dtype. */
  readonly sameDTypeInputs?: readonly (readonly string[])[];
  /** Registered gradient, or `null` for TF's NotDifferentiable ops. Omitted: no gradient defined. */
  readonly gradient?: GradientFn | null;
  /**
   * Inputs whose values the shape function needs (a Reshape's target shape, a Sum's axes): TF's
   * "host memory" inputs. The executor keeps them readable on the host. A negative index counts
   * from the end (`-1` is the last input), for variadic ops whose shape input follows the list
   * (ConcatV2's `axis`), or a list's name for every input of that list (DynamicStitch's
   * `'indices'`); resolve them per operation with `hostInputIndices`.
   */
  readonly hostInputs?: readonly (number | string)[];
  /**
   * Inputs that are variable references updated in place (Assign's `ref`, ApplyGradientDescent's
   * `var`). Output 0 is the updated variable itself, as in TF's ref ops.
   */
  readonly refInputs?: readonly number[];
  /** The op gives its first ref input a value (Assign), so it may run on an uninitialized variable. */
  readonly initializesRef?: boolean;
  /** A variable: its output is the value held in the session's variable store. */
  readonly isVariable?: boolean;
  /** Different values on each run (random ops) or side effects: never folded or deduplicated. */
  readonly stateful?: boolean;
  /**
   * The outputs depend only on the inputs' shapes, never their values (Shape, Size, Rank): such an
   * op can run on the host while its input lives on a device, with no copy.
   */
  readonly readsOnlyShapes?: boolean;
  /**
   * The kernel may refuse its inputs' values, not only their shapes: an index out of range, an
   * integer division by zero, a NaN under CheckNumerics (a function: for some operations only, by
   * dtype). A failure that shapes cannot predict: the executor keeps a copy of each variable a run
   * writes before such a step, to put back if it fails (see the session's write guard).
   */
  readonly refusesValues?: boolean | ((op: Operation) => boolean);
  /**
   * The refusal is reported by the device after the run (WebGPU's CheckNumerics, as TF's GPU
   * kernel), not thrown by the kernel: on a backend with `settle`, every write of the run is
   * guarded until the verdict arrives.
   */
  readonly checkedOnDevice?: boolean;
  /** Set for ops that only exist to be fed (Placeholder): the error to raise when they run unfed. */
  readonly unfedError?: (op: Operation) => Error;
  /**
   * NumPy-broadcasting elementwise op: `gradients()` sums each input's gradient back to that
   * input's shape, so gradient functions never deal with broadcasting themselves.
   */
  readonly broadcasts?: boolean;
  /** Output `i` of this op may share storage with input `j` (Identity, Reshape): `[[i, j], …]`. */
  readonly forwards?: readonly (readonly [number, number])[];
  /**
   * TensorFlow's GraphDef names for this op and its attrs (import). Typed against the op's attrs
   * where it is declared (`defineOp`'s parameter); stored without the attrs type so that `OpDef`
   * stays contravariant in its attrs, as builders' inference relies on.
   */
  readonly tf?: TfImportSpec<object>;
  /**
   * Set only by the internal `_Opaque` definition of GraphDef import: the TF op type a node has
   * that this project does not implement. The session refuses any run that needs such an op.
   */
  readonly opaqueType?: (op: Operation) => string;
}

export interface OpDef<A extends object = Record<string, never>, T extends string = string> extends OpDefSpec<A, T> {
  readonly hostInputSet: ReadonlySet<number>;
}

const registry = new Map<string, OpDef<object>>();
/** TF op type names (every type and its `tf.aliases`) → definition, for GraphDef import. */
const tfNames = new Map<string, OpDef<object>>();

/**
 * Defines an op once: its type name, inputs, shape/dtype inference and gradient. The type name is
 * kept as a literal type (`defineOp({ type: 'Relu', … })`, or `defineOp<Attrs, 'MatMul'>` when the
 * attrs are spelled out) so that `OpType` and the backends' kernel tables see every op.
 */
export function defineOp<A extends object = Record<string, never>, T extends string = string>(
  spec: Omit<OpDefSpec<A, T>, 'tf'> & { readonly tf?: TfImportSpec<A> },
): OpDef<A, T> {
  if (registry.has(spec.type)) throw new Error(`Op type ${spec.type} is defined twice`);
  const hostInputSet = new Set((spec.hostInputs ?? []).filter((i): i is number => typeof i === 'number'));
  const def: OpDef<A, T> = { ...spec, hostInputSet };
  registry.set(spec.type, def as unknown as OpDef<object>);
  for (const name of [spec.type, ...(spec.tf?.aliases ?? [])]) {
    const taken = tfNames.get(name);
    if (taken && taken.type !== spec.type) throw new Error(`TF op name ${name} names both ${taken.type} and ${spec.type}`);
    tfNames.set(name, def as unknown as OpDef<object>);
  }
  return def;
}

/** The host inputs of one operation of `def` with `inputCount` inputs: negative indices and list names resolved. */
export function hostInputIndices(def: Pick<OpDefSpec<never>, 'inputs' | 'variadic' | 'hostInputs'>, inputCount: number): number[] {
  const declared = def.hostInputs ?? [];
  if (declared.length === 0) return [];
  const names = declared.some((i) => typeof i === 'string') ? inputNames(def, inputCount) : [];
  const indices = declared.flatMap((i) => {
    if (typeof i === 'string') return names.flatMap((name, j) => (name === i ? [j] : []));
    return [i < 0 ? inputCount + i : i];
  });
  return indices.filter((i) => i >= 0 && i < inputCount);
}

/**
 * The input name of each of an operation's `inputCount` inputs: a variadic list's name for each
 * input of that list (see `variadic`); `input_<i>` past the declared inputs of a fixed-arity op.
 */
export function inputNames(def: Pick<OpDefSpec<never>, 'inputs' | 'variadic'>, inputCount: number): string[] {
  const names = def.inputs;
  const fallback = (i: number) => names[i] ?? `input_${i}`;
  if (!def.variadic) return Array.from({ length: inputCount }, (_, i) => fallback(i));
  const lists = def.variadic === true ? 1 : def.variadic.lists;
  const listInputs = Math.max(0, inputCount - (names.length - lists));
  // N per list; a count the lists do not divide evenly (a malformed node) puts the rest in the last list.
  const n = Math.floor(listInputs / lists);
  return Array.from({ length: inputCount }, (_, i) => {
    if (i >= listInputs) return fallback(i - listInputs + lists);
    return names[n === 0 ? lists - 1 : Math.min(Math.floor(i / n), lists - 1)]!;
  });
}

export function getOpDef(type: string): OpDef<object> | undefined {
  return registry.get(type);
}

/** The definition a GraphDef node of TF op type `name` imports as (its type or one of its `tf.aliases`). */
export function opDefForTfName(name: string): OpDef<object> | undefined {
  return tfNames.get(name);
}

/** Every defined op, for completeness checks of backends and docs tables. */
export function allOpDefs(): readonly OpDef<object>[] {
  return [...registry.values()];
}

/**
 * Enforces an op's dtype constraints with TF's messages: `Value passed to parameter 'a' has
 * DataType bool not in list of allowed values: …` and `Input 'b' of 'MatMul' Op has type int32
 * that does not match type float32 of argument 'a'.`
 */
export function checkInputDTypes(def: OpDefSpec<never>, dtypes: readonly DType[]): void {
  // A variadic op's list names cover their lists (see `inputNames`).
  const names = inputNames(def, dtypes.length);
  const nameOf = (i: number) => names[i]!;
  const groups = def.sameDTypeInputs ?? [];
  /** Per same-dtype group, the first input seen (its dtype binds the group's type attr). */
  const bound = new Map<readonly string[], number>();
  // Input by input, as TF's op_def_library: an input whose type attr an earlier input already
  // bound must match it; otherwise its dtype must be one the op allows.
  dtypes.forEach((dtype, i) => {
    const name = nameOf(i);
    const group = groups.find((g) => g.includes(name));
    const first = group && bound.get(group);
    if (first !== undefined) {
      if (dtype !== dtypes[first]) {
        throw new TypeError(
          `Input '${name}' of '${def.type}' Op has type ${dtype} that does not match type ${dtypes[first]} of argument '${nameOf(first)}'.`,
        );
      }
      return;
    }
    const fixed = (def.fixedInputDTypes as Record<string, DType> | undefined)?.[name];
    if (fixed !== undefined && dtype !== fixed) {
      throw new TypeError(`Input '${name}' of '${def.type}' Op has type ${dtype} that does not match expected type of ${fixed}.`);
    }
    const allowed = (def.inputDTypes as Record<string, readonly DType[]> | undefined)?.[name];
    if (allowed && !allowed.includes(dtype)) {
      throw new TypeError(`Value passed to parameter '${name}' has DataType ${dtype} not in list of allowed values: ${allowed.join(', ')}`);
    }
    if (group) bound.set(group, i);
  });
}

/** Builds an InferContext; `fail` throws ValueError at build time and InvalidArgumentError when running. */
export function makeInferContext<A>(
  def: { type: string },
  opName: string,
  inputs: readonly InputInfo[],
  attrs: A,
  value: (i: number) => TypedArray | undefined,
  atRunTime: boolean,
): InferContext<A> {
  return {
    inputs,
    attrs,
    opName,
    opType: def.type,
    atRunTime,
    value,
    fail(message: string): never {
      const shapes = inputs.map((i) => formatShapeList(i.shape)).join(', ');
      const text = `${message} for '${opName}' (op: '${def.type}') with input shapes: ${shapes}.`;
      throw atRunTime ? new InvalidArgumentError(text, opName) : new ValueError(text);
    },
  };
}
