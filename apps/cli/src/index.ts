// @tf/cli as a library: the pieces behind the `tf` command, for tests and embedding.
export { main } from './main.js';
export { createProgram, defaultActions, type ProgramActions, type ProgramIO, type TrainMnistFlags } from './program.js';
export * from './commands/train-mnist.js';
export { createReporter, formatEpoch, epochJson, type ReporterOptions } from './commands/reporters.js';
export { startRepl, installInspect, banner, type ReplOptions, type ReplHandle } from './commands/repl.js';
export { CliError } from './errors.js';
export { formatProfile, profileStep, type OpProfileRow, type StepProfile } from './commands/profile.js';
