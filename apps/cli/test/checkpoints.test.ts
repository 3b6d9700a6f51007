import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as train from '@tf/train';
import { describe, expect, it, vi } from 'vitest';
import { type StepProgress, trainMnist, type TrainMnistOptions } from '../src/commands/train-mnist.js';
import { main } from '../src/main.js';
import { createProgram, type TrainMnistFlags } from '../src/program.js';
import { Capture } from './helpers.js';

// tf train mnist --save / --restore. Training is kept tiny: 3 steps an epoch, 16 hidden units.

async function tfCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = { stdout: new Capture(), stderr: new Capture() };
  const code = await main(['node', 'tf', ...args], io);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

const tmp = (name: string) => mkdtempSync(join(tmpdir(), `tf-${name}-`));
const TINY: TrainMnistOptions = { maxStepsPerEpoch: 3, hidden: 16, optimizer: 'adam', learningRate: 0.01 };
const TINY_FLAGS = ['--max-steps-per-epoch', '3', '--hidden', '16', '--optimizer', 'adam', '--learning-rate', '0.01'];

describe('tf train mnist --restore', () => {
  it('resumes where the last checkpoint stopped: the global step goes on, and weights, Adam slots and losses equal an uninterrupted run', async () => {
    const whole: StepProgress[] = [];
    const straight = tmp('straight');
    await trainMnist({ ...TINY, epochs: 2, save: straight }, { step: (p) => whole.push(p) });
    expect(whole.map((p) => p.globalStep)).toEqual([1, 2, 3, 4, 5, 6]);

    const dir = tmp('resume');
    const first = await tfCli('train', 'mnist', ...TINY_FLAGS, '--epochs', '1', '--save', dir, '--json');
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout.split('\n')[0]!)).toMatchObject({ epoch: 1, globalStep: 3, checkpoint: join(dir, 'model-3') });

    // Same command, more epochs, --restore: the second run's first step is the first run's last + 1.
    const resumed: StepProgress[] = [];
    const restoredFrom: unknown[] = [];
    const summary = await trainMnist(
      { ...TINY, epochs: 2, save: dir, restore: true },
      { restored: (r) => restoredFrom.push(r), step: (p) => resumed.push(p) },
    );
    expect(restoredFrom).toEqual([{ path: join(dir, 'model-3'), globalStep: 3, epoch: 2, stepInEpoch: 0 }]);
    expect(resumed.map((p) => [p.epoch, p.step, p.globalStep])).toEqual([
      [2, 1, 4],
      [2, 2, 5],
      [2, 3, 6],
    ]);
    expect(resumed.map((p) => p.loss)).toEqual(whole.slice(3).map((p) => p.loss));
    expect(summary.checkpoint).toBe(join(dir, 'model-6'));
    for (const name of ['W1', 'W1/Adam', 'W1/Adam_1', 'beta1_power', 'global_step']) {
      const a = await train.loadVariable(join(straight, 'model-6'), name);
      const b = await train.loadVariable(join(dir, 'model-6'), name);
      expect(Array.from(b.data), name).toEqual(Array.from(a.data));
    }
    // The state file keeps the first run's checkpoint too (maxToKeep counts across runs).
    expect((await train.readCheckpointState((await import('@tf/train/node')).nodeFileStore(), dir))?.allModelCheckpointPaths).toEqual([
      join(dir, 'model-3'),
      join(dir, 'model-6'),
    ]);

    // Nothing left to train: said so, the existing SavedModel kept.
    const again = await tfCli('train', 'mnist', ...TINY_FLAGS, '--epochs', '2', '--save', dir, '--restore');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`Restored ${join(dir, 'model-6')} (global step 6): nothing left to train for --epochs 2 (6 steps)`);
    expect(again.stderr).toContain(`The SavedModel ${join(dir, 'export/6')} of global step 6 exists already; kept as it is.`);
  });

  it('resumes inside an epoch when the checkpoint was written mid-epoch (other --max-steps-per-epoch)', async () => {
    const whole: number[] = [];
    await trainMnist({ ...TINY, epochs: 2 }, { step: (p) => whole.push(p.loss) });
    const dir = tmp('mid');
    await trainMnist({ ...TINY, maxStepsPerEpoch: 2, epochs: 1, save: dir });
    const resumed: StepProgress[] = [];
    await trainMnist({ ...TINY, epochs: 2, save: dir, restore: true }, { step: (p) => resumed.push(p) });
    expect(resumed.map((p) => [p.epoch, p.step, p.globalStep])).toEqual([
      [1, 3, 3],
      [2, 1, 4],
      [2, 2, 5],
      [2, 3, 6],
    ]);
    expect(resumed.map((p) => p.loss)).toEqual(whole.slice(2));
  });

  it('refuses to mix runs, and needs a checkpoint to restore (and --save for --restore)', async () => {
    const dir = tmp('refuse');
    const empty = await tfCli('train', 'mnist', ...TINY_FLAGS, '--epochs', '1', '--save', dir, '--restore');
    expect(empty.stderr).toContain(`error: --restore: no checkpoint in ${dir} (there is no ${dir}/checkpoint state file)`);
    expect((await tfCli('train', 'mnist', ...TINY_FLAGS, '--epochs', '1', '--save', dir)).code).toBe(0);
    const mixed = await tfCli('train', 'mnist', ...TINY_FLAGS, '--epochs', '1', '--save', dir);
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toContain(`--save ${dir} already holds checkpoints (latest ${dir}/model-3): add --restore to resume from it`);
    const other = await tfCli('train', 'mnist', ...TINY_FLAGS, '--hidden', '8', '--epochs', '2', '--save', dir, '--restore');
    expect(other.stderr).toContain('Assign requires shapes of both tensors to match');
    expect(other.stderr).toContain('(was it written with the same --hidden and --optimizer?)');
    expect((await tfCli('train', 'mnist', '--restore')).stderr).toContain('error: --restore resumes from the checkpoints of --save DIR');
  });

  it('parses --save DIR and --restore (absent unless given)', async () => {
    const trainSpy = vi.fn<(flags: TrainMnistFlags) => void>();
    const program = () => createProgram({ trainMnist: trainSpy }, { stdout: new Capture(), stderr: new Capture() });
    await program().parseAsync(['train', 'mnist', '--save', 'ckpt', '--restore'], { from: 'user' });
    await program().parseAsync(['train', 'mnist'], { from: 'user' });
    expect(trainSpy.mock.calls[0]![0]).toMatchObject({ save: 'ckpt', restore: true });
    expect(trainSpy.mock.calls[1]![0]).not.toHaveProperty('save');
    expect(trainSpy.mock.calls[1]![0]).not.toHaveProperty('restore');
  });
});
