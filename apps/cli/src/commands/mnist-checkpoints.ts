/**
 * `tf train mnist --save DIR [--restore]`: TF 1.x checkpoints of the training run (`tf.train.Saver`,
 * `DIR/model-<global step>` after every epoch, the last 5 kept) and a SavedModel for serving at
 * the end (`DIR/export/<global step>/`, the numbered-version layout TensorFlow Serving watches).
 */
import { posix } from 'node:path';
import * as tf from '@tf/graph';
import type { Session } from '@tf/session';
import * as train from '@tf/train';
import { nodeFileStore } from '@tf/train/node';
import { CliError } from '../errors.js';
import type { MnistModel } from './train-mnist.js';

/** Checkpoint prefixes are `DIR/model-<global step>`, as TF's own examples name them. */
export const CHECKPOINT_NAME = 'model';
/** SavedModels go to `DIR/export/<global step>/`. */
export const EXPORT_DIR = 'export';
/** Checkpoints kept by `--save` (TF's default `max_to_keep`). */
export const MAX_TO_KEEP = 5;
/** The `serving_default` signature of the exported SavedModel: its input and output keys. */
export const SERVING_INPUT = 'x';
export const SERVING_OUTPUTS = ['probabilities', 'logits'] as const;

/** `./ckpt/` → `ckpt`: one spelling of the directory, so the state file's paths and the saver's agree. */
export function normalizeDir(dir: string): string {
  const normal = posix.normalize(dir.replaceAll('\\', '/'));
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}

/** `dir` + `name` as @tf/train's stores join paths (`.` is the current directory, written as nothing). */
export function inDir(dir: string, name: string): string {
  return dir === '.' || dir === '' ? name : `${dir}/${name}`;
}

export interface CheckpointPlan {
  dir: string;
  /** `--restore`: the latest checkpoint, and the checkpoints the state file keeps (so `maxToKeep` counts them). */
  latest?: string;
  kept: string[];
}

/**
 * Checks `--save DIR` / `--restore` before any data is loaded: a fresh run refuses a directory
 * that already holds checkpoints (it would mix two runs), and `--restore` needs one.
 */
export async function planCheckpoints(saveDir: string, restore: boolean): Promise<CheckpointPlan> {
  const dir = normalizeDir(saveDir);
  const store = nodeFileStore();
  const state = await train.readCheckpointState(store, dir);
  if (!restore) {
    if (state !== undefined) {
      throw new CliError(
        `--save ${saveDir} already holds checkpoints (latest ${state.modelCheckpointPath}): add --restore to resume from it, or save to another directory`,
      );
    }
    return { dir, kept: [] };
  }
  const latest = await train.latestCheckpoint(dir, store);
  if (latest === undefined) {
    throw new CliError(
      state === undefined
        ? `--restore: no checkpoint in ${saveDir} (there is no ${inDir(dir, 'checkpoint')} state file)`
        : `--restore: ${inDir(dir, 'checkpoint')} names ${state.modelCheckpointPath}, but ${state.modelCheckpointPath}.index does not exist`,
    );
  }
  return { dir, latest, kept: state?.allModelCheckpointPaths ?? [latest] };
}

/** A Saver of every global variable of the model: weights, optimizer slots and `global_step`. */
export function createSaver(model: MnistModel): train.Saver {
  return new train.Saver({ graph: model.graph, maxToKeep: MAX_TO_KEEP });
}

/** Restores `plan.latest` into `sess` and returns its global step. */
export async function restoreCheckpoint(sess: Session, saver: train.Saver, plan: CheckpointPlan, model: MnistModel): Promise<number> {
  const path = plan.latest!;
  try {
    await saver.restore(sess, path);
  } catch (error) {
    if (error instanceof tf.NotFoundError || error instanceof tf.InvalidArgumentError) {
      throw new CliError(`--restore ${path}: ${error.message} (was it written with the same --hidden and --optimizer?)`);
    }
    throw error;
  }
  await saver.recoverLastCheckpoints(plan.kept);
  return Number((await sess.runAsync(model.globalStep.ref())).item());
}

/** Writes `DIR/model-<global step>` (and updates `DIR/checkpoint`); returns the prefix. */
export async function saveCheckpoint(sess: Session, saver: train.Saver, plan: CheckpointPlan, model: MnistModel): Promise<string> {
  const path = await saver.save(sess, inDir(plan.dir, CHECKPOINT_NAME), { globalStep: model.globalStep });
  return path!;
}

/**
 * Writes the SavedModel `DIR/export/<globalStep>/` (tag `serve`; `serving_default`: `x` →
 * `probabilities`, `logits`). An export of that step that already exists (a restored run with
 * nothing left to train) is kept as it is.
 */
export async function exportSavedModel(
  sess: Session,
  model: MnistModel,
  plan: CheckpointPlan,
  globalStep: number,
): Promise<{ path: string; written: boolean }> {
  const path = inDir(plan.dir, `${EXPORT_DIR}/${globalStep}`);
  if ((await nodeFileStore().list(path)).length > 0) return { path, written: false };
  await train.savedModel.save(sess, path, {
    tags: [train.savedModel.tagConstants.SERVING],
    signatures: {
      [train.savedModel.signatureConstants.DEFAULT_SERVING_SIGNATURE_DEF_KEY]: {
        inputs: { [SERVING_INPUT]: model.x },
        outputs: { probabilities: model.probabilities, logits: model.logits },
      },
    },
  });
  return { path, written: true };
}
