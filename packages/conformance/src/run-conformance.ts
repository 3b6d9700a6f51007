import * as tf from '@tf/graph';
import { getOpDef, toTypedArray, allOpDefs } from '@tf/graph/backend';
import type { Backend } from '@tf/graph/backend';
import { Session } from '@tf/session';
import { format } from 'node:util';
import { describe, it, vi } from 'vitest';
import { AssertionFailure, assertClose } from './assert-close.js';
import {
  dtypeOf,
  expectedList,
  validateCase,
  type CheckContext,
  type ExpectedError,
  type OpCase,
  type OpCaseFile,
  type TensorData,
  type Tolerance,
} from './case.js';
import { loadOpCaseFiles } from './cases/index.js';
import { checkGradients, type GradCheckInput } from '@tf/session/testing';

/** Ops the executor runs itself, so no backend has (or needs) a kernel for them. */
export const EXECUTOR_HANDLED_OPS: Readonly<Record<string, string>> = {
  Placeholder: 'the executor feeds it, or raises its unfed error',
  VariableV2: "the executor binds the session's variable storage",
};

export interface ConformanceOptions {
  /**
   * Cases known to fail on this backend, keyed `${Op}/${caseName}`, with the reason. They run as
   * `it.fails`, so a fix shows up as a failure asking to remove the entry; a key that matches no
   * case fails the suite.
   */
  readonly expectedFailures?: Readonly<Record<string, string>>;
  /** Ops this backend has no kernel for, with the reason; their cases are skipped, visibly. */
  readonly unsupported?: Readonly<Record<string, string>>;
  /**
   * Set (to the reason) on a backend without float64: gradient checks are skipped, visibly.
   * Forward parts of the same cases still run.
   */
  readonly skipGradChecks?: string;
  /** Per-backend tolerance overrides, keyed by op (`'Exp'`) or case (`'Exp/random 3x4'`). */
  readonly tolerance?: Readonly<Record<string, Tolerance>>;
  /** The case files to run; default every `cases/*.cases.ts` file. */
  readonly cases?: readonly OpCaseFile[];
}

/**
 * Registers the conformance suite for one backend: a vitest `describe(op)` per case file with an
 * `it(case)` per case, each run through a real `Session` on a fresh `createBackend()`, plus the
 * completeness checks. Call it at the top level of a test file. The case files are loaded while
 * vitest collects the suite (an async `describe`).
 */
export function runConformance(backendName: string, createBackend: () => Backend, options: ConformanceOptions = {}): void {
  const expectedFailures = options.expectedFailures ?? {};
  const unsupported = options.unsupported ?? {};

  describe(`conformance: ${backendName}`, async () => {
    const files = options.cases ?? (await loadOpCaseFiles());
    describe('completeness', () => {
      it('every op has a kernel, is executor-handled, or is listed as unsupported', () => {
        const backend = createBackend();
        try {
          const { missing, stale } = kernelCoverage(backend, unsupported);
          if (missing.length > 0) {
            throw new AssertionFailure(
              `backend '${backendName}' has no kernel for ${missing.length} op(s): ${missing.join(', ')}. ` +
                'Add kernels, or list them in the `unsupported` option of runConformance with a reason.',
            );
          }
          if (stale.length > 0) {
            throw new AssertionFailure(
              `'unsupported' lists op(s) that this backend supports or that no longer exist: ${stale.join(', ')}; remove them.`,
            );
          }
        } finally {
          backend.dispose();
        }
      });

      it('every expectedFailures key names an existing case', () => {
        const stale = staleExpectedFailures(files, expectedFailures);
        if (stale.length > 0) {
          throw new AssertionFailure(`expectedFailures keys that match no case: ${stale.map((k) => `'${k}'`).join(', ')}`);
        }
      });
    });

    for (const file of files) {
      describe(file.op, () => {
        for (const testCase of file.cases) {
          const key = `${file.op}/${testCase.name}`;
          const unsupportedReason = unsupported[file.op];
          const gradOnly = testCase.gradCheck && !testCase.expected && !testCase.check;
          if (unsupportedReason !== undefined) {
            it.skip(`${testCase.name} (unsupported on ${backendName}: ${unsupportedReason})`, () => {});
          } else if (options.skipGradChecks !== undefined && gradOnly) {
            it.skip(`${testCase.name} (gradient checks skipped: ${options.skipGradChecks})`, () => {});
          } else {
            const tolerance = { ...options.tolerance?.[file.op], ...options.tolerance?.[key] };
            const run = () => runCase(file, testCase, createBackend, { tolerance, gradChecks: options.skipGradChecks === undefined });
            const reason = expectedFailures[key];
            if (reason !== undefined) it.fails(`${testCase.name} [expected failure: ${reason}]`, run);
            else it(testCase.name, run);
          }
        }
      });
    }
  });
}

/**
 * Ops of `allOpDefs()` with no kernel on `backend` that are neither executor-handled nor listed in
 * `unsupported` (`missing`), and `unsupported` entries the backend does support or that name no op (`stale`).
 */
export function kernelCoverage(
  backend: Pick<Backend, 'supports'>,
  unsupported: Readonly<Record<string, string>> = {},
): { missing: string[]; stale: string[] } {
  const missing = allOpDefs()
    .map((def) => def.type)
    .filter((type) => !backend.supports(type) && !(type in EXECUTOR_HANDLED_OPS) && !(type in unsupported));
  const stale = Object.keys(unsupported).filter((type) => backend.supports(type) || !getOpDef(type));
  return { missing, stale };
}

/** `expectedFailures` keys (`${op}/${case}`) that match no case in `files`. */
export function staleExpectedFailures(files: readonly OpCaseFile[], expectedFailures: Readonly<Record<string, string>>): string[] {
  const keys = new Set(files.flatMap((file) => file.cases.map((c) => `${file.op}/${c.name}`)));
  return Object.keys(expectedFailures).filter((key) => !keys.has(key));
}

export interface RunCaseOptions {
  /** Overrides the case's own tolerance (a backend's per-op loosening). */
  readonly tolerance?: Tolerance;
  /** Run the gradient check part of the case (default true). */
  readonly gradChecks?: boolean;
}

/** Runs one case on a backend: build, feed, run, compare; then its gradient check. Throws on failure. */
export async function runCase(
  file: OpCaseFile,
  testCase: OpCase,
  createBackend: () => Backend,
  options: RunCaseOptions = {},
): Promise<void> {
  const label = `${file.op}/${testCase.name}`;
  const problems = validateCase(file, testCase);
  if (problems.length > 0) throw new AssertionFailure(`malformed case:\n  ${problems.join('\n  ')}`);

  const graph = new tf.Graph();
  let outputs: tf.Tensor[];
  let feeds: [tf.Tensor, tf.NDArray][];
  try {
    ({ outputs, feeds } = graph.asDefault(() => buildCase(file, testCase)));
  } catch (error) {
    if (!testCase.throws) throw error;
    checkError(error, testCase.throws, 'build', label);
    return;
  }
  if (!file.composite && !graph.getOperations().some((op) => op.type === file.op)) {
    throw new AssertionFailure(
      `${label}: build created no '${file.op}' op (ops: ${[...new Set(graph.getOperations().map((o) => o.type))].join(', ')})`,
    );
  }
  if (testCase.throws?.when === 'build') {
    throw new AssertionFailure(`${label}: expected ${describeError(testCase.throws)} while building, but the graph built`);
  }

  const variables = tf.globalVariables(graph);
  const init = variables.length > 0 ? graph.asDefault(() => tf.globalVariablesInitializer(graph)) : undefined;
  const backend = createBackend();
  const canReadSync = backend.canReadSync;
  // Asynchronous devices (WebGPU) read back with runAsync; the CPU takes the synchronous path.
  const runIn = (session: Session): Promise<tf.NDArray[]> =>
    expectingSoftPlacement(backend, async () => {
      if (init) session.run(init, feeds);
      return canReadSync ? session.run(outputs, feeds) : await session.runAsync(outputs, feeds);
    });
  const session = new Session({ graph, backend });
  try {
    let values: tf.NDArray[];
    try {
      values = await runIn(session);
    } catch (error) {
      if (!testCase.throws) throw error;
      checkError(error, testCase.throws, 'run', label);
      return;
    }
    if (testCase.throws) {
      throw new AssertionFailure(`${label}: expected ${describeError(testCase.throws)}, but the run produced ${values.length} value(s)`);
    }
    const expected = expectedList(testCase.expected);
    if (testCase.expected !== undefined && expected.length !== values.length) {
      throw new AssertionFailure(`${label}: build returned ${values.length} output(s), the case expects ${expected.length}`);
    }
    const tolerance = { ...testCase.tolerance, ...options.tolerance };
    expected.forEach((data, i) => {
      assertClose(values[i]!, data, { ...tolerance, label: values.length > 1 ? `${label} output ${i}` : label });
    });
    if (testCase.check) {
      const context: CheckContext = {
        outputs: values,
        runAgain: () => runIn(session),
        runInNewSession: async () => {
          const other = new Session({ graph, backend: createBackend() });
          try {
            return await runIn(other);
          } finally {
            other.close();
          }
        },
      };
      await testCase.check(values[0]!, context);
    }
  } finally {
    session.close();
  }

  if (testCase.gradCheck && options.gradChecks !== false) runGradCheck(file, testCase, createBackend, label);
}

/**
 * Runs `body` with the session's soft-placement warnings for dtypes `backend` cannot hold (float64
 * on WebGPU: TF's soft placement, never silent) captured, as a case on such a backend expects
 * them; any other warning passes through (and fails the test, see tools/vitest-console.ts).
 */
async function expectingSoftPlacement<T>(backend: Backend, body: () => Promise<T>): Promise<T> {
  const held = backend.dtypes;
  if (held === undefined) return body();
  const passThrough = console.warn;
  const warn = vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    const dtype = /cannot hold (\w+); placed on the CPU$/.exec(format(...args))?.[1];
    if (dtype === undefined || held.includes(dtype as tf.DType)) passThrough(...args);
  });
  try {
    return await body();
  } finally {
    warn.mockRestore();
  }
}

/** Placeholders for the case's inputs, the op built on them, and the feeds. */
export function buildCase(file: OpCaseFile, testCase: OpCase): { outputs: tf.Tensor[]; feeds: [tf.Tensor, tf.NDArray][] } {
  const placeholders: Record<string, tf.Tensor> = {};
  const feeds: [tf.Tensor, tf.NDArray][] = [];
  for (const [name, data] of Object.entries<TensorData>(testCase.inputs)) {
    const dtype = dtypeOf(data);
    const placeholder = tf.placeholder(dtype, placeholderShape(data.shape, testCase.placeholders), name);
    placeholders[name] = placeholder;
    feeds.push([placeholder, toNDArray(data)]);
  }
  const built = file.build(placeholders, testCase.attrs ?? {});
  const outputs = Array.isArray(built) ? [...(built as readonly tf.Tensor[])] : [built as tf.Tensor];
  return { outputs, feeds };
}

function placeholderShape(shape: readonly number[], mode: OpCase['placeholders']): (number | null)[] | null {
  if (mode === 'unknown-rank') return null;
  if (mode === 'unknown-dims') return shape.map(() => null);
  return [...shape];
}

export function toNDArray(data: TensorData, dtype = dtypeOf(data)): tf.NDArray {
  return new tf.NDArray(dtype, data.shape, toTypedArray(dtype, data.values as ArrayLike<number>));
}

function runGradCheck(file: OpCaseFile, testCase: OpCase, createBackend: () => Backend, label: string): void {
  const spec = typeof testCase.gradCheck === 'object' ? testCase.gradCheck : {};
  const entries = Object.entries<TensorData>(testCase.inputs);
  const names = entries.map(([name]) => name);
  const isFloat = (data: TensorData) => tf.isFloatDType(dtypeOf(data));
  const inputs: GradCheckInput[] = entries.map(([, data]) => ({
    shape: data.shape,
    values: data.values as ArrayLike<number>,
    dtype: isFloat(data) ? 'float64' : dtypeOf(data),
  }));
  const wrt = (spec.wrt ?? names.filter((_, i) => isFloat(entries[i]![1]))).map((name) => names.indexOf(name));
  const result = checkGradients(
    (...xs) => {
      const built = file.build(Object.fromEntries(names.map((name, i) => [name, xs[i]!])), testCase.attrs ?? {});
      return Array.isArray(built) ? (built as readonly tf.Tensor[]) : (built as tf.Tensor);
    },
    inputs,
    {
      wrt,
      names,
      createBackend,
      seed: hashString(label),
      staticShapes: testCase.placeholders === undefined || testCase.placeholders === 'static' ? 'known' : 'unknown',
      ...(spec.outputs ? { outputs: spec.outputs } : {}),
      ...(spec.atol !== undefined ? { atol: spec.atol } : {}),
      ...(spec.rtol !== undefined ? { rtol: spec.rtol } : {}),
    },
  );
  if (!result.ok) throw new AssertionFailure(`${label}: gradient check failed: ${result.report}`);
}

/** FNV-1a, so each case gets its own stable cotangent seed. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Error classes that are never an acceptable answer: they mean a bug, not a rejected input. */
const UNTYPED_ERRORS = new Set(['Error', 'RangeError', 'ReferenceError', 'SyntaxError', 'InternalError', 'AssertionError']);

function describeError(spec: ExpectedError): string {
  const message = spec.message === undefined ? '' : ` matching ${String(spec.message)}`;
  return `${spec.type ?? 'a typed error'}${message}`;
}

function checkError(error: unknown, spec: ExpectedError, phase: 'build' | 'run', label: string): void {
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  const got = `${name}: ${message}`;
  if (spec.when !== undefined && spec.when !== phase) {
    throw new AssertionFailure(
      `${label}: expected ${describeError(spec)} while ${spec.when === 'build' ? 'building' : 'running'}, but ${phase === 'build' ? 'building' : 'running'} threw ${got}`,
    );
  }
  if (spec.type !== undefined ? name !== spec.type : UNTYPED_ERRORS.has(name)) {
    throw new AssertionFailure(`${label}: expected ${describeError(spec)}, got ${got}`, { cause: error });
  }
  const matches =
    spec.message === undefined || (typeof spec.message === 'string' ? message.includes(spec.message) : spec.message.test(message));
  if (!matches) throw new AssertionFailure(`${label}: expected ${describeError(spec)}, got ${got}`, { cause: error });
}
