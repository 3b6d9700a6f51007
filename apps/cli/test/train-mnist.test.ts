import { webGpuSkipReason } from '@tf/kernels-webgpu/testing';
import { describe, expect, it } from 'vitest';
import {
  OPTIMIZERS,
  epochShuffleSeed,
  resolveTrainOptions,
  trainMnist,
  type EpochResult,
  type StepProgress,
  type TrainStart,
} from '../src/commands/train-mnist.js';

const webGpuSkip = await webGpuSkipReason('the trainMnist --device webgpu test');

describe('trainMnist', () => {
  it('learns the embedded MNIST sample: loss falls, validation and test accuracy well above chance', async () => {
    const steps: StepProgress[] = [];
    const epochs: EpochResult[] = [];
    let start: TrainStart | undefined;
    const summary = await trainMnist(
      { epochs: 2, maxStepsPerEpoch: 20 },
      { start: (s) => (start = s), step: (p) => steps.push(p), epochEnd: (r) => epochs.push(r) },
    );
    expect(start).toMatchObject({ trainSize: 8000, validSize: 1000, testSize: 1000, stepsPerEpoch: 20 });
    expect(start?.options).toMatchObject({
      epochs: 2,
      batchSize: 100,
      learningRate: 0.1,
      hidden: 256,
      optimizer: 'sgd',
      seed: 1,
      device: 'cpu',
    });
    expect(steps).toHaveLength(40);
    expect(summary.epochs).toEqual(epochs);
    const [first, second] = summary.epochs as [EpochResult, EpochResult];
    // Softmax over 10 classes starts near ln(10) ≈ 2.30.
    expect(steps[0]!.loss).toBeGreaterThan(2);
    expect(steps[0]!.loss).toBeLessThan(2.6);
    expect(second.loss).toBeLessThan(first.loss);
    expect(steps[39]!.loss).toBeLessThan(steps[0]!.loss);
    expect(first.validationAccuracy).toBeGreaterThan(0.5);
    expect(second.validationAccuracy).toBeGreaterThan(0.5);
    expect(summary.testAccuracy).toBeGreaterThan(0.5);
    for (const r of summary.epochs) {
      expect(r.steps).toBe(20);
      expect(r.msPerStep).toBeGreaterThan(0);
      expect(r.samplesPerSecond).toBeCloseTo((100 * 1000) / r.msPerStep, 6);
    }
  });

  it('is reproducible for a seed and differs across seeds', async () => {
    const losses = async (seed: number) => {
      const out: number[] = [];
      await trainMnist({ epochs: 1, maxStepsPerEpoch: 3, hidden: 32, seed }, { step: (p) => out.push(p.loss) });
      return out;
    };
    const a = await losses(7);
    expect(await losses(7)).toEqual(a);
    expect(await losses(8)).not.toEqual(a);
  });

  // Rates that make 20 steps show progress; TF's RMSProp starts slowly (its mean-square slot starts at 1):
  // at 0.01 its accuracy after 20 steps is 0.12-0.21 depending on the init draw, too close to 0.15.
  const rates: Record<(typeof OPTIMIZERS)[number], number> = { sgd: 0.1, momentum: 0.1, adam: 0.01, rmsprop: 0.03, adagrad: 0.1 };
  it.each(OPTIMIZERS)('trains with --optimizer %s', async (optimizer) => {
    const losses: number[] = [];
    const summary = await trainMnist(
      { epochs: 1, maxStepsPerEpoch: 20, hidden: 64, optimizer, learningRate: rates[optimizer] },
      { step: (p) => losses.push(p.loss) },
    );
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(mean(losses.slice(15))).toBeLessThan(mean(losses.slice(0, 5)));
    expect(summary.epochs[0]!.validationAccuracy).toBeGreaterThan(0.15);
  });

  it.skipIf(webGpuSkip !== undefined)(
    'trains on WebGPU (--device webgpu): loss falls, accuracy above chance',
    async () => {
      const summary = await trainMnist({ device: 'webgpu', epochs: 1, maxStepsPerEpoch: 10, hidden: 32 });
      expect(summary.options.device).toBe('webgpu');
      expect(Number.isFinite(summary.epochs[0]!.loss)).toBe(true);
      expect(summary.testAccuracy).toBeGreaterThan(0.15);
    },
    120_000,
  );

  it('validates options with messages that name the flag', () => {
    expect(() => resolveTrainOptions({ epochs: 0 })).toThrow('--epochs must be a positive integer, got 0');
    expect(() => resolveTrainOptions({ batchSize: 2.5 })).toThrow('--batch-size must be a positive integer');
    expect(() => resolveTrainOptions({ learningRate: -1 })).toThrow('--learning-rate must be a positive number');
    expect(() => resolveTrainOptions({ optimizer: 'lbfgs' as never })).toThrow(
      '--optimizer must be one of sgd, momentum, adam, rmsprop, adagrad',
    );
    expect(() => resolveTrainOptions({ device: 'tpu' as never })).toThrow('--device must be one of cpu, webgpu');
  });

  it('rejects a batch size larger than the training set', async () => {
    await expect(trainMnist({ batchSize: 9000 })).rejects.toThrow('--batch-size 9000 is larger than the training set (8000 examples)');
  });

  it('derives distinct shuffle seeds per epoch', () => {
    const seeds = new Set([1, 2, 3].flatMap((s) => [1, 2, 3].map((e) => epochShuffleSeed(s, e))));
    expect(seeds.size).toBe(9);
  });
});

describe('trainMnist --data', () => {
  /** IDX bytes: magic, dims (big-endian uint32), then the uint8 data. */
  function idx(magic: number, dims: number[], data: Uint8Array): Buffer {
    const header = Buffer.alloc(4 + 4 * dims.length);
    header.writeUInt32BE(magic, 0);
    dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
    return Buffer.concat([header, data]);
  }

  it('reads the four IDX files of a directory (split like input_data: the first 5000 for validation)', async () => {
    const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'tf-cli-idx-'));
    try {
      const images = (n: number) =>
        idx(
          0x803,
          [n, 28, 28],
          Uint8Array.from({ length: n * 784 }, (_, i) => (i * 37) % 256),
        );
      const labels = (n: number) =>
        idx(
          0x801,
          [n],
          Uint8Array.from({ length: n }, (_, i) => i % 10),
        );
      await writeFile(join(dir, 'train-images-idx3-ubyte'), images(5200));
      await writeFile(join(dir, 'train-labels-idx1-ubyte'), labels(5200));
      await writeFile(join(dir, 't10k-images-idx3-ubyte'), images(50));
      await writeFile(join(dir, 't10k-labels-idx1-ubyte'), labels(50));
      let start: TrainStart | undefined;
      let source = '';
      const summary = await trainMnist({ data: dir, epochs: 1, hidden: 8 }, { loading: (s) => (source = s), start: (s) => (start = s) });
      expect(source).toBe(dir);
      expect(start).toMatchObject({ source: dir, trainSize: 200, validSize: 5000, testSize: 50, stepsPerEpoch: 2 });
      expect(summary.epochs).toHaveLength(1);
      expect(Number.isFinite(summary.epochs[0]!.loss)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names the missing file, or the missing directory', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'tf-cli-empty-'));
    try {
      await expect(trainMnist({ data: dir })).rejects.toThrow(/-idx\d-ubyte not found in \/\S+tf-cli-empty-/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    await expect(trainMnist({ data: '/nonexistent-tf-cli-dir' })).rejects.toThrow(
      'the data directory /nonexistent-tf-cli-dir does not exist (ENOENT)',
    );
  });
});
