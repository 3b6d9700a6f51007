// Random command lines through the commander program of `tf` (createProgram), parse only: the
// actions are stubs that check the flags they are handed and run the same validation as the real
// command (resolveTrainOptions), nothing trains. Every case is a parse whose flags are in range,
// or a CommanderError (with its exit code) or a CliError (with its exit code); never another
// exception, never a hang (tools/property-harness.ts).
import { CommanderError } from 'commander';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Classify, params, report, runCase, tally } from '../../../../tools/property-harness.js';
import { DEVICES, OPTIMIZERS, resolveTrainOptions } from '../../src/commands/train-mnist.js';
import { CliError } from '../../src/errors.js';
import { createProgram, MAX_INT_FLAG, type ProgramActions } from '../../src/program.js';
import { Capture } from '../helpers.js';

const classify: Classify = (error) => {
  if (error instanceof CommanderError && (error.exitCode === 0 || error.exitCode === 1) && typeof error.code === 'string') {
    return `CommanderError(${error.exitCode})`;
  }
  if (error instanceof CliError && Number.isInteger(error.exitCode) && error.exitCode > 0) return 'CliError';
  return undefined;
};

const COMMANDS: readonly string[][] = [
  ['train', 'mnist'],
  ['train', 'mnist'],
  ['train', 'mnist'],
  ['train'],
  ['train', 'cifar'],
  ['inspect', 'model.pb'],
  ['inspect'],
  ['run', 'model.pb'],
  ['run'],
  ['repl'],
  ['help'],
  ['help', 'train'],
  ['help', 'nothing'],
  [],
  ['trian'],
];

/** The flags of every command, and a few that exist nowhere. */
const FLAGS = [
  '--epochs',
  '--batch-size',
  '--learning-rate',
  '--hidden',
  '--optimizer',
  '--data',
  '--seed',
  '--device',
  '--max-steps-per-epoch',
  '--json',
  '-q',
  '--quiet',
  '--profile',
  '--export',
  '--save',
  '--restore',
  '--verbose',
  '--tensor',
  '--all-tensors',
  '--input',
  '--output',
  '--signature',
  '--tags',
  '--out',
  '--epoch',
  '--unknown-flag',
  '-x',
  '-',
] as const;
/** Flags that end parsing at once (help, version, end of options): rarer, or they would dominate. */
const RARE_FLAGS = ['-h', '--help', '-V', '--version', '--'] as const;

/** Values that break parsers: edges of the integer range, numeric-looking strings, unicode, empties. */
const value: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '0',
    '1',
    '7',
    '100',
    '-1',
    '-0',
    '007',
    '1.5',
    '0.001',
    '1e3',
    '1e309',
    '0x10',
    ' 5 ',
    '',
    ' ',
    'NaN',
    'Infinity',
    '-Infinity',
    String(MAX_INT_FLAG),
    String(MAX_INT_FLAG + 1),
    '4294967306',
    String(2 ** 53),
    String(2 ** 53 + 2),
    '9'.repeat(400),
    'sgd',
    'adam',
    'momentum',
    'lbfgs',
    'cpu',
    'webgpu',
    'tpu',
    '/tmp/data',
    'x:0=[[1,2]]',
    'x=1',
    '=',
    '--json',
    '__proto__',
    'constructor',
  ),
  fc.integer().map(String),
  fc.double().map(String),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);

/** Values a flag of `tf train mnist` takes, valid and not, so that many lines get as far as the action. */
const plausible: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 1, max: 500 }).map(String),
  fc.constantFrom('0.1', '0.001', '3', '50', 'sgd', 'adam', 'rmsprop', 'cpu', '/tmp/ckpt', ''),
);

/** The flags each command has (the rest of FLAGS are unknown to it). */
const OWN_FLAGS: Readonly<Record<string, readonly string[]>> = {
  train: FLAGS.slice(0, 17),
  inspect: ['--json', '--tensor', '--all-tensors', '--verbose'],
  run: ['--input', '--output', '--signature', '--tags', '--device', '--out', '--json', '--verbose'],
};

/** A flag with a value, alone, as --flag=value, a stray value, or a rare flag; mostly the command's own. */
function token(own: readonly string[]): fc.Arbitrary<string[]> {
  const flag = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...own) }, { weight: 1, arbitrary: fc.constantFrom(...FLAGS) });
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(flag, fc.oneof(value, plausible)).map(([f, v]) => [f, v]) },
    { weight: 3, arbitrary: flag.map((f) => [f]) },
    { weight: 1, arbitrary: fc.tuple(flag, value).map(([f, v]) => [`${f}=${v}`]) },
    { weight: 1, arbitrary: value.map((v) => [v]) },
    { weight: 1, arbitrary: fc.constantFrom(...RARE_FLAGS).map((f) => [f]) },
  );
}

const argv: fc.Arbitrary<string[]> = fc
  .constantFrom(...COMMANDS)
  .chain((command) =>
    fc.array(token(OWN_FLAGS[command[0] ?? ''] ?? FLAGS), { maxLength: 6 }).map((tokens) => [...command, ...tokens.flat()]),
  );

const RUNS = 3000;

/** Stub actions: the flags they get must be what the option parsers promise; then the real validation runs. */
function stubs(outcome: { error?: unknown; ran?: string }): ProgramActions {
  const positiveInt = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 && v <= MAX_INT_FLAG;
  return {
    trainMnist(flags) {
      outcome.ran = 'train mnist';
      expect(positiveInt(flags.epochs), `--epochs ${flags.epochs}`).toBe(true);
      expect(positiveInt(flags.batchSize), `--batch-size ${flags.batchSize}`).toBe(true);
      expect(positiveInt(flags.hidden), `--hidden ${flags.hidden}`).toBe(true);
      if (flags.maxStepsPerEpoch !== undefined) expect(positiveInt(flags.maxStepsPerEpoch)).toBe(true);
      expect(Number.isFinite(flags.learningRate) && flags.learningRate > 0, `--learning-rate ${flags.learningRate}`).toBe(true);
      expect(Number.isSafeInteger(flags.seed) && flags.seed >= 0, `--seed ${flags.seed}`).toBe(true);
      expect(OPTIMIZERS).toContain(flags.optimizer);
      expect(DEVICES).toContain(flags.device);
      try {
        resolveTrainOptions(flags);
      } catch (error) {
        outcome.error = error;
      }
    },
    repl() {
      outcome.ran = 'repl';
    },
    inspect(file, flags) {
      outcome.ran = 'inspect';
      expect(typeof file).toBe('string');
      expect(typeof flags.json).toBe('boolean');
    },
    run(file, flags) {
      outcome.ran = 'run';
      expect(typeof file).toBe('string');
      expect(flags.input.every((s) => typeof s === 'string')).toBe(true);
      expect(flags.output.every((s) => typeof s === 'string')).toBe(true);
      expect(DEVICES).toContain(flags.device);
    },
  };
}

describe('tf command lines', () => {
  it(`${RUNS} random command lines: a parse with flags in range, or CommanderError / CliError with an exit code`, () => {
    const t = tally('cli: createProgram().parse(random argv)');
    const ran: Record<string, number> = {};
    fc.assert(
      fc.property(argv, (args) => {
        runCase(
          t,
          () => JSON.stringify(args),
          classify,
          () => {
            const outcome: { error?: unknown; ran?: string } = {};
            const io = { stdout: new Capture(), stderr: new Capture() };
            // parse, not parseAsync: the stubs run synchronously inside it (the actions call them
            // before their first await), so the watchdog covers the whole case.
            createProgram(stubs(outcome), io).parse(args, { from: 'user' });
            if (outcome.error !== undefined) throw outcome.error;
            if (outcome.ran) ran[outcome.ran] = (ran[outcome.ran] ?? 0) + 1;
            return outcome;
          },
        );
      }),
      params(RUNS),
    );
    report(t);
    console.log(JSON.stringify({ parsedInto: ran }));
    expect(t.ok).toBeGreaterThan(0);
    expect(t.typed['CommanderError(1)']).toBeGreaterThan(0);
    expect(t.typed['CliError']).toBeGreaterThan(0);
    expect(ran['train mnist']).toBeGreaterThan(0);
  });
});
