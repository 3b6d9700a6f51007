// Every package's vitest setup file (see vitest.shared.ts): the test log stays quiet unless
// something fails.
// - `console.log`/`info`/`debug` inside a test are held back and printed only when the test fails.
// - `console.warn`/`console.error` inside a test fail it, with the messages: a test that expects a
//   warning (soft placement, a deprecation) captures and asserts it with
//   `vi.spyOn(console, 'warn').mockImplementation(() => {})`, which takes the place of this
//   check until the spy is restored (the shared config restores mocks after each test).
// Output outside tests (collection, hooks) passes through unchanged.
import { format } from 'node:util';
import { afterEach, beforeEach } from 'vitest';

type Method = 'log' | 'info' | 'debug' | 'warn' | 'error';
const HELD: readonly Method[] = ['log', 'info', 'debug'];
const FAILING: readonly Method[] = ['warn', 'error'];

interface Entry {
  readonly method: Method;
  readonly text: string;
}

const original = Object.fromEntries([...HELD, ...FAILING].map((m) => [m, console[m].bind(console)])) as Record<
  Method,
  (...args: unknown[]) => void
>;
let current: Entry[] | undefined;

for (const method of [...HELD, ...FAILING]) {
  console[method] = (...args: unknown[]) => {
    if (current) current.push({ method, text: format(...args) });
    else original[method](...args);
  };
}

beforeEach(() => {
  current = [];
});

afterEach((context) => {
  const entries = current ?? [];
  current = undefined;
  const failed = context.task.result?.state === 'fail';
  if (failed) for (const { method, text } of entries) original[method](text);
  const unexpected = entries.filter((e) => FAILING.includes(e.method));
  if (unexpected.length > 0 && !failed) {
    throw new Error(
      `unexpected console.${unexpected[0]!.method} in this test (capture and assert expected ones with ` +
        `vi.spyOn(console, '${unexpected[0]!.method}')):\n${unexpected.map((e) => `  console.${e.method}: ${e.text}`).join('\n')}`,
    );
  }
});
