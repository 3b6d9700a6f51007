import {
  InvalidArgumentError,
  NotFoundError,
  RefVariable,
  Tensor,
  ValueError,
  getDefaultGraph,
  shapesCompatible,
  type Graph,
  type NDArray,
  type Operation,
  type SessionLike,
} from '@tf/graph';
import { defaultFileStore } from '#default-store';
import { buildMetaGraphDef, writeMetaGraphFile } from '../meta-graph/export-meta-graph.js';
import { openBundle, writeBundle, type BundleReader } from '../checkpoint/bundle.js';
import { writeCheckpointState } from '../checkpoint/checkpoint-state.js';
import { baseName, dirName, joinPath, type FileStore } from '../storage/file-store.js';
import { arrayFromEntry, entryFromArray } from './checkpoint-values.js';
import { buildRestoreOps, type RestoreOps } from './restore-ops.js';
import { checkpointKeysOfRestoreOp } from './restore-op-keys.js';
import { collectSaveables, type Saveable, type SaverVarList } from './saveables.js';
import { standardSaverDef, type SaverDefFields } from './saver-def.js';

export interface SaverOptions {
  /** What to save: default every global variable (and `saveable_objects`). */
  varList?: SaverVarList;
  /** Checkpoints kept by `save` (older ones are deleted); 0 or `null` keeps all. Default 5. */
  maxToKeep?: number | null;
  /** Besides the last `maxToKeep`, keep one checkpoint per this many hours. Default 10000. */
  keepCheckpointEveryNHours?: number;
  /** TF's per-device sharding. Every variable of a session lives on one device here, so one shard. */
  sharded?: boolean;
  /** Name scope of the saver's ops; default `save` (`save_1` for a second saver). */
  name?: string;
  /** Where checkpoints go: Node's file system by default; `memoryFileStore()` / `indexedDbFileStore()` in a browser. */
  store?: FileStore;
  /** Allow a saver with nothing to save (`save` then returns `undefined`). */
  allowEmpty?: boolean;
  /** The graph whose variables are saved; default the variables' graph, else the default graph. */
  graph?: Graph;
  /**
   * TF's `saver_def`: a Saver over the saver nodes a graph already has (a TF-written GraphDef or
   * MetaGraph). Without `varList`, the keys and variables are read from the graph's
   * `restore_op_name` op (`save/restore_all` → `save/Assign*` → `save/RestoreV2` and its
   * `tensor_names`). MetaGraph export then keeps those nodes instead of writing new ones.
   */
  saverDef?: SaverDefFields;
}

export interface SaveOptions {
  /** Appended to the prefix (`model-1000`): a number, or a variable/tensor evaluated in `sess`. */
  globalStep?: number | RefVariable | Tensor;
  /** Name of the checkpoint state file in the prefix's directory; default `checkpoint`. */
  latestFilename?: string;
  /** Write `<prefix>.meta` (the MetaGraphDef) too; default true, as TF. */
  writeMetaGraph?: boolean;
  /** Extension of the meta graph file; default `meta`. */
  metaGraphSuffix?: string;
  /** Update the `checkpoint` state file; default true. */
  writeState?: boolean;
}

const HOUR_S = 3600;
const nowSeconds = (): number => Date.now() / 1000;

/**
 * TF 1.x `tf.train.Saver`: saves variables to TensorFlow's V2 checkpoint format (`prefix.index` +
 * `prefix.data-00000-of-00001`), restores them, keeps the last `maxToKeep` and the `checkpoint`
 * state file that `latestCheckpoint` reads. Keys are TF's (the variable's op name: `layer/W`,
 * `W/Adam`, `beta1_power`), so checkpoints move between this project and TensorFlow both ways.
 */
export class Saver {
  readonly graph: Graph;
  readonly store: FileStore;
  readonly maxToKeep: number;
  readonly keepCheckpointEveryNHours: number;
  readonly sharded: boolean;
  /** The saver's name scope (`save`). */
  readonly scope: string;
  private readonly saveables: readonly Saveable[];
  private readonly restoreOps: RestoreOps | undefined;
  private readonly importedDef: SaverDefFields | undefined;
  private lastChecks: [path: string, time: number][] = [];
  private nextKeepTime: number;

  constructor(options: SaverOptions = {}) {
    const graph = options.graph ?? getGraphOf(options.varList);
    this.graph = graph;
    this.store = options.store ?? defaultFileStore();
    const maxToKeep = options.maxToKeep ?? 5;
    if (!Number.isInteger(maxToKeep) || maxToKeep < 0) throw new ValueError(`maxToKeep must be a non-negative integer, got ${maxToKeep}`);
    this.maxToKeep = maxToKeep;
    this.keepCheckpointEveryNHours = options.keepCheckpointEveryNHours ?? 10000;
    this.sharded = options.sharded ?? false;
    this.nextKeepTime = nowSeconds() + this.keepCheckpointEveryNHours * HOUR_S;
    this.importedDef = options.saverDef;
    let saveables: Saveable[] = [];
    const varList = options.varList ?? (options.saverDef ? varListOfSaverDef(graph, options.saverDef) : undefined);
    try {
      saveables = collectSaveables(graph, varList);
    } catch (e) {
      if (!(options.allowEmpty && e instanceof ValueError && e.message === 'No variables to save')) throw e;
    }
    this.saveables = saveables;
    this.scope = graph.uniqueName(options.name ?? 'save');
    this.restoreOps = saveables.length === 0 ? undefined : buildRestoreOps(graph, this.scope, saveables);
  }

  /** Checkpoint keys, in the order they are written. */
  get keys(): readonly string[] {
    return this.saveables.map((s) => s.key);
  }

  /** @internal what MetaGraph export needs: the saveables and the ops to leave out of the GraphDef. */
  get internals(): { saveables: readonly Saveable[]; restoreOpNames: ReadonlySet<string>; imported: boolean } {
    return { saveables: this.saveables, restoreOpNames: this.restoreOps?.opNames ?? new Set(), imported: this.importedDef !== undefined };
  }

  /** TF's `saver_def`: the op names a TensorFlow session saves and restores through. */
  asSaverDef(): SaverDefFields {
    const base = this.importedDef ?? standardSaverDef(this.scope);
    return { ...base, maxToKeep: this.maxToKeep, keepCheckpointEveryNHours: this.keepCheckpointEveryNHours, sharded: this.sharded };
  }

  /** Prefixes of the checkpoints this saver keeps, oldest first (TF's `last_checkpoints`). */
  get lastCheckpoints(): string[] {
    return this.lastChecks.map(([p]) => p);
  }

  /** TF's `set_last_checkpoints_with_time` / `recover_last_checkpoints`: adopt checkpoints written earlier (e.g. by another process). */
  async recoverLastCheckpoints(paths: readonly string[]): Promise<void> {
    const kept: [string, number][] = [];
    for (const p of paths) if (await this.store.exists(`${p}.index`)) kept.push([p, nowSeconds()]);
    this.lastChecks = kept;
  }

  /**
   * Saves every variable's value in `sess` to `savePath` (`-<globalStep>` appended) and returns the
   * prefix written. Files are written under temporary names and renamed; the state file last.
   */
  async save(sess: SessionLike, savePath: string, options: SaveOptions = {}): Promise<string | undefined> {
    this.checkSession(sess);
    if (this.saveables.length === 0) return undefined;
    const step = await this.stepOf(sess, options.globalStep);
    const prefix = step === undefined ? savePath : `${savePath}-${step}`;
    const values = (await sess.runAsync(this.saveables.map((s) => s.ref))) as NDArray[];
    const entries = this.saveables.map((s, i) => entryFromArray(s.key, values[i]!, s.isGlobalStep));
    await writeBundle(this.store, prefix, entries);
    if (options.writeMetaGraph ?? true) {
      const meta = buildMetaGraphDef({ saver: this });
      await writeMetaGraphFile(this.store, `${prefix}.${options.metaGraphSuffix ?? 'meta'}`, meta);
    }
    const doomed = this.recordLast(prefix);
    if (options.writeState ?? true) {
      await writeCheckpointState(
        this.store,
        dirName(prefix),
        {
          modelCheckpointPath: prefix,
          allModelCheckpointPaths: this.lastCheckpoints,
          allModelCheckpointTimestamps: this.lastChecks.map(([, t]) => t),
          lastPreservedTimestamp: this.nextKeepTime - this.keepCheckpointEveryNHours * HOUR_S,
        },
        options.latestFilename,
      );
    }
    for (const path of doomed) await deleteCheckpointFiles(this.store, path, options.metaGraphSuffix ?? 'meta');
    return prefix;
  }

  /** Restores every variable from the checkpoint at `savePath` (a prefix, as `save` returned). */
  async restore(sess: SessionLike, savePath: string | undefined | null): Promise<void> {
    this.checkSession(sess);
    if (savePath === undefined || savePath === null) throw new ValueError("Can't load save_path when it is None.");
    if (this.restoreOps === undefined) return;
    let reader: BundleReader;
    try {
      reader = await openBundle(this.store, savePath);
    } catch (e) {
      if (e instanceof NotFoundError) throw new ValueError(`The passed save_path is not a valid checkpoint: ${savePath}`);
      throw e;
    }
    const feeds: [Tensor, NDArray][] = [];
    for (const [i, s] of this.saveables.entries()) {
      if (!reader.has(s.key)) throw new NotFoundError(`Key ${s.key} not found in checkpoint ${savePath}`);
      const value = arrayFromEntry(await reader.read(s.key), s.ref.dtype);
      if (!shapesCompatible(s.ref.shape, value.shape)) {
        throw new InvalidArgumentError(
          `Restoring ${s.key} from ${savePath}: Assign requires shapes of both tensors to match. ` +
            `lhs shape= ${shapeList(s.ref.shape)} rhs shape= ${shapeList(value.shape)}`,
        );
      }
      feeds.push([this.restoreOps.values[i]!, value]);
    }
    await sess.runAsync(this.restoreOps.restoreAll, feeds);
  }

  private checkSession(sess: SessionLike): void {
    if (sess.graph !== this.graph) throw new ValueError("The session's graph is not the graph the Saver was built in.");
  }

  private async stepOf(sess: SessionLike, globalStep: SaveOptions['globalStep']): Promise<number | undefined> {
    if (globalStep === undefined) return undefined;
    if (typeof globalStep === 'number') {
      if (!Number.isInteger(globalStep)) throw new TypeError(`globalStep must be an integer, got ${globalStep}`);
      return globalStep;
    }
    const value = (await sess.runAsync(globalStep instanceof RefVariable ? globalStep.ref() : globalStep)) as NDArray;
    return value.item() as number;
  }

  /**
   * TF's `_RecordLastCheckpoint`: `prefix` becomes the newest; past `maxToKeep` the oldest leaves
   * the list (unless the hour rule keeps it on disk) and is returned for deletion — after the state
   * file no longer names it.
   */
  private recordLast(prefix: string): string[] {
    this.lastChecks = this.lastChecks.filter(([p]) => p !== prefix);
    this.lastChecks.push([prefix, nowSeconds()]);
    const doomed: string[] = [];
    if (this.maxToKeep === 0) return doomed;
    while (this.lastChecks.length > this.maxToKeep) {
      const [path, time] = this.lastChecks.shift()!;
      if (time > this.nextKeepTime) {
        this.nextKeepTime += this.keepCheckpointEveryNHours * HOUR_S;
        continue;
      }
      doomed.push(path);
    }
    return doomed;
  }
}

/** Removes `prefix.index`, every `prefix.data-*` shard and `prefix.<metaSuffix>`. */
async function deleteCheckpointFiles(store: FileStore, prefix: string, metaSuffix: string): Promise<void> {
  const dir = dirName(prefix);
  const base = baseName(prefix);
  for (const name of await store.list(dir)) {
    if (name.startsWith(`${base}.data-`)) await store.remove(joinPath(dir, name));
  }
  await store.remove(`${prefix}.index`);
  await store.remove(`${prefix}.${metaSuffix}`);
}

/** TF's C++ rendering of a shape in messages: `[2,3]`, `[?,784]`, `?` for an unknown rank. */
function shapeList(shape: readonly (number | null)[] | null): string {
  return shape === null ? '?' : `[${shape.map((d) => d ?? '?').join(',')}]`;
}

/** The variables a TF saver_def's restore op assigns, by checkpoint key. */
function varListOfSaverDef(graph: Graph, saverDef: SaverDefFields): SaverVarList {
  let restoreOp: Operation;
  try {
    restoreOp = graph.getOperationByName(saverDef.restoreOpName);
  } catch {
    throw new ValueError(`saver_def names restore op ${saverDef.restoreOpName}, which the graph does not have`);
  }
  return Object.fromEntries(checkpointKeysOfRestoreOp(restoreOp));
}

function getGraphOf(varList: SaverVarList | undefined): Graph {
  const first = varList === undefined ? undefined : Array.isArray(varList) ? varList[0] : Object.values(varList)[0];
  if (first instanceof RefVariable || first instanceof Tensor) return first.graph;
  return getDefaultGraph();
}
