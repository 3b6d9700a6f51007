// The property tests' harness for @tf/datasets, @tf/cli and @tf/train (docs/reliability.md,
// "Property tests"): fast-check's parameters, the per-case time limit, a watchdog that turns a
// synchronous hang into a failure naming its case, and the tally of outcomes each property
// reports. fast-check itself is the caller's (a devDependency of each package that uses this);
// this file imports nothing but node:*.
import { appendFileSync } from 'node:fs';
import { createContext, Script } from 'node:vm';

/** What the cases of one property did. */
export interface Tally {
  readonly name: string;
  cases: number;
  /** Cases whose result was checked and correct. */
  ok: number;
  /** Typed errors by class name. */
  readonly typed: Record<string, number>;
  /** The slowest case, in milliseconds. */
  slowestMs: number;
  /** Which case that was, and how many cases had run before it (the first ones pay for JIT and loading). */
  slowestCase?: { index: number; description: string };
}

export function tally(name: string): Tally {
  return { name, cases: 0, ok: 0, typed: {}, slowestMs: 0 };
}

/** The most one case may take; a slower case fails its property (and fast-check shrinks it). */
export const CASE_LIMIT_MS = 5_000;

/**
 * fast-check's parameters: `numRuns` cases from a fixed seed, so CI is repeatable.
 * TF_PROPERTY_SEED explores other seeds; TF_PROPERTY_SCALE multiplies the number of cases.
 */
export function params(numRuns: number): { numRuns: number; seed: number; endOnFailure: true } {
  const seed = process.env['TF_PROPERTY_SEED'];
  const scale = Number(process.env['TF_PROPERTY_SCALE'] ?? 1);
  return { numRuns: Math.max(1, Math.round(numRuns * scale)), seed: seed === undefined ? 0x7f_13_20_25 : Number(seed), endOnFailure: true };
}

/** A case that ran past `CASE_LIMIT_MS`, or never returned (the watchdog stopped it). */
export class CaseTimeoutError extends Error {
  override name = 'CaseTimeoutError';
}

const context = createContext({ fn: (): unknown => undefined, result: undefined as unknown });
const call = new Script('result = fn()');

/**
 * Runs `fn` (synchronous) under a watchdog: V8 stops it after `limitMs` (node:vm's `timeout`
 * covers everything the call does, functions of this realm included), and that becomes a
 * `CaseTimeoutError` instead of a hang.
 */
export function withWatchdog<T>(limitMs: number, fn: () => T): T {
  context['fn'] = fn;
  try {
    call.runInContext(context, { timeout: limitMs });
    return context['result'] as T;
  } catch (error) {
    if ((error as { code?: unknown })?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      throw new CaseTimeoutError(`a case did not return within ${limitMs} ms (hang)`);
    }
    throw error;
  } finally {
    context['fn'] = () => undefined;
    context['result'] = undefined;
  }
}

/** Says which typed class an error is, or `undefined` for an untyped error (which fails the property). */
export type Classify = (error: unknown) => string | undefined;

function settle<T>(
  t: Tally,
  describe: () => string,
  classify: Classify,
  elapsedMs: number,
  outcome: { value: T } | { error: unknown },
  check?: (result: T) => void,
): void {
  if (elapsedMs > t.slowestMs) {
    t.slowestMs = elapsedMs;
    t.slowestCase = { index: t.cases - 1, description: describe().slice(0, 200) };
  }
  if (elapsedMs > CASE_LIMIT_MS) {
    throw new CaseTimeoutError(`case took ${Math.round(elapsedMs)} ms, over the ${CASE_LIMIT_MS} ms limit\n  case: ${describe()}`);
  }
  if ('value' in outcome) {
    check?.(outcome.value);
    t.ok++;
    return;
  }
  const { error } = outcome;
  if (error instanceof CaseTimeoutError) throw new CaseTimeoutError(`${error.message}\n  case: ${describe()}`);
  const cls = classify(error);
  if (cls === undefined) {
    const e = error as Error;
    throw new Error(`untyped error ${e?.name ?? typeof error}: ${e?.message ?? String(error)}\n  case: ${describe()}\n${e?.stack ?? ''}`);
  }
  t.typed[cls] = (t.typed[cls] ?? 0) + 1;
}

/**
 * One synchronous case under the watchdog: `fn` returns (then `check` must hold for its result) or
 * throws an error `classify` names. An untyped error, a failed check, or a case past the limit
 * fails the property, naming the case.
 */
export function runCase<T>(t: Tally, describe: () => string, classify: Classify, fn: () => T, check?: (result: T) => void): void {
  t.cases++;
  const start = performance.now();
  let outcome: { value: T } | { error: unknown };
  try {
    outcome = { value: withWatchdog(CASE_LIMIT_MS, fn) };
  } catch (error) {
    outcome = { error };
  }
  settle(t, describe, classify, performance.now() - start, outcome, check);
}

/**
 * One asynchronous case: as `runCase`, the limit enforced by a timer (a case that never settles
 * fails at the limit) and by the time measured (a case whose synchronous work kept the timer from
 * firing fails when it ends).
 */
export async function runAsyncCase<T>(
  t: Tally,
  describe: () => string,
  classify: Classify,
  fn: () => Promise<T>,
  check?: (result: T) => void,
): Promise<void> {
  t.cases++;
  const start = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CaseTimeoutError(`a case did not settle within ${CASE_LIMIT_MS} ms (hang)`)), CASE_LIMIT_MS);
  });
  let outcome: { value: T } | { error: unknown };
  try {
    outcome = { value: await Promise.race([fn(), limit]) };
  } catch (error) {
    outcome = { error };
  } finally {
    clearTimeout(timer);
  }
  settle(t, describe, classify, performance.now() - start, outcome, check);
}

/** The counts of a finished property, as docs/reliability.md quotes them. */
export function summary(t: Tally): {
  name: string;
  cases: number;
  ok: number;
  typedErrors: number;
  byClass: Record<string, number>;
  untyped: 0;
  crashes: 0;
  hangs: 0;
  slowestMs: number;
} {
  const typedErrors = Object.values(t.typed).reduce((a, b) => a + b, 0);
  return {
    name: t.name,
    cases: t.cases,
    ok: t.ok,
    typedErrors,
    byClass: { ...t.typed },
    // A property that got here had none: any one of them fails it first.
    untyped: 0,
    crashes: 0,
    hangs: 0,
    slowestMs: Math.round(t.slowestMs),
  };
}

/**
 * Records a finished property's counts: with TF_PROPERTY_REPORT set to a file, one JSON line per
 * property; always a console line (held by the test setup, shown on failure).
 */
export function report(t: Tally): void {
  const line = JSON.stringify(summary(t));
  const file = process.env['TF_PROPERTY_REPORT'];
  if (file) appendFileSync(file, `${line}\n`);
  console.log(line, t.slowestCase ? `slowest: case ${t.slowestCase.index}: ${t.slowestCase.description}` : '');
}
