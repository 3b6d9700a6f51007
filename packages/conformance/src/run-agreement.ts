import * as tf from '@tf/graph';
import type { Backend } from '@tf/graph/backend';
import { Session } from '@tf/session';
import { describe, it } from 'vitest';
import { assertAgreement } from './agreement-compare.js';
import { mapFloatFeed, randomInputs } from './agreement-inputs.js';
import { largerVariants } from './agreement-variants.js';
import { accumulationBound, agreementTolerance, type AgreementTolerance, type RelativeTolerance } from './agreement-tolerance.js';
import { AssertionFailure } from './assert-close.js';
import type { OpCase, OpCaseFile } from './case.js';
import { loadOpCaseFiles } from './cases/index.js';
import { buildCase, hashString } from './run-conformance.js';

export interface AgreementOptions {
  /**
   * Each case runs once per seed, on fresh random inputs. Default `[1, 2]`. Larger variants run
   * with the first seed only: each already draws thousands of random elements.
   */
  readonly seeds?: readonly number[];
  /** The case files to draw graphs from; default every `cases/*.cases.ts` file. */
  readonly cases?: readonly OpCaseFile[];
  /**
   * Cases (`${Op}/${caseName}`) known to disagree, with the reason. They run as `it.fails`, so a
   * fix shows up as a failure asking to remove the entry; a key that names no case fails.
   */
  readonly knownDisagreements?: Readonly<Record<string, string>>;
}

/**
 * Registers §6 E's cross-backend agreement check: every conformance case with expected values is
 * rebuilt with random inputs of the same shapes and dtypes (see `randomInputs`), run on the
 * reference backend (the CPU) and on the device, and every output is compared with the op's
 * tolerance from `agreement-tolerance.ts`. The cases' own expected values are not used: the
 * conformance run checks those. New case files are covered without any change here.
 */
export function runAgreement(
  deviceName: string,
  createDevice: () => Backend,
  createReference: () => Backend,
  options: AgreementOptions = {},
): void {
  const seeds = options.seeds ?? [1, 2];
  const known = options.knownDisagreements ?? {};

  describe(`agreement: ${deviceName} vs the CPU on random inputs`, async () => {
    const files = options.cases ?? (await loadOpCaseFiles());
    const registered = new Set<string>();
    it('every knownDisagreements key names a registered case', () => {
      const stale = Object.keys(known).filter((key) => !registered.has(key));
      if (stale.length > 0) throw new AssertionFailure(`knownDisagreements keys that match no case: ${stale.join(', ')}`);
    });

    const device = createDevice();
    for (const file of files) {
      describe(file.op, () => {
        for (const testCase of file.cases.filter(hasValues)) {
          const skip = skipReason(file, testCase, device, deviceName);
          if (skip !== undefined) {
            it.skip(`${testCase.name} (${skip})`, () => {});
            continue;
          }
          const larger = largerVariants(testCase).filter(({ variant }) => runsOnReference(file, variant, createReference));
          const variants = [{ variant: testCase, seeds }, ...larger.map(({ variant }) => ({ variant, seeds: seeds.slice(0, 1) }))];
          for (const { variant, seeds: variantSeeds } of variants) {
            const key = `${file.op}/${variant.name}`;
            registered.add(key);
            const run = async () => {
              for (const seed of variantSeeds) await runAgreementCase(file, variant, seed, createDevice, createReference);
            };
            const reason = known[key];
            if (reason !== undefined) it.fails(`${variant.name} [known disagreement: ${reason}]`, run);
            else it(variant.name, run);
          }
        }
      });
    }
    device.dispose();
  });
}

/**
 * Whether a larger variant still builds and runs on the reference (its int32 inputs and attrs
 * were written for the original shapes); checked once, synchronously, while registering.
 */
function runsOnReference(file: OpCaseFile, variant: OpCase, createReference: () => Backend): boolean {
  const backend = createReference();
  if (!backend.canReadSync) return false;
  const graph = new tf.Graph();
  try {
    const { outputs, feeds } = graph.asDefault(() => buildCase(file, { ...variant, inputs: randomInputs(variant.inputs, 0) }));
    const init = tf.globalVariables(graph).length > 0 ? graph.asDefault(() => tf.globalVariablesInitializer(graph)) : undefined;
    const session = new Session({ graph, backend });
    try {
      if (init) session.run(init, feeds);
      session.run(outputs, feeds);
    } finally {
      session.close();
    }
    return true;
  } catch {
    return false;
  }
}

/** Cases with values to agree on; error cases and check-only (random) cases have none. */
function hasValues(testCase: OpCase): boolean {
  return testCase.expected !== undefined && testCase.throws === undefined;
}

/**
 * Why a case cannot compare the device with the reference, or undefined when it can. Each reason
 * would make the "device" run a host run (soft placement of an op without a kernel, a dtype the
 * device cannot hold) or compare independent random streams.
 */
function skipReason(file: OpCaseFile, testCase: OpCase, device: Backend, deviceName: string): string | undefined {
  const graph = new tf.Graph();
  try {
    graph.asDefault(() => buildCase(file, testCase));
  } catch (error) {
    return `the graph does not build: ${(error as Error).message}`;
  }
  const ops = graph.getOperations();
  const random = ops.find((op) => op.def.stateful && !op.def.isVariable && !op.def.refInputs?.length);
  if (random) return `random op ${random.type}: kernels-webgpu's random-cpu-agree test compares the streams`;
  if (!file.composite && !device.supports(file.op)) return `no ${deviceName} kernel; the host would run it`;
  const held = device.dtypes;
  const foreign = held && ops.flatMap((op) => op.outputs).find((tensor) => !held.includes(tensor.dtype));
  if (foreign) return `${deviceName} holds no ${foreign.dtype}; placement runs it on the host`;
  return undefined;
}

/** Runs one case with the inputs of one seed on both backends and compares every output. */
export async function runAgreementCase(
  file: OpCaseFile,
  testCase: OpCase,
  seed: number,
  createDevice: () => Backend,
  createReference: () => Backend,
): Promise<void> {
  const label = `${file.op}/${testCase.name} (seed ${seed})`;
  const tolerance = agreementTolerance(file.op);
  const domain = tolerance.kind === 'relative' ? tolerance.inputDomain : undefined;
  const inputs = randomInputs(testCase.inputs, hashString(label), domain);
  const built = buildFetches(file, { ...testCase, inputs });
  const reference = await evaluate(built, built.feeds, createReference);
  const device = await evaluate(built, built.feeds, createDevice);
  // The accumulation bound reads Σ|aᵢbᵢ| and K from the same case on the reference, with the
  // epilogue (a fused activation) removed when the tolerance names one.
  const epilogue = tolerance.kind === 'accumulation' ? tolerance.epilogue : undefined;
  const boundCase = epilogue ? buildFetches(file, { ...testCase, inputs, attrs: { ...testCase.attrs, ...epilogue.removedBy } }) : built;
  const evaluateBound = (replace: 'abs' | 'ones') =>
    evaluate(
      boundCase,
      boundCase.feeds.map(([tensor, array]) => [tensor, mapFloatFeed(array, replace)]),
      createReference,
    );
  const allowed = await allowedDifferences(tolerance, reference, built.feeds, evaluateBound);
  reference.forEach((expected, k) => {
    assertAgreement(device[k]!, expected, allowed[k]!, built.outputs.length > 1 ? `${label} output ${k}` : label);
  });
}

/** The case's graph with its outputs, feeds and variable initializer. */
function buildFetches(file: OpCaseFile, testCase: OpCase): Fetches & { readonly feeds: Feeds } {
  const graph = new tf.Graph();
  const { outputs, feeds } = graph.asDefault(() => buildCase(file, testCase));
  const init = tf.globalVariables(graph).length > 0 ? graph.asDefault(() => tf.globalVariablesInitializer(graph)) : undefined;
  return { graph, outputs, init, feeds };
}

type Feeds = [tf.Tensor, tf.NDArray][];

interface Fetches {
  readonly graph: tf.Graph;
  readonly outputs: tf.Tensor[];
  /** Initializes the case's variables (from the feeds), when it has any. */
  readonly init: tf.Operation | undefined;
}

/** One run of the graph on a fresh session: variables initialized from the feeds, then the outputs. */
async function evaluate({ graph, outputs, init }: Fetches, feeds: Feeds, createBackend: () => Backend): Promise<tf.NDArray[]> {
  const backend = createBackend();
  const session = new Session({ graph, backend });
  try {
    if (init) session.run(init, feeds);
    // Asynchronous devices (WebGPU) read back with runAsync; the CPU takes the synchronous path.
    return backend.canReadSync ? session.run(outputs, feeds) : await session.runAsync(outputs, feeds);
  } finally {
    session.close();
  }
}

/** Per output, the largest `|device − reference|` allowed at each flat index. */
async function allowedDifferences(
  tolerance: AgreementTolerance,
  reference: readonly tf.NDArray[],
  feeds: Feeds,
  evaluateBound: (replace: 'abs' | 'ones') => Promise<tf.NDArray[]>,
): Promise<((index: number) => number)[]> {
  const relative =
    ({ rtol, atol }: RelativeTolerance, out: tf.NDArray) =>
    (i: number) =>
      atol + rtol * Math.abs(Number(out.data[i]));
  switch (tolerance.kind) {
    case 'exact':
      return reference.map(() => () => 0);
    case 'relative':
      return reference.map((out) => relative(tolerance, out));
    case 'accumulation': {
      if (!reference.some((out) => tf.isFloatDType(out.dtype))) return reference.map(() => () => 0);
      const sums = await evaluateBound('abs');
      const counts = await evaluateBound('ones');
      // An averaging op returns 1 on all-ones inputs; no output averages more terms than its largest input has.
      const largestInput = Math.max(...feeds.filter(([, array]) => tf.isFloatDType(array.dtype)).map(([, array]) => array.size));
      return reference.map((out, k) => {
        const rounding = tolerance.epilogue ? relative(tolerance.epilogue.rounding, out) : () => 0;
        return (i) => {
          const terms = tolerance.averaging ? largestInput : Number(counts[k]!.data[i]);
          return accumulationBound(terms, Number(sums[k]!.data[i]), Number(out.data[i])) + rounding(i);
        };
      });
    }
  }
}
