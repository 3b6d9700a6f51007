/**
 * `tf run --input NAME=VALUE`: which tensor to feed and with what. VALUE is a `.npy` file, a
 * `.json` file holding a (nested) array or a number, or that JSON written inline (`'[[1, 2]]'`).
 * JSON values take the dtype of the tensor they feed when the graph is known; `.npy` files keep
 * their own dtype (the session checks it against the placeholder's, with TF's message).
 */
import { InvalidArgumentError, type NDArray, type NestedArray } from '@tf/graph';
import { readNpy } from './npy.js';

export interface FeedSpec {
  /** The tensor name as given (`X:0`, or `X` for output 0). */
  readonly name: string;
  readonly value: NDArray | NestedArray;
  /** Where the value came from, for messages. */
  readonly source: string;
}

export function parseFeedSpec(spec: string, readFile: (path: string) => Uint8Array): FeedSpec {
  const at = spec.indexOf('=');
  if (at <= 0 || at === spec.length - 1) {
    throw new InvalidArgumentError(
      `--input ${JSON.stringify(spec)}: expected NAME=VALUE, e.g. X:0=batch.npy, X:0=batch.json or 'X:0=[[1,2]]'`,
    );
  }
  const name = spec.slice(0, at).trim();
  const text = spec.slice(at + 1).trim();
  if (/\.npy$/i.test(text)) return { name, value: readNpy(readFile(text), text), source: text };
  if (/\.json$/i.test(text)) return { name, value: parseJsonValue(new TextDecoder().decode(readFile(text)), text), source: text };
  return { name, value: parseJsonValue(text, `--input ${name}`), source: `--input ${name}` };
}

function parseJsonValue(text: string, source: string): NestedArray {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidArgumentError(`${source}: not a .npy file, a .json file or inline JSON (${(error as Error).message})`);
  }
  if (!isNested(value)) throw new InvalidArgumentError(`${source}: expected a number, a boolean or a (nested) array of them`);
  return value;
}

/** Iterative, so a deeply nested input is judged, not a stack overflow. */
function isNested(value: unknown): value is NestedArray {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (typeof v === 'number' || typeof v === 'boolean') continue;
    if (!Array.isArray(v)) return false;
    for (const item of v) pending.push(item);
  }
  return true;
}
