import { describe, expect, it } from 'vitest';
import { createReporter, epochJson, formatEpoch, formatRestored } from '../src/commands/reporters.js';
import type { EpochResult, ResolvedTrainOptions, TrainStart, TrainSummary } from '../src/commands/train-mnist.js';
import { Capture } from './helpers.js';

const options: ResolvedTrainOptions = {
  epochs: 2,
  batchSize: 100,
  learningRate: 0.1,
  hidden: 256,
  optimizer: 'sgd',
  data: undefined,
  seed: 1,
  device: 'cpu',
  maxStepsPerEpoch: 3,
};
const start: TrainStart = { options, source: 'embedded MNIST sample', trainSize: 8000, validSize: 1000, testSize: 1000, stepsPerEpoch: 3 };
const epoch1: EpochResult = {
  epoch: 1,
  steps: 3,
  globalStep: 3,
  loss: 1.23456,
  validationAccuracy: 0.8125,
  samplesPerSecond: 12345.678,
  msPerStep: 8.1001,
};
const summary: TrainSummary = { options, epochs: [epoch1], globalStep: 3, testAccuracy: 0.875, seconds: 1.5 };

function drive(reporter: ReturnType<typeof createReporter>) {
  reporter.loading?.(start.source);
  reporter.start?.(start);
  reporter.epochStart?.(1, 3);
  for (let step = 1; step <= 3; step++)
    reporter.step?.({ epoch: 1, step, steps: 3, globalStep: step, loss: 1, meanLoss: 1, samplesPerSecond: 1000 });
  reporter.epochEnd?.(epoch1);
  reporter.end?.(summary);
}

describe('reporters', () => {
  it('--json: one JSON object per epoch and a final testAccuracy, nothing on stderr', () => {
    const stdout = new Capture();
    const stderr = new Capture(true);
    drive(createReporter({ json: true, stdout, stderr }));
    const lines = stdout.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, number>);
    expect(lines).toEqual([
      { epoch: 1, globalStep: 3, loss: 1.23456, validationAccuracy: 0.8125, samplesPerSecond: 12345.7, msPerStep: 8.1 },
      { testAccuracy: 0.875, globalStep: 3 },
    ]);
    expect(Object.keys(lines[0]!)).toEqual(['epoch', 'globalStep', 'loss', 'validationAccuracy', 'samplesPerSecond', 'msPerStep']);
    expect(stderr.text).toBe('');
  });

  it('--json --quiet: only the final object', () => {
    const stdout = new Capture();
    drive(createReporter({ json: true, quiet: true, stdout, stderr: new Capture() }));
    expect(stdout.text).toBe('{"testAccuracy":0.875,"globalStep":3}\n');
  });

  it('--quiet: only the test accuracy line', () => {
    const stdout = new Capture();
    const stderr = new Capture(true);
    drive(createReporter({ quiet: true, stdout, stderr }));
    expect(stdout.text).toBe('test accuracy 0.8750\n');
    expect(stderr.text).toBe('');
  });

  it('non-TTY stderr: plain result lines, no progress bar', () => {
    const stdout = new Capture();
    const stderr = new Capture(false);
    drive(createReporter({ stdout, stderr }));
    expect(stdout.text).toBe(`${formatEpoch(epoch1, 2)}\ntest accuracy 0.8750\n`);
    expect(stdout.text).toContain('epoch 1/2  step 3  loss 1.2346  validation accuracy 0.8125  12,346 samples/s  8.10 ms/step');
    expect(stderr.text).not.toContain('[');
    expect(stderr.text).toContain('Training a 784-256-10 MLP on 8000 examples');
    expect(stderr.text).not.toContain('\u001b[');
  });

  it('TTY stderr: draws a progress bar there, results still on stdout', () => {
    const stdout = new Capture();
    const stderr = new Capture(true);
    drive(createReporter({ stdout, stderr }));
    expect(stderr.text).toContain('epoch 1/2 [');
    expect(stderr.text).toMatch(/\d\/3 \| step \d \| loss/);
    expect(stdout.text).toContain('epoch 1/2  step 3  loss 1.2346');
  });

  it('epochJson rounds only the throughput figures', () => {
    expect(epochJson(epoch1)).toBe(
      '{"epoch":1,"globalStep":3,"loss":1.23456,"validationAccuracy":0.8125,"samplesPerSecond":12345.7,"msPerStep":8.1}',
    );
  });

  it('--save and --restore: where the run resumed, each checkpoint and the SavedModel (stderr); JSON names them', () => {
    const restored = { path: 'ckpt/model-3', globalStep: 3, epoch: 2, stepInEpoch: 0 };
    const saving = { ...epoch1, epoch: 2, globalStep: 6, checkpoint: 'ckpt/model-6' };
    const end: TrainSummary = {
      ...summary,
      epochs: [saving],
      globalStep: 6,
      checkpoint: 'ckpt/model-6',
      savedModel: { path: 'ckpt/export/6', written: true },
    };
    const drive2 = (reporter: ReturnType<typeof createReporter>) => {
      reporter.start?.(start);
      reporter.restored?.(restored);
      reporter.epochStart?.(2, 3, 0);
      reporter.epochEnd?.(saving);
      reporter.end?.(end);
    };
    const human = { stdout: new Capture(), stderr: new Capture() };
    drive2(createReporter(human));
    expect(human.stdout.text).toContain('epoch 2/2  step 6  loss');
    expect(human.stderr.text).toContain('Restored ckpt/model-3 (global step 3): resuming at epoch 2/2\n');
    expect(human.stderr.text).toContain('Saved the checkpoint ckpt/model-6\n');
    expect(human.stderr.text).toContain(
      'Wrote the SavedModel ckpt/export/6 (tag serve; signature serving_default: x → probabilities, logits).',
    );
    expect(formatRestored({ ...restored, globalStep: 4, stepInEpoch: 1 }, 2, 3)).toBe(
      'Restored ckpt/model-3 (global step 4): resuming at epoch 2/2, step 2 of 3',
    );
    expect(formatRestored({ ...restored, globalStep: 6, epoch: 3 }, 2, 3)).toBe(
      'Restored ckpt/model-3 (global step 6): nothing left to train for --epochs 2 (6 steps); raise --epochs to train on',
    );

    const json = { stdout: new Capture(), stderr: new Capture() };
    drive2(createReporter({ json: true, ...json }));
    expect(
      json.stdout.text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { restored },
      { ...JSON.parse(epochJson(saving)), checkpoint: 'ckpt/model-6' },
      { testAccuracy: 0.875, globalStep: 6, checkpoint: 'ckpt/model-6', savedModel: 'ckpt/export/6' },
    ]);
    expect(json.stderr.text).toBe('');
  });
});
