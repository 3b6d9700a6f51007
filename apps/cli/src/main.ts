/** Entry point of the `tf` command (bin/tf.js calls `main(process.argv)`). */
import { CommanderError } from 'commander';
import { DatasetError } from '@tf/datasets';
import { OpError, RuntimeError, ValueError } from '@tf/graph';
import { CliError } from './errors.js';
import { createProgram, type ProgramActions, type ProgramIO } from './program.js';

/** Errors whose message is the whole story; anything else is a bug and gets its stack printed. */
function isUserFacing(error: unknown): error is Error {
  return (
    error instanceof CliError ||
    error instanceof DatasetError ||
    error instanceof OpError ||
    error instanceof ValueError ||
    error instanceof RuntimeError
  );
}

/**
 * Parses `argv` (node-style: `[node, script, ...args]`), runs the command and resolves to the
 * exit code: 0 on success (and for --help / --version), commander's code for usage errors
 * (already printed), 1 for failures, whose message goes to stderr.
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
    if (isUserFacing(error)) {
      io.stderr.write(`error: ${error.message}\n`);
      return error instanceof CliError ? error.exitCode : 1;
    }
    io.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
