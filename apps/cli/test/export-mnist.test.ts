import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tf/graph';
import { mnist } from '@tf/datasets';
import { Session } from '@tf/session';
import { describe, expect, it } from 'vitest';
import { checkGraphDef, loadOpDefs } from '../../../packages/graph/test/export-opdef-check.js';
import { buildMnistModel, OPTIMIZERS, trainMnist } from '../src/commands/train-mnist.js';
import { main } from '../src/main.js';

// `tf train mnist --export model.pb`: a frozen graph that `tf run` serves, with the trained
// session's predictions; and the seed MLP with each optimizer's training ops exports, re-imports
// into a fresh graph and trains on by name.

async function tfCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => ((stdout += s), true) }, stderr: { write: (s: string) => ((stderr += s), true) } };
  const code = await main(['node', 'tf', ...args], io as never);
  return { code, stdout, stderr };
}

const opDefs = loadOpDefs();

describe('tf train mnist --export', () => {
  it('writes a frozen graph (no variables, no training ops) whose tf run predictions equal the trained session', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-export-'));
    const path = join(dir, 'model.pb');
    const { test } = await mnist.load();
    const images = test.images.slice(0, 8);
    let expected: tf.NDArray | undefined;
    const summary = await trainMnist({
      epochs: 1,
      maxStepsPerEpoch: 30,
      hidden: 32,
      export: path,
      afterTraining: (sess, model) => {
        expected = sess.run(model.probabilities, [[model.x, images]]);
      },
    });
    expect(summary.exported).toEqual({ path, nodes: expect.any(Number) });

    const frozen = tf.decodeGraphDef(new Uint8Array(readFileSync(path)));
    const ops = frozen.node.map((n) => n.op);
    expect(ops).not.toContain('VariableV2');
    expect(ops).not.toContain('Assign');
    expect(ops).not.toContain('ApplyGradientDescent');
    expect(frozen.node.map((n) => n.name)).toEqual(expect.arrayContaining(['x', 'W1', 'b1', 'W2', 'b2', 'logits', 'probabilities']));
    expect(frozen.node.find((n) => n.name === 't')).toBeUndefined();
    expect(checkGraphDef(frozen, opDefs).problems).toEqual([]);

    const input = join(dir, 'images.json');
    writeFileSync(input, JSON.stringify(images.toArray()));
    const { code, stdout, stderr } = await tfCli('run', path, '--input', `x:0=${input}`, '--output', 'probabilities', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const served = JSON.parse(stdout) as { name: string; shape: number[]; value: number[][] };
    expect(served.name).toBe('probabilities:0');
    expect(served.shape).toEqual([8, 10]);
    // Bit for bit: the frozen constants are the trained float32 values, run by the same kernels.
    expect(served.value).toEqual(expected!.toArray());
  });

  it('the flag: tf train mnist --export FILE.pbtxt writes text, and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-export-'));
    const path = join(dir, 'model.pbtxt');
    const { code, stderr } = await tfCli(
      'train',
      'mnist',
      '--epochs',
      '1',
      '--max-steps-per-epoch',
      '2',
      '--hidden',
      '8',
      '--export',
      path,
    );
    expect(code).toBe(0);
    expect(existsSync(path)).toBe(true);
    expect(stderr).toContain(`Wrote the frozen graph ${path}`);
    const def = tf.parseGraphDefText(readFileSync(path, 'utf8'));
    expect(def.node.find((n) => n.name === 'W1')?.op).toBe('Const');
  });
});

describe('the seed MLP with each optimizer exports with its training ops and trains on after re-import', () => {
  it.each(OPTIMIZERS)('%s', async (optimizer) => {
    const learningRate = optimizer === 'adam' || optimizer === 'rmsprop' ? 0.001 : 0.1;
    const model = buildMnistModel({ hidden: 32, optimizer, learningRate, seed: 3 });
    const exported = model.graph.asGraphDef();
    expect(checkGraphDef(exported, opDefs).problems).toEqual([]);
    expect(exported.node.some((n) => n.op === 'ReducedShape' || n.op!.startsWith('_'))).toBe(false);

    const graph = new tf.Graph();
    graph.asDefault(() => tf.importGraphDef(tf.decodeGraphDef(tf.serializeGraphDef(exported)), { name: '' }));
    const { train } = await mnist.load();
    const feeds = { 'x:0': train.images.slice(0, 200), 't:0': train.labels.slice(0, 200) };
    const trainOp = model.trainStep.name;
    const losses = (g: tf.Graph) => {
      const sess = new Session({ graph: g });
      sess.run('init');
      const out: number[] = [];
      for (let step = 0; step < 30; step++)
        out.push(Number((sess.run([model.cost.name, trainOp], feeds) as [tf.NDArray, unknown])[0].item()));
      sess.close();
      return out;
    };
    const again = losses(graph);
    expect(again[again.length - 1]!).toBeLessThan(again[0]!);
    expect(again[again.length - 1]!).toBeLessThan(again[14]!);
    // The re-imported graph is the same model: the same losses step by step as the graph as built.
    expect(again).toEqual(losses(model.graph));
  });
});
