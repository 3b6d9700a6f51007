/** Entry point of the `tf` command (bin/tf.js calls `main(process.argv)`). */
import { CommanderError } from 'commander';
import { DatasetError } from '@tf/datasets';
import { KeyError, LookupError, OpError, RuntimeError, ValueError } from '@tf/graph';
import { CliError } from './errors.js';
import { InterruptedError } from './interrupt.js';
import { createProgram, type ProgramActions, type ProgramIO } from './program.js';

/** Errors whose message is the whole story; others are printed with their class name too. */
function isUserFacing(error: unknown): error is Error {
  return (
    error instanceof CliError ||
    error instanceof DatasetError ||
    error instanceof OpError ||
    error instanceof ValueError ||
    error instanceof KeyError ||
    error instanceof LookupError ||
    error instanceof RuntimeError
  );
}

/**
 * Parses `argv` (node-style: `[node, script, ...args]`), runs the command and resolves to the
 * exit code: 0 on success (and for --help / --version), commander's code for usage errors
 * (already printed), 130 / 143 when SIGINT / SIGTERM stopped the command, 1 for every other
 * failure. A failure is one line on stderr (`error: <message>`), without a stack trace unless
 * `--verbose` was given; an error that is not one of @tf's typed errors also names its class.
 */
export async function main(
  argv: readonly string[] = process.argv,
  io: ProgramIO = { stdout: process.stdout, stderr: process.stderr },
  actions?: Partial<ProgramActions>,
): Promise<number> {
  const program = createProgram(actions, io);
  // `tf train mnist --json | head -1`: a reader that goes away is not an error worth a stack trace.
  if (io.stdout === process.stdout) {
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(0);
    });
  }
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    // Options parse before the action runs, so --verbose is known when the action fails.
    const verbose = program.opts<{ verbose?: boolean }>().verbose === true;
    io.stderr.write(formatError(error, verbose));
    return error instanceof CliError ? error.exitCode : 1;
  }
}

/**
 * The lines `main` prints for a failure: `error: <message>` (an `InterruptedError`: `tf:
 * interrupted by SIGINT`), and with `verbose` the stack and the chain of causes.
 */
export function formatError(error: unknown, verbose: boolean): string {
  if (error instanceof InterruptedError) return `tf: ${error.message}\n`;
  const message = error instanceof Error ? error.message : String(error);
  if (verbose) return `error: ${describeVerbose(error)}\n`;
  if (isUserFacing(error)) return `error: ${message}\n`;
  const name = error instanceof Error ? error.name : typeof error;
  return `error: ${name}: ${message} (--verbose prints the stack trace)\n`;
}

function describeVerbose(error: unknown, depth = 0): string {
  if (!(error instanceof Error)) return String(error);
  const text = error.stack ?? `${error.name}: ${error.message}`;
  // A stack starts with "Name: message"; some errors' stacks omit a message set later.
  const withMessage = text.includes(error.message) ? text : `${error.name}: ${error.message}\n${text}`;
  if (error.cause === undefined || depth >= 5) return withMessage;
  return `${withMessage}\ncaused by: ${describeVerbose(error.cause, depth + 1)}`;
}

/**
 * What bin/tf.js runs: `main`, its code as the exit code, and an error that escapes every
 * `await` (a stray rejection, a throwing event handler) printed the same way as `main` prints
 * one, exiting 1, instead of Node's stack dump.
 */
export async function runCli(argv: readonly string[] = process.argv): Promise<void> {
  const verbose = argv.slice(2).includes('--verbose');
  const fatal = (error: unknown) => {
    process.stderr.write(formatError(error, verbose));
    process.exit(1);
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  process.exitCode = await main(argv);
}
