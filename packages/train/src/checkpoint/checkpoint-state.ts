// The `checkpoint` file of a checkpoint directory: TF's CheckpointState proto in text format,
// naming the latest checkpoint and the ones kept (TF's checkpoint_management.py).
import { defaultFileStore } from '#default-store';
import { DataLossError, InvalidArgumentError, ValueError } from '@tf/graph';
import { type FileStore, joinPath } from '../storage/file-store.js';
import { indexFileName } from './bundle-files.js';
import { pythonFloat, quoteString, type Token, tokenize } from './text-format.js';

export interface CheckpointState {
  modelCheckpointPath: string;
  allModelCheckpointPaths: string[];
  /** Seconds since the epoch (Python's time.time()), one per path, when the writer recorded them. */
  allModelCheckpointTimestamps?: number[];
  lastPreservedTimestamp?: number;
}

/** The state file's name in its directory (TF's default `latest_filename`; every function here takes another as its last argument). */
export const CHECKPOINT_STATE_FILE = 'checkpoint';

/** Absolute paths (`/…`, `C:\…`, `gs://…`) are written and read as they are; others are relative to the directory. */
function isAbsolute(path: string): boolean {
  return /^(\/|[A-Za-z]:[\\/]|[A-Za-z][A-Za-z0-9+.-]*:\/\/)/.test(path);
}

/**
 * TF's get_checkpoint_state: the parsed `dir/checkpoint`, `undefined` when there is none. As in
 * TF, relative paths come back joined with `dir`, so they can be opened as they are (and passed
 * back to writeCheckpointState, which makes them relative again). A file that does not parse, or
 * names no model_checkpoint_path, is a DataLossError (TF logs a warning and returns None for the
 * first, and raises ValueError for the second).
 */
export async function readCheckpointState(
  store: FileStore,
  dir: string,
  latestFilename = CHECKPOINT_STATE_FILE,
): Promise<CheckpointState | undefined> {
  const path = joinPath(dir, latestFilename);
  if (!(await store.exists(path))) return undefined;
  const state = parseCheckpointState(new TextDecoder().decode(await store.readFile(path)), path);
  if (!state.modelCheckpointPath)
    throw new DataLossError(`Invalid checkpoint state loaded from ${dir}: ${path} names no model_checkpoint_path`);
  const resolve = (p: string) => (isAbsolute(p) ? p : joinPath(dir, p));
  state.modelCheckpointPath = resolve(state.modelCheckpointPath);
  state.allModelCheckpointPaths = state.allModelCheckpointPaths.map(resolve);
  return state;
}

/**
 * TF's update_checkpoint_state (with save_relative_paths): replaces `dir/checkpoint` atomically.
 * Paths inside `dir` are written relative to it; absolute paths stay absolute. As in TF,
 * modelCheckpointPath is appended to allModelCheckpointPaths when it is not already the last one.
 */
export async function writeCheckpointState(
  store: FileStore,
  dir: string,
  state: CheckpointState,
  latestFilename = CHECKPOINT_STATE_FILE,
): Promise<void> {
  const path = joinPath(dir, latestFilename);
  const relative = (p: string): string => {
    if (isAbsolute(p)) return p;
    if (dir === '' || dir === '.') return p;
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    if (p.startsWith(prefix)) return p.slice(prefix.length);
    throw new InvalidArgumentError(`Checkpoint path ${p} is neither absolute nor inside the checkpoint directory ${dir}`);
  };
  if (!state.modelCheckpointPath) throw new InvalidArgumentError('A checkpoint state needs a modelCheckpointPath');
  if (state.modelCheckpointPath === path) {
    throw new InvalidArgumentError(
      `Save path '${state.modelCheckpointPath}' conflicts with path used for checkpoint state. Please use a different save path.`,
    );
  }
  const paths = [...state.allModelCheckpointPaths];
  if (paths[paths.length - 1] !== state.modelCheckpointPath) paths.push(state.modelCheckpointPath);
  const timestamps = state.allModelCheckpointTimestamps ?? [];
  if (timestamps.length > 0 && timestamps.length !== paths.length) {
    throw new ValueError(
      `Checkpoint timestamps, if provided, must match checkpoint paths (got paths [${paths.join(', ')}] and timestamps [${timestamps.join(', ')}])`,
    );
  }
  const lines = [`model_checkpoint_path: ${quoteString(relative(state.modelCheckpointPath))}`];
  for (const p of paths) lines.push(`all_model_checkpoint_paths: ${quoteString(relative(p))}`);
  for (const t of timestamps) lines.push(`all_model_checkpoint_timestamps: ${pythonFloat(t)}`);
  // proto3: a zero double is not printed.
  if (state.lastPreservedTimestamp) lines.push(`last_preserved_timestamp: ${pythonFloat(state.lastPreservedTimestamp)}`);
  await store.writeFile(path, new TextEncoder().encode(`${lines.join('\n')}\n`));
}

/**
 * TF's tf.train.latest_checkpoint: the model_checkpoint_path of `dir/checkpoint` (joined with
 * `dir` when relative) if its `.index` exists, else `undefined`. V1 checkpoints do not count.
 */
export async function latestCheckpoint(
  dir: string,
  store: FileStore = defaultFileStore(),
  latestFilename = CHECKPOINT_STATE_FILE,
): Promise<string | undefined> {
  const state = await readCheckpointState(store, dir, latestFilename);
  if (!state) return undefined;
  return (await store.exists(indexFileName(state.modelCheckpointPath))) ? state.modelCheckpointPath : undefined;
}

/** The fields of a CheckpointState in text format, as written (paths not resolved). */
export function parseCheckpointState(text: string, file: string): CheckpointState {
  const tokens = tokenize(text, file);
  const state: CheckpointState = { modelCheckpointPath: '', allModelCheckpointPaths: [] };
  const timestamps: number[] = [];
  let i = 0;
  const fail = (what: string, at = tokens[i]): never => {
    throw new DataLossError(`${file}:${at?.line ?? 'end'}: ${what}`);
  };
  const next = (): Token => tokens[i++] ?? fail('unexpected end of file');
  const isPunct = (t: Token | undefined, p: string) => t?.kind === 'punct' && t.text === p;
  // A scalar field's values: `name: v`, or the list form `name: [v, v]`.
  const values = <K extends Token['kind']>(field: string, kind: K): Extract<Token, { kind: K }>[] => {
    if (!isPunct(next(), ':')) fail(`expected ':' after ${field}`, tokens[i - 1]);
    const one = () => {
      const t = next();
      return t.kind === kind ? (t as Extract<Token, { kind: K }>) : fail(`${field} wants a ${kind}`, t);
    };
    if (!isPunct(tokens[i], '[')) return [one()];
    i++;
    const out: Extract<Token, { kind: K }>[] = [];
    while (!isPunct(tokens[i], ']')) {
      out.push(one());
      if (isPunct(tokens[i], ',')) i++;
      else if (!isPunct(tokens[i], ']')) fail("expected ',' or ']'");
    }
    i++;
    return out;
  };
  while (i < tokens.length) {
    const name = next();
    if (name.kind !== 'name') fail('expected a field name', name);
    const field = (name as { text: string }).text;
    switch (field) {
      case 'model_checkpoint_path': {
        const v = values(field, 'string');
        if (v.length !== 1) fail('model_checkpoint_path is not repeated', name);
        state.modelCheckpointPath = v[0]!.value;
        break;
      }
      case 'all_model_checkpoint_paths':
        for (const v of values(field, 'string')) state.allModelCheckpointPaths.push(v.value);
        break;
      case 'all_model_checkpoint_timestamps':
        for (const v of values(field, 'number')) timestamps.push(v.value);
        break;
      case 'last_preserved_timestamp': {
        const v = values(field, 'number');
        if (v.length !== 1) fail('last_preserved_timestamp is not repeated', name);
        state.lastPreservedTimestamp = v[0]!.value;
        break;
      }
      default:
        fail(`CheckpointState has no field named ${field}`, name);
    }
    if (isPunct(tokens[i], ',') || isPunct(tokens[i], ';')) i++;
  }
  if (timestamps.length > 0) state.allModelCheckpointTimestamps = timestamps;
  return state;
}
