/**
 * What a path given to `tf inspect` / `tf run` is: a SavedModel directory, a TF checkpoint (a
 * prefix, one of its files, or a directory whose `checkpoint` state file names the latest), or
 * a model file (GraphDef, TF.js model.json) for `loadModel`.
 */
import { readdirSync, statSync } from 'node:fs';
import * as train from '@tf/train';
import { nodeFileStore } from '@tf/train/node';
import { CliError } from '../errors.js';

export type ModelPath =
  | { readonly kind: 'savedModel'; readonly dir: string }
  /** `stateDir`: the directory whose `checkpoint` state file named `prefix` (when one was given). */
  | { readonly kind: 'checkpoint'; readonly prefix: string; readonly stateDir?: string }
  | { readonly kind: 'file'; readonly file: string };

/** TF's `saved_model.pb`, else `saved_model.pbtxt` (what `savedModel.readSavedModel` reads). */
const SAVED_MODEL_FILES = ['saved_model.pb', 'saved_model.pbtxt'];

function kindOf(path: string): 'file' | 'dir' | undefined {
  try {
    const stat = statSync(path);
    return stat.isDirectory() ? 'dir' : 'file';
  } catch {
    return undefined;
  }
}

/** `a/b/` → `a/b`, `a\b` → `a/b`: paths as @tf/train's stores join them. */
function storePath(path: string): string {
  const p = path.replaceAll('\\', '/');
  return p.length > 1 ? p.replace(/\/+$/, '') || '/' : p;
}

const join = (dir: string, name: string) => (dir === '' || dir === '.' ? name : `${dir}/${name}`);

export async function classifyPath(path: string): Promise<ModelPath> {
  const p = storePath(path);
  const kind = kindOf(p);
  if (kind === 'dir') {
    const names = readdirSync(p);
    if (SAVED_MODEL_FILES.some((f) => names.includes(f))) return { kind: 'savedModel', dir: p };
    if (names.includes('checkpoint')) {
      const state = await train.readCheckpointState(nodeFileStore(), p);
      const latest = await train.latestCheckpoint(p);
      if (latest === undefined) {
        throw new CliError(
          `${path}: its checkpoint state file names ${state?.modelCheckpointPath}, but ${state?.modelCheckpointPath}.index does not exist`,
        );
      }
      return { kind: 'checkpoint', prefix: latest, stateDir: p };
    }
    const indexes = names.filter((n) => n.endsWith('.index'));
    if (indexes.length === 1) return { kind: 'checkpoint', prefix: join(p, indexes[0]!.slice(0, -'.index'.length)) };
    throw new CliError(
      indexes.length > 1
        ? `${path} holds ${indexes.length} checkpoints and no checkpoint state file: name one (${indexes
            .slice(0, 5)
            .map((n) => join(p, n.slice(0, -'.index'.length)))
            .join(', ')})`
        : `${path} is a directory with no SavedModel (${SAVED_MODEL_FILES.join(' or ')}), checkpoint state file or checkpoint (.index)`,
    );
  }
  const base = p.slice(p.lastIndexOf('/') + 1);
  if (kind === 'file' && SAVED_MODEL_FILES.includes(base)) {
    const slash = p.lastIndexOf('/');
    return { kind: 'savedModel', dir: slash < 0 ? '.' : p.slice(0, slash) || '/' };
  }
  // A checkpoint's own files name its prefix: model-10.index, model-10.data-00000-of-00001, model-10.meta.
  const suffix = /\.(index|data-\d{5}-of-\d{5}|meta)$/.exec(p);
  if (suffix !== null) {
    const prefix = p.slice(0, suffix.index);
    if (kindOf(`${prefix}.index`) === 'file') return { kind: 'checkpoint', prefix };
  }
  if (kind === undefined && kindOf(`${p}.index`) === 'file') return { kind: 'checkpoint', prefix: p };
  return { kind: 'file', file: path };
}
