// First-run latency on WebGPU: a fresh session's first training step compiles every pipeline it
// dispatches (0.1–0.2 s each on SwiftShader); `await sess.prepare(fetches, feeds)` compiles them
// before that run. Each measurement uses a new session, hence a new device and an empty pipeline
// cache; the two ways alternate, so neither always runs second.
import * as tf from '@tf/graph';
import { Session } from '@tf/session';
import { buildMnistModel } from '@tf/cli';
import { randomBatch, type MlpShape } from './mlp.js';
import { cnnFeeds, cnnGraph } from './webgpu-cnn.js';

export interface FirstRun {
  /** The first step of an unprepared session (ms, median). */
  readonly cold: number;
  /** `sess.prepare` of the step (ms, median). */
  readonly prepare: number;
  /** The first step after `prepare` (ms, median). */
  readonly prepared: number;
}

/** A training graph as the first-run measurement needs it. */
export interface TrainGraph {
  readonly graph: tf.Graph;
  readonly init: tf.Operation;
  readonly fetches: readonly [tf.Operation, tf.Tensor];
  readonly feeds: [tf.Tensor, tf.NDArray][];
}

export function mlpTrainGraph(shape: MlpShape): TrainGraph {
  const model = buildMnistModel({ hidden: shape.hidden, optimizer: 'sgd', learningRate: 0.1, seed: 1 });
  const { x, y } = randomBatch(shape, 7);
  return {
    graph: model.graph,
    init: model.init,
    fetches: [model.trainStep, model.cost],
    feeds: [
      [model.x, new tf.NDArray('float32', [shape.batch, 784], x)],
      [model.t, new tf.NDArray('float32', [shape.batch, 10], y)],
    ],
  };
}

export function cnnTrainGraph(): TrainGraph {
  const model = cnnGraph();
  return { graph: model.graph, init: model.init, fetches: [model.trainStep, model.cost], feeds: cnnFeeds(model) };
}

/** One fresh session: initialized (its own pipelines compiled), then timed from `prepare` (if asked) through the first step. */
async function once(build: () => TrainGraph, prepare: boolean): Promise<{ prepare: number; first: number }> {
  const g = build();
  const sess = new Session({ graph: g.graph, device: 'webgpu' });
  try {
    await sess.runAsync(g.init);
    const t0 = performance.now();
    if (prepare) await sess.prepare([...g.fetches], g.feeds);
    const t1 = performance.now();
    await sess.runAsync([...g.fetches], g.feeds);
    return { prepare: t1 - t0, first: performance.now() - t1 };
  } finally {
    sess.close();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

/** `rounds` of (unprepared, prepared) first runs, alternating which goes first. */
export async function firstRunLatency(build: () => TrainGraph, rounds: number): Promise<FirstRun> {
  const cold: number[] = [];
  const prepare: number[] = [];
  const prepared: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const prepareFirst of r % 2 === 0 ? [false, true] : [true, false]) {
      const run = await once(build, prepareFirst);
      if (prepareFirst) {
        prepare.push(run.prepare);
        prepared.push(run.first);
      } else cold.push(run.first);
    }
  }
  return { cold: median(cold), prepare: median(prepare), prepared: median(prepared) };
}
