/**
 * Ctrl-C and `kill` during a long command (`tf train mnist`): the terminal is put back at once
 * (the progress bar turns autowrap off with `ESC[?7l` while it draws), the work stops at its next
 * step boundary (a checkpoint being written is finished, the session closed), and the command
 * exits with the shell's code for the signal: 130 for SIGINT, 143 for SIGTERM. A second signal, or
 * work that has not stopped within the grace period, exits at once with the same code.
 */
import { CliError } from './errors.js';

/** 128 + the signal's number, what a shell reports for a process the signal ended. */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
export type HandledSignal = keyof typeof SIGNAL_EXIT_CODES;

/** The work was stopped by a signal; `main` prints one line and exits with `exitCode` (130 or 143). */
export class InterruptedError extends CliError {
  readonly signal: HandledSignal;
  constructor(signal: HandledSignal) {
    super(`interrupted by ${signal}`, SIGNAL_EXIT_CODES[signal]);
    this.name = 'InterruptedError';
    this.signal = signal;
  }
}

/**
 * What puts a terminal back after a progress bar: autowrap on (DECAWM, `ESC[?7h`) and the cursor
 * shown (`ESC[?25h`). Both are no-ops on a terminal already in that state.
 */
export const TERMINAL_RESET = '\u001b[?7h\u001b[?25h';

export interface TerminalStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** Writes `TERMINAL_RESET` to `stream` when it is a terminal (never escapes into a file or a pipe). */
export function restoreTerminal(stream: TerminalStream): void {
  if (stream.isTTY === true) stream.write(TERMINAL_RESET);
}

/** The part of `process` signal handling uses (tests pass a fake). */
export interface SignalSource {
  on(event: HandledSignal, listener: () => void): unknown;
  off(event: HandledSignal, listener: () => void): unknown;
  exit(code: number): never | void;
}

export interface InterruptOptions {
  /** Called at once, synchronously, at the first signal and before a forced exit: stop the progress bar. */
  cleanup?: () => void;
  /** The terminal to restore and to say a forced exit on. */
  stderr: TerminalStream;
  /** Default: `process`. */
  signals?: SignalSource;
  /** How long the work has to stop after the first signal before the process exits anyway. Default 10,000 ms. */
  graceMs?: number;
}

/**
 * Runs `work` with SIGINT and SIGTERM handled: the first signal restores the terminal and aborts
 * `work`'s signal (whose `reason` is an `InterruptedError`), and `withInterrupts` rejects with that
 * error once `work` has settled — whatever `work` did, since the person asked it to stop. The
 * handlers are removed when it settles, so signals outside it keep their default action.
 */
export async function withInterrupts<T>(options: InterruptOptions, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const signals = options.signals ?? (process as unknown as SignalSource);
  const controller = new AbortController();
  let received: HandledSignal | undefined;
  let grace: ReturnType<typeof setTimeout> | undefined;
  const putBack = () => {
    try {
      options.cleanup?.();
    } finally {
      restoreTerminal(options.stderr);
    }
  };
  const leaveNow = (signal: HandledSignal, why: string) => {
    putBack();
    options.stderr.write(`tf: ${why}; exiting (${signal})\n`);
    signals.exit(SIGNAL_EXIT_CODES[signal]);
  };
  const onSignal = (signal: HandledSignal) => {
    if (received !== undefined) return leaveNow(signal, `${signal} again`);
    received = signal;
    putBack();
    controller.abort(new InterruptedError(signal));
    const graceMs = options.graceMs ?? 10_000;
    grace = setTimeout(() => leaveNow(signal, `still running ${graceMs} ms after ${signal}`), graceMs);
    // The grace period must not keep a process alive that has nothing else left to do.
    (grace as { unref?: () => void }).unref?.();
  };
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  signals.on('SIGINT', onInt);
  signals.on('SIGTERM', onTerm);
  try {
    const result = await work(controller.signal);
    if (received !== undefined) throw controller.signal.reason;
    return result;
  } catch (error) {
    // An interrupted run may fail on its way out in other ways; the interruption is the story.
    if (received !== undefined) throw controller.signal.reason;
    throw error;
  } finally {
    clearTimeout(grace);
    signals.off('SIGINT', onInt);
    signals.off('SIGTERM', onTerm);
  }
}
