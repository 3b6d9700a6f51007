import type { DType, NDArray, Tensor, TypedArray } from '@tf/graph';
import { mulberry32 } from '@tf/graph/backend';

/**
 * The case format: data, not code (ONNX Runtime's `.jsonc` op tests, typed). One file per op
 * (`cases/<op>.cases.ts`, found by `loadOpCaseFiles`, no list to edit); `runConformance` runs every case on a
 * backend. See the package README for a worked example.
 */

/** A tensor value: row-major values, a shape, a dtype (float32 unless given). */
export interface TensorData {
  readonly values: readonly number[] | readonly boolean[] | TypedArray;
  readonly shape: readonly number[];
  /** Default `float32` (`bool` when `values` are booleans). */
  readonly dtype?: DType;
}

/** The typed errors a case may expect; checked by `error.name`. */
export type ErrorTypeName =
  | 'InvalidArgumentError'
  | 'ValueError'
  | 'TypeError'
  | 'FailedPreconditionError'
  | 'UnimplementedError'
  | 'NotFoundError'
  | 'OutOfRangeError'
  | 'ResourceExhaustedError'
  | 'LookupError'
  | 'RuntimeError';

export interface ExpectedError {
  /** The error class. Omitted: any typed error (never a plain `Error`, `RangeError` or `InternalError`). */
  readonly type?: ErrorTypeName;
  /** A substring of the message, or a pattern it must match. */
  readonly message?: string | RegExp;
  /** `'build'`: thrown while building the graph; `'run'`: by `Session.run`. Omitted: either. */
  readonly when?: 'build' | 'run';
}

export interface Tolerance {
  readonly rtol?: number;
  readonly atol?: number;
}

export interface GradCheckSpec {
  /** Inputs to differentiate with respect to; default every float input. */
  readonly wrt?: readonly string[];
  /** Outputs that enter the loss (indices into what `build` returns); default every float output. */
  readonly outputs?: readonly number[];
  /** PyTorch gradcheck defaults: atol 1e-5, rtol 1e-3 (float64, central differences, eps 1e-6). */
  readonly atol?: number;
  readonly rtol?: number;
}

/** What a `check` callback may do besides looking at the outputs (random ops: repeatability). */
export interface CheckContext {
  /** Every output of this run (`out` is the first). */
  readonly outputs: readonly NDArray[];
  /** Runs the same fetches again in the same session (a random op continues its stream). */
  runAgain(): Promise<NDArray[]>;
  /** Runs the same graph in a fresh session on a fresh backend (a seeded op replays its stream). */
  runInNewSession(): Promise<NDArray[]>;
}

/** One case. `K` is the union of input names (inferred from the case literals). */
export interface OpCase<K extends string = string> {
  /** Unique within the file; the key in `expectedFailures` is `${op}/${name}`. */
  readonly name: string;
  /** Fed through placeholders named after the keys, with the data's static shape. */
  readonly inputs: Readonly<Record<K, TensorData>>;
  /** Passed to `build` as its second argument (`{}` when omitted). */
  readonly attrs?: Readonly<Record<string, unknown>>;
  /** One value per output `build` returns (a single `TensorData` for a single output). */
  readonly expected?: TensorData | readonly TensorData[];
  /** The case must fail with this error instead of producing a value. */
  readonly throws?: ExpectedError;
  /** Overrides the dtype default (float32: rtol 1e-5, atol 1e-6; int32 and bool: exact). */
  readonly tolerance?: Tolerance;
  /**
   * Checks symbolic gradients of `reduceSum(output * cotangent)` (a seeded random cotangent)
   * against central differences in float64: float inputs are fed as float64 placeholders.
   */
  readonly gradCheck?: boolean | GradCheckSpec;
  /**
   * Escape hatch for outputs that are not fixed values (random ops): statistics, ranges,
   * determinism. Throw (or use `expect`) to fail.
   */
  readonly check?: (out: NDArray, context: CheckContext) => void | Promise<void>;
  /**
   * How placeholders declare their shapes: `'static'` (default, the data's shape), `'unknown-dims'`
   * (rank known, every dim `null`) or `'unknown-rank'`. The last two leave shapes to run time.
   */
  readonly placeholders?: 'static' | 'unknown-dims' | 'unknown-rank';
}

/** Attributes as a case file's `build` reads them: each file knows its own. */
// biome-ignore lint/suspicious/noExplicitAny: every case file destructures its own attrs.
export type CaseAttrs = Record<string, any>;

/** All cases of one op (or of one composite builder). */
export interface OpCaseFile<K extends string = string> {
  /** TF op type under test (`'Relu'`); `build` must create at least one op of this type. */
  readonly op: string;
  /**
   * `true` when `op` names a composite builder made of other ops (`'moments'`), not an op type
   * (STYLE §3.9: a composite op is only a builder, plus a case file). The runner then does not
   * look for an op of that type, and the file does not count toward op coverage.
   */
  readonly composite?: boolean;
  /** Builds the op from the fed placeholders (keyed like `inputs`) and the case's attrs. */
  readonly build: (inputs: Readonly<Record<K, Tensor>>, attrs: CaseAttrs) => Tensor | readonly Tensor[];
  readonly cases: readonly OpCase<K>[];
}

/** Identity with type inference: input names come from the cases and type `build`'s argument. */
export function defineCases<K extends string>(file: OpCaseFile<K>): OpCaseFile {
  return file as unknown as OpCaseFile;
}

/** `t([1, 2, 3, 4], [2, 2])`; the shape defaults to a vector, the dtype to float32 (bool for booleans). */
export function t(values: TensorData['values'], shape?: readonly number[], dtype?: DType): TensorData {
  const inferred: DType = dtype ?? (typeof values[0] === 'boolean' ? 'bool' : 'float32');
  return { values, shape: shape ?? [values.length], dtype: inferred };
}

/** A 0-d tensor. */
export function scalar(value: number | boolean, dtype?: DType): TensorData {
  return t([value] as readonly number[] | readonly boolean[], [], dtype);
}

/** An int32 tensor (axes, shapes, labels). */
export function ints(values: readonly number[], shape?: readonly number[]): TensorData {
  return t(values, shape, 'int32');
}

export interface RandomDataOptions {
  readonly seed?: number;
  /** Range of values; default [-2, 2). */
  readonly low?: number;
  readonly high?: number;
  /** Keep at least 0.1 away from this value (a kink such as 0 for Relu and Abs). */
  readonly avoid?: number;
  readonly dtype?: DType;
}

/** Seeded uniform numbers in [0, 1): @tf/graph's mulberry32, the one shared generator. */
export const seededRandom = mulberry32;

/**
 * Seeded uniform values on a 1/1024 grid (exact in float32), for gradient checks. Expected values
 * for forward cases come from hand computation or `fixtures/generate.py`, never from these.
 */
export function randomData(shape: readonly number[], options: RandomDataOptions = {}): TensorData {
  const { seed = 1, low = -2, high = 2, avoid, dtype = 'float32' } = options;
  const random = seededRandom(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: size }, () => {
    let v = Math.round((low + (high - low) * random()) * 1024) / 1024;
    if (avoid !== undefined && Math.abs(v - avoid) < 0.1) v = avoid + (v < avoid ? -0.1 : 0.1);
    return v;
  });
  return t(values, shape, dtype);
}

/** The number of elements of a shape. */
export function sizeOfShape(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The dtype of a `TensorData` with defaults applied. */
export function dtypeOf(data: TensorData): DType {
  return data.dtype ?? (typeof data.values[0] === 'boolean' ? 'bool' : 'float32');
}

/** The expected outputs as a list, whatever form the case used. */
export function expectedList(expected: OpCase['expected']): readonly TensorData[] {
  if (expected === undefined) return [];
  return isTensorData(expected) ? [expected] : expected;
}

export function isTensorData(value: unknown): value is TensorData {
  return typeof value === 'object' && value !== null && 'values' in value && 'shape' in value;
}

/** Problems with a case's data (sizes, dtypes, missing expectations); empty when it is well formed. */
export function validateCase(file: OpCaseFile, testCase: OpCase): string[] {
  const problems: string[] = [];
  const where = `${file.op}/${testCase.name}`;
  if (!testCase.name || testCase.name.includes('/')) problems.push(`${where}: a case name must be non-empty and contain no '/'`);
  const checkData = (label: string, data: TensorData) => {
    if (!data.shape.every((d) => Number.isInteger(d) && d >= 0)) problems.push(`${where}: ${label} has an invalid shape [${data.shape}]`);
    const size = sizeOfShape(data.shape);
    if (data.values.length !== size) {
      problems.push(`${where}: ${label} has ${data.values.length} values for shape [${data.shape}] (${size} elements)`);
    }
    const dtype = dtypeOf(data);
    if (!['float32', 'float64', 'int32', 'bool'].includes(dtype)) problems.push(`${where}: ${label} has unknown dtype ${dtype}`);
    if (dtype === 'int32' && !Array.from(data.values as ArrayLike<number>).every((v) => Number.isInteger(v))) {
      problems.push(`${where}: ${label} is int32 but holds non-integers`);
    }
  };
  for (const [name, data] of Object.entries<TensorData>(testCase.inputs)) checkData(`input '${name}'`, data);
  expectedList(testCase.expected).forEach((data, i) => checkData(`expected[${i}]`, data));
  const kinds = [testCase.expected, testCase.throws, testCase.check, testCase.gradCheck].filter((k) => k !== undefined && k !== false);
  if (kinds.length === 0) problems.push(`${where}: a case needs expected, throws, check or gradCheck`);
  if (testCase.throws && (testCase.expected || testCase.check || testCase.gradCheck)) {
    problems.push(`${where}: a throwing case cannot also expect values or check gradients`);
  }
  if (typeof testCase.gradCheck === 'object') {
    for (const name of testCase.gradCheck.wrt ?? []) {
      const data = (testCase.inputs as Record<string, TensorData>)[name];
      if (!data) problems.push(`${where}: gradCheck.wrt names '${name}', which is not an input`);
      else if (!['float32', 'float64'].includes(dtypeOf(data))) problems.push(`${where}: gradCheck.wrt '${name}' is not a float input`);
    }
  }
  return problems;
}

/** The shape of a fixture file written by `fixtures/generate.py`. */
interface FixtureFile {
  readonly op: string;
  readonly cases: readonly {
    readonly name: string;
    readonly inputs: Record<string, TensorData>;
    readonly attrs?: Record<string, unknown>;
    readonly expected: TensorData | readonly TensorData[];
  }[];
}

/**
 * The cases of a JSON fixture (`import json from '../../fixtures/x.json' with { type: 'json' }`),
 * checked against the op and the input names the case file uses, so a regenerated fixture that
 * drifted fails loudly instead of feeding `undefined`.
 */
export function fixtureCases<K extends string>(json: unknown, op: string, inputNames: readonly K[]): OpCase<K>[] {
  const file = json as FixtureFile;
  if (typeof file !== 'object' || file === null || file.op !== op || !Array.isArray(file.cases)) {
    throw new Error(`fixture for ${op} is malformed or belongs to another op (${String((file as { op?: unknown } | null)?.op)})`);
  }
  return file.cases.map((c) => {
    const names = Object.keys(c.inputs).sort();
    if (names.join(',') !== [...inputNames].sort().join(',')) {
      throw new Error(`fixture case ${op}/${c.name} has inputs [${names}], expected [${inputNames}]`);
    }
    return { name: c.name, inputs: c.inputs as Record<K, TensorData>, ...(c.attrs ? { attrs: c.attrs } : {}), expected: c.expected };
  });
}
