/**
 * An error meant for the person at the terminal: `main` prints its message (no stack trace) and
 * exits with `exitCode`. Thrown for bad option values and unavailable features.
 */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
