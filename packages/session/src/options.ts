import { Graph, InvalidArgumentError, ValueError, type RunOptions } from '@tf/graph';
import { MAX_ELEMENTS_PER_TENSOR, checkOptions, makeBool, pyTypeName, repr } from '@tf/graph/backend';
import type { RunMetadata } from './run-metadata.js';
import type { SessionOptions } from './session.js';

// The session's part of the validation layer (docs/reliability.md): `new Session(options)` and the
// `options` / `runMetadata` arguments of `run`, checked with TF's classes before anything starts.
// A wrong kind of value is a TypeError, a value out of range a ValueError, an unknown device an
// InvalidArgumentError (TF's class for a device it cannot place on).

/** Every field of `SessionOptions`: any other is refused (TF: `ConfigProto has no "x" field`), so a typo is not ignored. */
const KNOWN_OPTIONS: readonly (keyof SessionOptions)[] = [
  'graph',
  'backend',
  'device',
  'logDevicePlacement',
  'maxElementsPerTensor',
  'fuseOps',
  'foldConstants',
  'planCacheSize',
  'cpuPoolBytes',
];

const DEVICES: readonly string[] = ['cpu', 'webgpu'];

/** Checks `new Session(options)`'s argument; returns it (an empty object when absent). */
export function checkSessionOptions(options: SessionOptions | undefined): SessionOptions {
  const opts = checkOptions(options, 'Session');
  for (const key of Object.keys(opts)) {
    if (!(KNOWN_OPTIONS as readonly string[]).includes(key)) {
      throw new ValueError(`Session options have no '${key}' field; the fields are ${KNOWN_OPTIONS.join(', ')}`);
    }
  }
  const { graph, backend, device, maxElementsPerTensor } = opts;
  if (graph !== undefined && !(graph instanceof Graph)) {
    throw new TypeError(`graph must be a tf.Graph, but got ${Object.prototype.toString.call(graph)}`);
  }
  if (backend !== undefined && (backend === null || typeof backend !== 'object' || typeof backend.name !== 'string')) {
    throw new TypeError(`backend must be a Backend (an object with a name), but got ${repr(backend)} of type '${pyTypeName(backend)}'`);
  }
  if (device !== undefined) {
    if (typeof device !== 'string') throw new TypeError(`Expected string for argument 'device' not ${repr(device)}.`);
    if (!DEVICES.includes(device)) {
      throw new InvalidArgumentError(`Unknown device '${device}': the devices are ${DEVICES.map((d) => `'${d}'`).join(' and ')}`);
    }
  }
  if (opts.logDevicePlacement !== undefined) makeBool(opts.logDevicePlacement, 'logDevicePlacement');
  if (opts.fuseOps !== undefined) makeBool(opts.fuseOps, 'fuseOps');
  if (opts.foldConstants !== undefined) makeBool(opts.foldConstants, 'foldConstants');
  if (maxElementsPerTensor !== undefined) {
    if (typeof maxElementsPerTensor !== 'number') {
      throw new TypeError(`Expected int for argument 'maxElementsPerTensor' not ${repr(maxElementsPerTensor)}.`);
    }
    if (!Number.isInteger(maxElementsPerTensor) || maxElementsPerTensor < 1 || maxElementsPerTensor > MAX_ELEMENTS_PER_TENSOR) {
      throw new ValueError(
        `maxElementsPerTensor must be a positive integer of at most ${MAX_ELEMENTS_PER_TENSOR} (int32 indexing), but got ${repr(maxElementsPerTensor)}`,
      );
    }
  }
  for (const key of ['planCacheSize', 'cpuPoolBytes'] as const) {
    const value = opts[key];
    if (value !== undefined && typeof value !== 'number')
      throw new TypeError(`Expected a number for argument '${key}' not ${repr(value)}.`);
  }
  return opts;
}

const TRACE_LEVELS: readonly string[] = ['NO_TRACE', 'SOFTWARE_TRACE', 'HARDWARE_TRACE', 'FULL_TRACE', 'none', 'full'];

/** Checks `run`'s `options` (TF's `RunOptions`) and `runMetadata` arguments. */
export function checkRunOptions(options: RunOptions | undefined, runMetadata: RunMetadata | undefined): void {
  const opts = checkOptions(options, 'run');
  const level = opts.traceLevel;
  if (level !== undefined) {
    if (typeof level !== 'string') throw new TypeError(`Expected string for argument 'traceLevel' not ${repr(level)}.`);
    if (!TRACE_LEVELS.includes(level)) {
      throw new ValueError(`Unknown trace level '${level}': the levels are ${TRACE_LEVELS.join(', ')}`);
    }
  }
  if (runMetadata !== undefined && (runMetadata === null || typeof runMetadata !== 'object')) {
    throw new TypeError(`runMetadata must be a RunMetadata object, but got ${repr(runMetadata)} of type '${pyTypeName(runMetadata)}'`);
  }
}
