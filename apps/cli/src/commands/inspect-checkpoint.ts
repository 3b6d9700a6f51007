/**
 * `tf inspect <checkpoint>`: TF's `inspect_checkpoint` / `tf.train.list_variables`. Every tensor
 * as `name (DT_FLOAT) [784,256]` (TF's `reader.debug_string()`), the checkpoints the directory's
 * state file keeps, and with `--tensor NAME` / `--all-tensors` the values (NumPy's print, big
 * tensors summarized and the left-out element count said).
 */
import { UnimplementedError, type NDArray } from '@tf/graph';
import * as train from '@tf/train';
import { nodeFileStore } from '@tf/train/node';
import { CliError } from '../errors.js';
import { formatValues, PRINT_THRESHOLD } from '../io/format-values.js';

export interface CheckpointTarget {
  readonly prefix: string;
  /**
   * The directory whose `checkpoint` state file is shown: the directory given, else the prefix's
   * own (when it has one); `null` for none.
   */
  readonly stateDir?: string | null;
}

export interface TensorValueOptions {
  readonly json: boolean;
  readonly tensor?: string;
  readonly allTensors?: boolean;
}

type Out = { write(s: string): unknown };

const dirOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) || '/' : '.');
const join = (dir: string, name: string) => (dir === '.' ? name : dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`);

/** TF's C++ shape text in `debug_string`: `[784,256]`, `[]` for a scalar. */
const shapeText = (shape: readonly number[]) => `[${shape.join(',')}]`;

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}

/** Up to `count` names closest to `name`: ones containing it (or contained in it) first, then by edit distance. */
export function closeNames(name: string, names: readonly string[], count = 5): string[] {
  const lower = name.toLowerCase();
  const score = (n: string) => {
    const l = n.toLowerCase();
    return (l.includes(lower) || lower.includes(l) ? 0 : 1000) + distance(lower, l);
  };
  return [...names].sort((a, b) => score(a) - score(b) || (a < b ? -1 : 1)).slice(0, count);
}

async function readTensor(prefix: string, name: string): Promise<NDArray | Error> {
  try {
    return await train.loadVariable(prefix, name);
  } catch (error) {
    if (error instanceof UnimplementedError) return error;
    throw error;
  }
}

/** One tensor's values for a person: `tensor_name:  W` then NumPy's print (as TF's tool prints them). */
function formatTensor(name: string, value: NDArray | Error): string {
  if (value instanceof Error) return `tensor_name:  ${name}\n<values not shown: ${value.message}>\n`;
  const { text, elided } = formatValues(value);
  const note = elided > 0 ? `\n(${elided.toLocaleString('en-US')} of ${value.data.length.toLocaleString('en-US')} elements elided)` : '';
  return `tensor_name:  ${name}\n${text}${note}\n`;
}

function valueJson(value: NDArray | Error, whole: boolean): Record<string, unknown> {
  if (value instanceof Error) return { error: value.message };
  if (whole || value.data.length <= PRINT_THRESHOLD) return { value: value.toArray() };
  return { elided: value.data.length };
}

export async function inspectCheckpoint(
  target: CheckpointTarget,
  options: TensorValueOptions,
  out: Out,
  label = target.prefix,
): Promise<void> {
  const { prefix } = target;
  const variables = await train.listVariables(prefix);
  const names = variables.map((v) => v.name);

  if (options.tensor !== undefined) {
    const wanted = options.tensor.endsWith(':0') ? options.tensor.slice(0, -2) : options.tensor;
    const found = variables.find((v) => v.name === wanted);
    if (found === undefined) {
      throw new CliError(
        `--tensor ${options.tensor}: no tensor of that name in the checkpoint ${prefix} (${variables.length} tensors; closest: ${closeNames(wanted, names).join(', ')})`,
      );
    }
    const value = await readTensor(prefix, found.name);
    if (options.json) {
      out.write(
        `${JSON.stringify({ checkpoint: prefix, name: found.name, dtype: found.dtype, shape: found.shape, ...valueJson(value, true) })}\n`,
      );
    } else {
      out.write(formatTensor(found.name, value));
    }
    return;
  }

  const stateDir = target.stateDir === undefined ? dirOf(prefix) : target.stateDir;
  const state =
    stateDir === null
      ? undefined
      : await train.readCheckpointState(nodeFileStore(), stateDir).catch((error: unknown) => {
          // A damaged state file beside a checkpoint named by its prefix is not what was asked about.
          if (target.stateDir === undefined) return undefined;
          throw error;
        });
  const values = options.allTensors ? await Promise.all(names.map((n) => readTensor(prefix, n))) : undefined;
  if (options.json) {
    out.write(
      `${JSON.stringify({
        path: label,
        format: 'checkpoint',
        prefix,
        tensors: variables.map((v, i) => ({
          name: v.name,
          dtype: v.dtype,
          shape: v.shape,
          ...(values ? valueJson(values[i]!, false) : {}),
        })),
        ...(state ? { state: { latest: state.modelCheckpointPath, checkpoints: state.allModelCheckpointPaths } } : {}),
      })}\n`,
    );
    return;
  }
  const count = variables.reduce((n, v) => n + v.shape.reduce((a, b) => a * b, 1), 0);
  const lines = [`${prefix}: TF checkpoint, ${variables.length} tensors (${count.toLocaleString('en-US')} values)`, ''];
  for (const v of variables) lines.push(`${v.name} (${v.dtype}) ${shapeText(v.shape)}`);
  if (state) {
    lines.push('', `Checkpoint state (${join(stateDir!, 'checkpoint')}): latest ${state.modelCheckpointPath}`);
    for (const p of state.allModelCheckpointPaths) lines.push(`  ${p}`);
  }
  out.write(`${lines.join('\n')}\n`);
  if (values) names.forEach((n, i) => out.write(`\n${formatTensor(n, values[i]!)}`));
}
