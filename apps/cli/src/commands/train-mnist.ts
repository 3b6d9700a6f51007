/**
 * `tf train mnist`: the MLP of `docs/api.md` §1 (784 → hidden ReLU → 10), trained with a Session.
 * No terminal I/O here: progress and results go to a `TrainReporter`, so tests call
 * `trainMnist` directly and the CLI plugs in a progress-bar / JSON reporter.
 */
import { basename, dirname } from 'node:path';
import * as tf from '@tf/graph';
import { writeGraph } from '@tf/graph/node';
import { mnist, shuffle } from '@tf/datasets';
import { RunMetadata, Session } from '@tf/session';
import * as train from '@tf/train';
import { CliError } from '../errors.js';
import {
  createSaver,
  exportSavedModel,
  planCheckpoints,
  restoreCheckpoint,
  saveCheckpoint,
  type CheckpointPlan,
} from './mnist-checkpoints.js';
import { profileStep, type StepProfile } from './profile.js';

export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'rmsprop', 'adagrad'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export const DEVICES = ['cpu', 'webgpu'] as const;
export type DeviceName = (typeof DEVICES)[number];

/** Momentum used by `--optimizer momentum` (the value TF tutorials use). */
export const MOMENTUM = 0.9;

export interface TrainMnistOptions {
  /** Passes over the training set. Default 10. */
  epochs?: number;
  /** Examples per step. Default 100. */
  batchSize?: number;
  /** Default 0.1 (docs/api.md §1). */
  learningRate?: number;
  /** Hidden units. Default 256. */
  hidden?: number;
  /** Default `'sgd'`. `'momentum'` uses momentum 0.9. */
  optimizer?: OptimizerName;
  /** Directory of the four MNIST IDX files (raw or .gz); default: the embedded 8000/1000/1000 sample. */
  data?: string;
  /** Graph seed (`tf.setRandomSeed`) and the base of the per-epoch shuffle seeds. Default 1. */
  seed?: number;
  /** Default `'cpu'`. `'webgpu'` runs on WebGPU (Dawn in Node; SwiftShader where there is no GPU). */
  device?: DeviceName;
  /** Stop each epoch after this many steps (quick runs, tests). Default: the whole training set. */
  maxStepsPerEpoch?: number;
  /**
   * Trace one training step (the second, after a warm-up step compiled the plan) with
   * `traceLevel: 'FULL_TRACE'` and report its per-op profile. Training is unchanged. Default false.
   */
  profile?: boolean;
  /**
   * After training, write a frozen GraphDef here (binary; text when the name ends in `.pbtxt`):
   * variables as `Const`s of their trained values, only what `logits` and `probabilities` need
   * (TF's `convert_variables_to_constants`). `tf run FILE --input x:0=… --output probabilities`
   * serves it.
   */
  export?: string;
  /**
   * Checkpoint directory: a checkpoint `DIR/model-<global step>` after every epoch (the last 5
   * kept, TF's `checkpoint` state file beside them) and, at the end, a SavedModel in
   * `DIR/export/<global step>/` whose `serving_default` signature maps `x` to `probabilities`
   * and `logits`. A directory that already holds checkpoints needs `restore`.
   */
  save?: string;
  /**
   * Resume from the latest checkpoint in `save`: variables, optimizer slots and the global step.
   * `epochs` counts from the start of the first run, so the same command resumes an interrupted
   * run where it stopped (mid-epoch too: the epoch's shuffle depends only on the seed and epoch).
   */
  restore?: boolean;
  /** Called with the trained session and model before the session closes (tests; embedding). */
  afterTraining?: (sess: Session, model: MnistModel) => void | Promise<void>;
  /**
   * Stops training at the next step boundary (a checkpoint being written is finished first, the
   * session is closed); `trainMnist` then rejects with `signal.reason`. The CLI aborts it on
   * SIGINT/SIGTERM.
   */
  signal?: AbortSignal;
}

/** `TrainMnistOptions` with every default filled in. */
export interface ResolvedTrainOptions
  extends Required<
    Omit<TrainMnistOptions, 'data' | 'maxStepsPerEpoch' | 'profile' | 'export' | 'save' | 'restore' | 'afterTraining' | 'signal'>
  > {
  data: string | undefined;
  maxStepsPerEpoch: number | undefined;
  profile?: boolean;
  export?: string;
  save?: string;
  restore?: boolean;
}

/** The traced step of `--profile`, summed by op type. */
export interface ProfileReport extends StepProfile {
  epoch: number;
  /** 1-based step within the epoch. */
  step: number;
  device: DeviceName;
}

export interface TrainStart {
  options: ResolvedTrainOptions;
  /** `'embedded MNIST sample'` or the `--data` directory. */
  source: string;
  trainSize: number;
  validSize: number;
  testSize: number;
  /** Steps per epoch actually run (after `maxStepsPerEpoch`). */
  stepsPerEpoch: number;
}

/** `restore`: the checkpoint training resumes from, its global step, and where in the run that is. */
export interface RestoredFrom {
  /** The checkpoint prefix (`ckpt/model-80`). */
  path: string;
  globalStep: number;
  /** The epoch training resumes in (1-based), and the steps of it already done. */
  epoch: number;
  stepInEpoch: number;
}

export interface StepProgress {
  epoch: number;
  /** 1-based step within the epoch. */
  step: number;
  steps: number;
  /** The global step after this step: steps trained since the first run, checkpoints included. */
  globalStep: number;
  /** This batch's loss. */
  loss: number;
  /** Mean batch loss of the epoch so far. */
  meanLoss: number;
  samplesPerSecond: number;
}

export interface EpochResult {
  /** 1-based. */
  epoch: number;
  /** Steps run in this epoch (fewer than `stepsPerEpoch` when a restored run resumed inside it). */
  steps: number;
  /** The global step at the end of the epoch. */
  globalStep: number;
  /** Mean training-batch loss over the epoch. */
  loss: number;
  validationAccuracy: number;
  /** Training throughput of the epoch (validation excluded). */
  samplesPerSecond: number;
  msPerStep: number;
  /** `save`: the checkpoint written after the epoch. */
  checkpoint?: string;
}

export interface TrainSummary {
  options: ResolvedTrainOptions;
  /** `--export`: the frozen graph written (path and node count). */
  exported?: { path: string; nodes: number };
  /** The global step at the end. */
  globalStep: number;
  /** `save`: the latest checkpoint (written by this run, or the one restored when nothing was left to train). */
  checkpoint?: string;
  /** `save`: the SavedModel directory; `written: false` when it existed already (same global step) and was kept. */
  savedModel?: { path: string; written: boolean };
  epochs: EpochResult[];
  testAccuracy: number;
  /** Wall-clock seconds, data loading included. */
  seconds: number;
}

/** Receives progress; every method is optional. */
export interface TrainReporter {
  loading?(source: string): void;
  start?(info: TrainStart): void;
  /** `restore`: the checkpoint was restored (after `start`, before the first epoch). */
  restored?(from: RestoredFrom): void;
  /** `done`: steps of the epoch already trained before this run (a restored run resuming mid-epoch). */
  epochStart?(epoch: number, steps: number, done?: number): void;
  step?(progress: StepProgress): void;
  epochEnd?(result: EpochResult): void;
  end?(summary: TrainSummary): void;
  /** Training failed after `start`: tear down what `epochStart` set up (a progress bar). */
  abort?(error: unknown): void;
  /** `--profile`: the traced step's per-op profile, once it ran. */
  profile?(report: ProfileReport): void;
}

const EMBEDDED_SOURCE = 'embedded MNIST sample';

/** Fills defaults and checks values; throws `CliError` with a message naming the flag. */
export function resolveTrainOptions(options: TrainMnistOptions = {}): ResolvedTrainOptions {
  const resolved: ResolvedTrainOptions = {
    epochs: options.epochs ?? 10,
    batchSize: options.batchSize ?? 100,
    learningRate: options.learningRate ?? 0.1,
    hidden: options.hidden ?? 256,
    optimizer: options.optimizer ?? 'sgd',
    data: options.data,
    seed: options.seed ?? 1,
    device: options.device ?? 'cpu',
    maxStepsPerEpoch: options.maxStepsPerEpoch,
    profile: options.profile ?? false,
    ...(options.export !== undefined ? { export: options.export } : {}),
    ...(options.save !== undefined ? { save: options.save } : {}),
    ...(options.restore ? { restore: true } : {}),
  };
  const positiveInt = (flag: string, v: number) => {
    if (!Number.isSafeInteger(v) || v <= 0) throw new CliError(`${flag} must be a positive integer, got ${v}`);
  };
  positiveInt('--epochs', resolved.epochs);
  positiveInt('--batch-size', resolved.batchSize);
  positiveInt('--hidden', resolved.hidden);
  if (resolved.maxStepsPerEpoch !== undefined) positiveInt('--max-steps-per-epoch', resolved.maxStepsPerEpoch);
  if (!Number.isFinite(resolved.learningRate) || resolved.learningRate <= 0) {
    throw new CliError(`--learning-rate must be a positive number, got ${resolved.learningRate}`);
  }
  if (!Number.isSafeInteger(resolved.seed) || resolved.seed < 0) {
    throw new CliError(`--seed must be a non-negative integer, got ${resolved.seed}`);
  }
  if (!(OPTIMIZERS as readonly string[]).includes(resolved.optimizer)) {
    throw new CliError(`--optimizer must be one of ${OPTIMIZERS.join(', ')}, got ${String(resolved.optimizer)}`);
  }
  checkDevice(resolved.device);
  if (resolved.restore && resolved.save === undefined)
    throw new CliError('--restore resumes from the checkpoints of --save DIR: give --save too');
  if (resolved.save !== undefined && resolved.save.trim() === '') throw new CliError('--save needs a directory');
  return resolved;
}

export function checkDevice(device: string): asserts device is DeviceName {
  if (!(DEVICES as readonly string[]).includes(device)) {
    throw new CliError(`--device must be one of ${DEVICES.join(', ')}, got ${device}`);
  }
}

function makeOptimizer(name: OptimizerName, learningRate: number) {
  switch (name) {
    case 'sgd':
      return new train.GradientDescentOptimizer(learningRate);
    case 'momentum':
      return new train.MomentumOptimizer(learningRate, MOMENTUM);
    case 'adam':
      return new train.AdamOptimizer(learningRate);
    case 'rmsprop':
      return new train.RMSPropOptimizer(learningRate);
    case 'adagrad':
      return new train.AdagradOptimizer(learningRate);
  }
}

/** The graph of docs/api.md §1, with `hidden` units and the chosen optimizer. */
export interface MnistModel {
  graph: tf.Graph;
  x: tf.Tensor;
  t: tf.Tensor;
  cost: tf.Tensor;
  accuracy: tf.Tensor;
  trainStep: tf.Operation;
  init: tf.Operation;
  /** `logits` (Identity of the last layer) and `probabilities` (its softmax): what `--export` serves. */
  logits: tf.Tensor;
  probabilities: tf.Tensor;
  /** `global_step` (int32 scalar): `trainStep` adds one to it after the updates. */
  globalStep: tf.RefVariable;
}

/** The nodes a frozen export keeps (and everything they need). */
export const EXPORT_OUTPUTS = ['logits', 'probabilities'] as const;

export function buildMnistModel(options: Pick<ResolvedTrainOptions, 'hidden' | 'optimizer' | 'learningRate' | 'seed'>): MnistModel {
  const graph = new tf.Graph();
  return graph.asDefault(() => {
    tf.setRandomSeed(options.seed);
    const x = tf.placeholder('float32', [null, 784], 'x');
    const t = tf.placeholder('float32', [null, 10], 't');

    const W1 = tf.Variable(tf.truncatedNormal([784, options.hidden], { stddev: 0.05 }), { name: 'W1' });
    const b1 = tf.Variable(tf.zeros([options.hidden]), { name: 'b1' });
    const h1 = tf.nn.relu(tf.add(tf.matmul(x, W1), b1));
    const W2 = tf.Variable(tf.truncatedNormal([options.hidden, 10], { stddev: 0.05 }), { name: 'W2' });
    const b2 = tf.Variable(tf.zeros([10]), { name: 'b2' });
    const hFc = tf.add(tf.matmul(h1, W2), b2);

    const cost = tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits({ labels: t, logits: hFc }));
    // After the random initializers, so that their op seeds (the graph's op counter) stay as they were.
    const globalStep = train.getOrCreateGlobalStep(graph);
    const trainStep = makeOptimizer(options.optimizer, options.learningRate).minimize(cost, { globalStep });
    const correctPrediction = tf.equal(tf.argmax(hFc, 1), tf.argmax(t, 1));
    const accuracy = tf.reduceMean(tf.cast(correctPrediction, 'float32'));
    const init = tf.globalVariablesInitializer();
    // Named outputs for serving, created last so that nothing above (op ids, seeds) changes.
    const logits = tf.identity(hFc, 'logits');
    const probabilities = tf.nn.softmax(hFc, 'probabilities');
    return { graph, x, t, cost, accuracy, trainStep, init, logits, probabilities, globalStep };
  });
}

/**
 * Writes the trained model as a frozen GraphDef (TF's `convert_variables_to_constants`): the nodes
 * `logits` and `probabilities` need, variables replaced by `Const`s holding the session's values.
 */
export function exportFrozen(sess: Session, model: MnistModel, path: string): { path: string; nodes: number } {
  const frozen = tf.graphUtil.convertVariablesToConstants(sess, model.graph.asGraphDef(), EXPORT_OUTPUTS);
  const dir = dirname(path);
  writeGraph(frozen, dir === '' ? '.' : dir, basename(path), { asText: /\.pbtxt$/i.test(path) });
  return { path, nodes: frozen.node.length };
}

/** Shuffle seed of an epoch: distinct per (seed, epoch), reproducible. */
export function epochShuffleSeed(seed: number, epoch: number): number {
  return (Math.imul(seed, 0x9e3779b1) + epoch) >>> 0;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Loads MNIST, trains the MLP, reports each step and epoch, and returns the per-epoch results
 * and the final test accuracy. The session is closed before returning, also on error.
 */
export async function trainMnist(options: TrainMnistOptions = {}, reporter: TrainReporter = {}): Promise<TrainSummary> {
  const started = performance.now();
  const opts = resolveTrainOptions(options);
  /** Throws `signal.reason` once the signal is aborted: called between steps, never inside one. */
  const stopIfAborted = () => options.signal?.throwIfAborted();
  stopIfAborted();
  // Checked before the data loads: a --save directory that would mix two runs, or --restore with nothing to restore.
  const plan: CheckpointPlan | undefined = opts.save === undefined ? undefined : await planCheckpoints(opts.save, opts.restore ?? false);
  const model = buildMnistModel(opts);
  const { x, t, cost, accuracy, trainStep } = model;
  const saver = plan === undefined ? undefined : createSaver(model);
  // runAsync works on every device; WebGPU can only read values back asynchronously. The device
  // is set up before the data loads, so a missing `webgpu` package or adapter fails at once.
  const sess = new Session({ graph: model.graph, device: opts.device });
  try {
    await sess.ready.catch((error: unknown) => {
      throw new CliError(
        `--device ${opts.device}: ${(error as Error).message}` +
          (opts.device === 'webgpu'
            ? ' (without a GPU, Dawn can use SwiftShader: VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json)'
            : ''),
      );
    });
    const source = opts.data ?? EMBEDDED_SOURCE;
    reporter.loading?.(source);
    const { train: trainSet, valid, test } = await (opts.data === undefined ? mnist.load() : mnist.load({ dir: opts.data }));
    stopIfAborted();

    const trainSize = trainSet.images.shape[0]!;
    const fullBatches = Math.floor(trainSize / opts.batchSize);
    if (fullBatches === 0) {
      throw new CliError(`--batch-size ${opts.batchSize} is larger than the training set (${trainSize} examples)`);
    }
    const steps = Math.min(fullBatches, opts.maxStepsPerEpoch ?? fullBatches);
    reporter.start?.({
      options: opts,
      source,
      trainSize,
      validSize: valid.images.shape[0]!,
      testSize: test.images.shape[0]!,
      stepsPerEpoch: steps,
    });
    sess.run(model.init);
    // The global step counts every training step since the first run: a restored run goes on
    // from the checkpoint's, in the epoch (and at the step of it) where that one stopped.
    let globalStep = 0;
    let restored: RestoredFrom | undefined;
    if (plan?.latest !== undefined) {
      globalStep = await restoreCheckpoint(sess, saver!, plan, model);
      restored = { path: plan.latest, globalStep, epoch: Math.floor(globalStep / steps) + 1, stepInEpoch: globalStep % steps };
      reporter.restored?.(restored);
    }
    const evaluate = async (images: tf.NDArray, labels: tf.NDArray): Promise<number> =>
      Number(
        (
          await sess.runAsync(accuracy, [
            [x, images],
            [t, labels],
          ])
        ).item(),
      );

    // --profile traces the second step of the run (the first compiled the plan and, on WebGPU,
    // the pipelines), or the only one there is.
    const firstEpoch = restored?.epoch ?? 1;
    const firstStep = restored?.stepInEpoch ?? 0;
    const stepsToRun = Math.max(0, steps * opts.epochs - globalStep);
    const tracedStep = opts.profile ? Math.min(2, stepsToRun) : 0;
    let runStep = 0;
    let checkpoint = restored?.path;
    const results: EpochResult[] = [];
    for (let epoch = firstEpoch; epoch <= opts.epochs; epoch++) {
      stopIfAborted();
      const [trainX, trainY] = shuffle(trainSet.images, trainSet.labels, { seed: epochShuffleSeed(opts.seed, epoch) });
      const done = epoch === firstEpoch ? firstStep : 0;
      reporter.epochStart?.(epoch, steps, done);
      let lossSum = 0;
      let trainMs = 0;
      for (let i = done; i < steps; i++) {
        stopIfAborted();
        const stepStart = performance.now();
        const start = i * opts.batchSize;
        const end = start + opts.batchSize;
        const feeds: tf.FeedDict = [
          [x, trainX.slice(start, end)],
          [t, trainY.slice(start, end)],
        ];
        globalStep += 1;
        runStep += 1;
        const metadata = runStep === tracedStep ? new RunMetadata() : undefined;
        const [, lossValue] = metadata
          ? await sess.runAsync([trainStep, cost], feeds, { traceLevel: 'FULL_TRACE' }, metadata)
          : await sess.runAsync([trainStep, cost], feeds);
        trainMs += performance.now() - stepStart;
        if (metadata) reporter.profile?.({ ...profileStep(metadata.stepStats), epoch, step: i + 1, device: opts.device });
        const loss = Number(lossValue.item());
        lossSum += loss;
        reporter.step?.({
          epoch,
          step: i + 1,
          steps,
          globalStep,
          loss,
          meanLoss: lossSum / (i + 1 - done),
          samplesPerSecond: ((i + 1 - done) * opts.batchSize * 1000) / trainMs,
        });
        // Lets the progress bar redraw and Ctrl-C be handled between steps.
        await yieldToEventLoop();
      }
      stopIfAborted();
      const ran = steps - done;
      const saved = saver === undefined ? undefined : await saveCheckpoint(sess, saver, plan!, model);
      if (saved !== undefined) checkpoint = saved;
      const result: EpochResult = {
        epoch,
        steps: ran,
        globalStep,
        loss: lossSum / ran,
        validationAccuracy: await evaluate(valid.images, valid.labels),
        samplesPerSecond: (ran * opts.batchSize * 1000) / trainMs,
        msPerStep: trainMs / ran,
        ...(saved !== undefined ? { checkpoint: saved } : {}),
      };
      results.push(result);
      reporter.epochEnd?.(result);
      await yieldToEventLoop();
    }
    const testAccuracy = await evaluate(test.images, test.labels);
    const exported = opts.export === undefined ? undefined : exportFrozen(sess, model, opts.export);
    const savedModel = plan === undefined ? undefined : await exportSavedModel(sess, model, plan, globalStep);
    await options.afterTraining?.(sess, model);
    const summary: TrainSummary = {
      options: opts,
      epochs: results,
      globalStep,
      testAccuracy,
      seconds: (performance.now() - started) / 1000,
      ...(exported ? { exported } : {}),
      ...(checkpoint !== undefined ? { checkpoint } : {}),
      ...(savedModel ? { savedModel } : {}),
    };
    reporter.end?.(summary);
    return summary;
  } catch (error) {
    reporter.abort?.(error);
    throw error;
  } finally {
    sess.close();
  }
}
