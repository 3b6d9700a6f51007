import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tf/graph';
import { mnist } from '@tf/datasets';
import * as train from '@tf/train';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { type StepProgress, trainMnist, type TrainMnistOptions } from '../src/commands/train-mnist.js';
import { formatValues } from '../src/io/format-values.js';
import { main } from '../src/main.js';
import { createProgram, type TrainMnistFlags } from '../src/program.js';
import { Capture } from './helpers.js';

// tf train mnist --save / --restore, tf inspect on checkpoints and SavedModels, tf run on a
// SavedModel's signature. Training is kept tiny: 3 steps an epoch, 16 hidden units.

async function tfCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = { stdout: new Capture(), stderr: new Capture() };
  const code = await main(['node', 'tf', ...args], io);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

const tmp = (name: string) => mkdtempSync(join(tmpdir(), `tf-${name}-`));
const TINY: TrainMnistOptions = { maxStepsPerEpoch: 3, hidden: 16, optimizer: 'adam', learningRate: 0.01 };
const TINY_FLAGS = ['--max-steps-per-epoch', '3', '--hidden', '16', '--optimizer', 'adam', '--learning-rate', '0.01'];
const TF_CHECKPOINT = new URL('../../../fixtures/tf-graphs/tf2onnx-regression/checkpoint/', import.meta.url).pathname;

describe('tf train mnist --save, then tf inspect and tf run', () => {
  let dir = '';
  let images: tf.NDArray;
  let imagesJson = '';
  let expected: tf.NDArray | undefined;
  let w1: tf.NDArray | undefined;

  beforeAll(async () => {
    dir = tmp('save');
    images = (await mnist.load()).test.images.slice(0, 4);
    imagesJson = join(dir, 'images.json');
    const summary = await trainMnist({
      ...TINY,
      epochs: 2,
      save: join(dir, 'ckpt'),
      afterTraining: (sess, model) => {
        expected = sess.run(model.probabilities, [[model.x, images]]);
        w1 = sess.run(model.graph.getTensorByName('W1:0'));
      },
    });
    writeFileSync(imagesJson, JSON.stringify(images.toArray()));
    expect(summary).toMatchObject({
      globalStep: 6,
      checkpoint: join(dir, 'ckpt/model-6'),
      savedModel: { path: join(dir, 'ckpt/export/6'), written: true },
    });
    expect(summary.epochs.map((e) => [e.globalStep, e.checkpoint])).toEqual([
      [3, join(dir, 'ckpt/model-3')],
      [6, join(dir, 'ckpt/model-6')],
    ]);
  });

  it('writes a checkpoint per epoch (TF V2 files, the state file) and the SavedModel in export/<global step>', async () => {
    for (const f of ['model-3.index', 'model-3.data-00000-of-00001', 'model-6.index', 'model-6.meta', 'checkpoint'])
      expect(existsSync(join(dir, 'ckpt', f)), f).toBe(true);
    expect(await train.latestCheckpoint(join(dir, 'ckpt'))).toBe(join(dir, 'ckpt/model-6'));
    expect(existsSync(join(dir, 'ckpt/export/6/saved_model.pb'))).toBe(true);
    expect(existsSync(join(dir, 'ckpt/export/6/variables/variables.index'))).toBe(true);
    expect(Array.from((await train.loadVariable(join(dir, 'ckpt'), 'W1')).data)).toEqual(Array.from(w1!.data));
  });

  it('tf inspect DIR: every tensor (weights, Adam slots, global_step) and the state file, as text and JSON', async () => {
    const text = await tfCli('inspect', join(dir, 'ckpt'));
    expect(text.code, text.stderr).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toBe(`${join(dir, 'ckpt/model-6')}: TF checkpoint, 15 tensors (38,193 values)`);
    for (const line of ['W1 (DT_FLOAT) [784,16]', 'W1/Adam (DT_FLOAT) [784,16]', 'W1/Adam_1 (DT_FLOAT) [784,16]', 'b2 (DT_FLOAT) [10]'])
      expect(lines).toContain(line);
    expect(lines).toContain('beta1_power (DT_FLOAT) []');
    // TF's global step is int64 in the checkpoint, as TensorFlow writes it.
    expect(lines).toContain('global_step (DT_INT64) []');
    expect(text.stdout).toContain(`Checkpoint state (${join(dir, 'ckpt/checkpoint')}): latest ${join(dir, 'ckpt/model-6')}\n`);
    expect(text.stdout).toContain(`  ${join(dir, 'ckpt/model-3')}\n  ${join(dir, 'ckpt/model-6')}\n`);

    const json = JSON.parse((await tfCli('inspect', `${join(dir, 'ckpt/model-3')}.index`, '--json')).stdout);
    expect(json).toMatchObject({ format: 'checkpoint', prefix: join(dir, 'ckpt/model-3') });
    expect(json.tensors.map((t: { name: string }) => t.name)).toEqual([
      'W1',
      'W1/Adam',
      'W1/Adam_1',
      'W2',
      'W2/Adam',
      'W2/Adam_1',
      'b1',
      'b1/Adam',
      'b1/Adam_1',
      'b2',
      'b2/Adam',
      'b2/Adam_1',
      'beta1_power',
      'beta2_power',
      'global_step',
    ]);
    expect(json.state.checkpoints).toEqual([join(dir, 'ckpt/model-3'), join(dir, 'ckpt/model-6')]);
  });

  it('--tensor prints one tensor (big ones summarized, the elided count said); --all-tensors prints them all', async () => {
    expect((await tfCli('inspect', join(dir, 'ckpt/model-3'), '--tensor', 'global_step')).stdout).toBe('tensor_name:  global_step\n3\n');
    const w = await tfCli('inspect', join(dir, 'ckpt'), '--tensor', 'W1');
    expect(w.stdout).toMatch(/^tensor_name: {2}W1\n\[\[.*\.\.\..*\]\n \.\.\.\n/s);
    expect(w.stdout).toContain('\n(12,508 of 12,544 elements elided)\n');
    const exact = JSON.parse((await tfCli('inspect', join(dir, 'ckpt'), '--tensor', 'b2', '--json')).stdout);
    expect(exact).toMatchObject({ name: 'b2', dtype: 'DT_FLOAT', shape: [10] });
    expect(exact.value).toEqual(Array.from((await train.loadVariable(join(dir, 'ckpt'), 'b2')).data));

    const all = await tfCli('inspect', join(dir, 'ckpt'), '--all-tensors');
    expect(all.stdout.match(/^tensor_name: {2}/gm)).toHaveLength(15);
    expect(all.stdout).toContain('tensor_name:  global_step\n6\n');
    const allJson = JSON.parse((await tfCli('inspect', join(dir, 'ckpt'), '--all-tensors', '--json')).stdout);
    const byName = Object.fromEntries(allJson.tensors.map((t: { name: string }) => [t.name, t]));
    expect(byName['W1']).toMatchObject({ elided: 12544 });
    expect(byName['global_step']).toMatchObject({ value: 6 });
  });

  it('tf inspect a SavedModel: tag sets, signatures (like saved_model_cli show --all) and variables', async () => {
    const exportDir = join(dir, 'ckpt/export/6');
    const { code, stdout } = await tfCli('inspect', exportDir);
    expect(code).toBe(0);
    expect(stdout).toContain(
      [
        "MetaGraphDef with tag-set: 'serve' contains the following SignatureDefs:",
        '',
        "signature_def['serving_default']:",
        '  The given SavedModel SignatureDef contains the following input(s):',
        "    inputs['x'] tensor_info:",
        '        dtype: DT_FLOAT',
        '        shape: (-1, 784)',
        '        name: x:0',
        '  The given SavedModel SignatureDef contains the following output(s):',
        "    outputs['logits'] tensor_info:",
        '        dtype: DT_FLOAT',
        '        shape: (-1, 10)',
        '        name: logits:0',
        "    outputs['probabilities'] tensor_info:",
        '        dtype: DT_FLOAT',
        '        shape: (-1, 10)',
        '        name: probabilities:0',
        '  Method name is: tensorflow/serving/predict',
      ].join('\n'),
    );
    expect(stdout).toContain('  W1 (DT_FLOAT) [784,16]\n');
    const json = JSON.parse((await tfCli('inspect', join(exportDir, 'saved_model.pb'), '--json')).stdout);
    expect(json.metaGraphs).toHaveLength(1);
    expect(json.metaGraphs[0].tags).toEqual(['serve']);
    expect(json.metaGraphs[0].signatures.serving_default).toEqual({
      methodName: 'tensorflow/serving/predict',
      inputs: { x: { name: 'x:0', dtype: 'DT_FLOAT', shape: [-1, 784] } },
      outputs: {
        logits: { name: 'logits:0', dtype: 'DT_FLOAT', shape: [-1, 10] },
        probabilities: { name: 'probabilities:0', dtype: 'DT_FLOAT', shape: [-1, 10] },
      },
    });
    expect(json.variables.map((v: { name: string }) => v.name)).toContain('global_step');
  });

  it("tf run SAVED_MODEL --signature serving_default: the trained session's probabilities, bit for bit", async () => {
    const exportDir = join(dir, 'ckpt/export/6');
    const { code, stdout, stderr } = await tfCli(
      'run',
      exportDir,
      '--signature',
      'serving_default',
      '--input',
      `x=${imagesJson}`,
      '--json',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const outputs = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(outputs.map((o) => [o.name, o.tensor, o.shape])).toEqual([
      ['logits', 'logits:0', [4, 10]],
      ['probabilities', 'probabilities:0', [4, 10]],
    ]);
    expect(outputs[1].value).toEqual(expected!.toArray());
    // The default signature and one output by key, as text.
    const one = await tfCli('run', exportDir, '--input', `x=${imagesJson}`, '--output', 'probabilities');
    expect(one.stdout.split('\n')[0]).toBe('probabilities (probabilities:0) float32 [4, 10]');
  });

  it('says what exists when a signature, input, output or tensor does not', async () => {
    const exportDir = join(dir, 'ckpt/export/6');
    const input = `x=${imagesJson}`;
    const cases: [string[], string][] = [
      [['run', exportDir, '--signature', 'predict', '--input', input], 'error: --signature predict: the SavedModel'],
      [['run', exportDir, '--signature', 'predict', '--input', input], 'has no such signature; available: serving_default'],
      [
        ['run', exportDir, '--input', `images=${imagesJson}`],
        "--input images: signature 'serving_default' has no input of that key (inputs: x (x:0, DT_FLOAT (-1, 784)))",
      ],
      [['run', exportDir], "signature 'serving_default' needs --input x=…"],
      [['run', exportDir, '--input', input, '--output', 'classes'], 'has no output of that key (outputs: logits, probabilities)'],
      [['run', exportDir, '--input', input, '--tags', 'train'], "tags ['train'] could not be found in SavedModel"],
      [['run', join(dir, 'ckpt'), '--input', input], 'is a checkpoint: it holds variables, not the graph'],
      [['inspect', join(dir, 'ckpt'), '--tensor', 'W3'], 'error: --tensor W3: no tensor of that name in the checkpoint'],
      [['inspect', join(dir, 'ckpt'), '--tensor', 'W3'], '(15 tensors; closest: W1, W2, b1, b2, W1/Adam)'],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await tfCli(...args);
      expect(code, args.join(' ')).toBe(1);
      expect(stderr, args.join(' ')).toContain(message);
    }
  });
});

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

describe("tf inspect on TensorFlow's own checkpoint (tf2onnx's regression model)", () => {
  it('lists W and b, and prints their values', async () => {
    const list = await tfCli('inspect', TF_CHECKPOINT);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('\nW (DT_FLOAT) []\nb (DT_FLOAT) []\n');
    expect(list.stdout).toContain(`Checkpoint state (${TF_CHECKPOINT}checkpoint): latest ${TF_CHECKPOINT}model\n`);
    expect((await tfCli('inspect', TF_CHECKPOINT, '--tensor', 'W')).stdout).toBe('tensor_name:  W\n0.21396178\n');
    expect((await tfCli('inspect', `${TF_CHECKPOINT}model.index`, '--tensor', 'b:0')).stdout).toBe('tensor_name:  b\n1.0495254\n');
    const json = JSON.parse((await tfCli('inspect', `${TF_CHECKPOINT}model`, '--all-tensors', '--json')).stdout);
    expect(json.tensors).toEqual([
      { name: 'W', dtype: 'DT_FLOAT', shape: [], value: expect.closeTo(0.21396178, 7) },
      { name: 'b', dtype: 'DT_FLOAT', shape: [], value: expect.closeTo(1.0495254, 7) },
    ]);
    const unknown = await tfCli('inspect', TF_CHECKPOINT, '--tensor', 'w');
    expect(unknown.stderr).toContain('no tensor of that name in the checkpoint');
    expect(unknown.stderr).toContain('closest: W, b');
  });
});

describe('formatValues', () => {
  it("prints small arrays whole and big ones as NumPy summarizes them (edge items, '...')", () => {
    const small = tf.NDArray.from(
      [
        [1, 2],
        [3, 4],
      ],
      'int32',
    );
    expect(formatValues(small)).toEqual({ text: '[[1 2]\n [3 4]]', elided: 0 });
    const big = new tf.NDArray(
      'int32',
      [5, 7],
      Int32Array.from({ length: 35 }, (_, i) => i),
    );
    expect(formatValues(big, 10, 1)).toEqual({ text: '[[ 0 ...  6]\n ...\n [28 ... 34]]', elided: 31 });
    const floats = new tf.NDArray('float32', [9], Float32Array.from([0.5, 1, 2, 3, 4, 5, 6, 7, -1.25]));
    expect(formatValues(floats, 5, 2)).toEqual({ text: '[  0.5    1. ...    7. -1.25]', elided: 5 });
  });
});
