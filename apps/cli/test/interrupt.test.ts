// Signals and errors in-process: withInterrupts with a fake signal source, the progress bar's
// teardown, trainMnist stopping at a step boundary, and how main prints a failure.
import { EventEmitter } from 'node:events';
import { DatasetPathError } from '@tf/datasets';
import { InvalidArgumentError } from '@tf/graph';
import { describe, expect, it, vi } from 'vitest';
import { trainMnist } from '../src/commands/train-mnist.js';
import { createReporter } from '../src/commands/reporters.js';
import { CliError } from '../src/errors.js';
import { InterruptedError, restoreTerminal, SIGNAL_EXIT_CODES, TERMINAL_RESET, withInterrupts } from '../src/interrupt.js';
import { formatError, main } from '../src/main.js';
import { Capture } from './helpers.js';

const ESC = '\u001b';

/** A stand-in for `process`: emits signals on demand, records exit codes. */
function fakeSignals() {
  const emitter = new EventEmitter();
  const exits: number[] = [];
  return {
    on: (event: string, listener: () => void) => emitter.on(event, listener),
    off: (event: string, listener: () => void) => emitter.off(event, listener),
    exit: (code: number) => {
      exits.push(code);
    },
    send: (signal: 'SIGINT' | 'SIGTERM') => emitter.emit(signal),
    listeners: () => emitter.listenerCount('SIGINT') + emitter.listenerCount('SIGTERM'),
    exits,
  };
}

/** A promise and its resolve. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('withInterrupts', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal}: restores the terminal at once, aborts the work, rejects with exit code ${SIGNAL_EXIT_CODES[signal]}`, async () => {
      const signals = fakeSignals();
      const stderr = new Capture(true);
      const cleanup = vi.fn();
      const stopped = deferred();
      const result = withInterrupts({ stderr, cleanup, signals }, async (abort) => {
        abort.addEventListener('abort', () => stopped.resolve());
        signals.send(signal);
        // Synchronously: the bar is torn down and the terminal reset before the work even sees it.
        expect(cleanup).toHaveBeenCalledTimes(1);
        expect(stderr.text).toBe(TERMINAL_RESET);
        await stopped.promise;
        return 'finished anyway';
      });
      const error = await result.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InterruptedError);
      expect(error).toBeInstanceOf(CliError);
      expect(error).toMatchObject({ signal, exitCode: SIGNAL_EXIT_CODES[signal], message: `interrupted by ${signal}` });
      expect(signals.exits).toEqual([]);
      expect(signals.listeners()).toBe(0);
    });
  }

  it('a second signal exits at once with the code', async () => {
    const signals = fakeSignals();
    const stderr = new Capture(true);
    const cleanup = vi.fn();
    const left = deferred();
    const result = withInterrupts({ stderr, cleanup, signals }, async () => {
      signals.send('SIGINT');
      signals.send('SIGINT');
      left.resolve();
    });
    await left.promise;
    expect(signals.exits).toEqual([130]);
    expect(cleanup).toHaveBeenCalledTimes(2);
    expect(stderr.text).toBe(`${TERMINAL_RESET}${TERMINAL_RESET}tf: SIGINT again; exiting (SIGINT)\n`);
    await expect(result).rejects.toBeInstanceOf(InterruptedError);
  });

  it('work that does not stop within the grace period is left: exit with the code', async () => {
    const signals = fakeSignals();
    const stderr = new Capture(false);
    const exited = deferred();
    const exit = signals.exit;
    signals.exit = (code: number) => {
      exit(code);
      exited.resolve();
    };
    const result = withInterrupts({ stderr, signals, graceMs: 20 }, async () => {
      signals.send('SIGTERM');
      await exited.promise; // a step that ignores the signal
    });
    await expect(result).rejects.toMatchObject({ exitCode: 143 });
    expect(signals.exits).toEqual([143]);
    expect(stderr.text).toBe('tf: still running 20 ms after SIGTERM; exiting (SIGTERM)\n');
  });

  it('without a signal: the work’s result or error, handlers removed', async () => {
    const signals = fakeSignals();
    const stderr = new Capture(true);
    await expect(withInterrupts({ stderr, signals }, async () => 42)).resolves.toBe(42);
    await expect(
      withInterrupts({ stderr, signals }, async () => {
        throw new CliError('nope');
      }),
    ).rejects.toThrow('nope');
    expect(signals.listeners()).toBe(0);
    expect(stderr.text).toBe('');
  });

  it('restoreTerminal writes escapes to a terminal only', () => {
    const tty = new Capture(true);
    const file = new Capture(false);
    restoreTerminal(tty);
    restoreTerminal(file);
    expect(tty.text).toBe(`${ESC}[?7h${ESC}[?25h`);
    expect(file.text).toBe('');
  });
});

describe('the progress bar on a terminal', () => {
  it('abort() turns autowrap back on and clears the bar’s line', () => {
    const stderr = new Capture(true);
    const reporter = createReporter({ stdout: new Capture(), stderr });
    reporter.epochStart?.(1, 80);
    reporter.step?.({ epoch: 1, step: 1, steps: 80, globalStep: 1, loss: 2.3, meanLoss: 2.3, samplesPerSecond: 1000 });
    expect(stderr.text).toContain(`${ESC}[?7l`);
    reporter.abort?.(new InterruptedError('SIGINT'));
    const text = stderr.text;
    expect(text.lastIndexOf(`${ESC}[?7h`)).toBeGreaterThan(text.lastIndexOf(`${ESC}[?7l`));
    expect(text.endsWith(`${ESC}[1G${ESC}[2K`)).toBe(true); // back at column 1 of an empty line
    reporter.abort?.(undefined); // twice is harmless
    expect(stderr.text).toBe(text);
  });
});

describe('trainMnist({ signal })', () => {
  it('stops at the next step boundary and rejects with the signal’s reason', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const error = await trainMnist(
      { epochs: 3, hidden: 8, signal: controller.signal },
      {
        step: (p) => {
          seen.push(`step ${p.globalStep}`);
          if (p.globalStep === 2) controller.abort(new InterruptedError('SIGINT'));
        },
        epochEnd: () => seen.push('epoch end'),
        abort: () => seen.push('abort'),
        end: () => seen.push('end'),
      },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
    expect(seen).toEqual(['step 1', 'step 2', 'abort']);
  });

  it('an already-aborted signal stops it before anything runs', async () => {
    const reason = new InterruptedError('SIGTERM');
    const loading = vi.fn();
    await expect(trainMnist({ signal: AbortSignal.abort(reason) }, { loading })).rejects.toBe(reason);
    expect(loading).not.toHaveBeenCalled();
  });
});

describe('main: errors', () => {
  const io = () => ({ stdout: new Capture(), stderr: new Capture() });

  it('one line without a stack for @tf’s errors, the class name too for others; exit 1', async () => {
    const cases: [Error, string][] = [
      [new CliError('--save needs a directory'), 'error: --save needs a directory\n'],
      [new InvalidArgumentError('bad value'), 'error: bad value\n'],
      [
        new DatasetPathError('/x', 'not-a-directory', 'the data directory /x is a file, not a directory'),
        'error: the data directory /x is a file, not a directory\n',
      ],
      [new TypeError('x.join is not a function'), 'error: TypeError: x.join is not a function (--verbose prints the stack trace)\n'],
    ];
    for (const [error, line] of cases) {
      const out = io();
      const code = await main(['node', 'tf', 'train', 'mnist'], out, {
        trainMnist: () => {
          throw error;
        },
      });
      expect(code).toBe(1);
      expect(out.stderr.text).toBe(line);
    }
  });

  it('--verbose prints the stack and the causes', async () => {
    const out = io();
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const code = await main(['node', 'tf', 'train', 'mnist', '--verbose'], out, {
      trainMnist: () => {
        throw new CliError('download failed', 1);
      },
    });
    expect(code).toBe(1);
    expect(out.stderr.text).toMatch(/^error: CliError: download failed\n {4}at /);
    const chained = formatError(new Error('outer', { cause }), true);
    expect(chained).toMatch(/^error: Error: outer\n {4}at [\s\S]*\ncaused by: Error: connect ECONNREFUSED 127\.0\.0\.1:9\n {4}at /);
  });

  it('an interruption: one line, exit 130 / 143', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const out = io();
      const code = await main(['node', 'tf', 'train', 'mnist'], out, {
        trainMnist: () => {
          throw new InterruptedError(signal);
        },
      });
      expect(code).toBe(SIGNAL_EXIT_CODES[signal]);
      expect(out.stderr.text).toBe(`tf: interrupted by ${signal}\n`);
    }
  });
});
