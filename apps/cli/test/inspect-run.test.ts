import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNpy } from '../src/io/npy.js';
import { main } from '../src/main.js';

// tf inspect and tf run on real TensorFlow graphs (the repo's fixtures/tf-graphs, see its SOURCES.md).
const graphs = new URL('../../../fixtures/tf-graphs/', import.meta.url).pathname;

async function tf(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => ((stdout += s), true) }, stderr: { write: (s: string) => ((stderr += s), true) } };
  const code = await main(['node', 'tf', ...args], io as never);
  return { code, stdout, stderr };
}

describe('tf inspect', () => {
  it('summarizes a frozen MLP: op histogram, placeholder, output', async () => {
    const { code, stdout } = await tf('inspect', `${graphs}tf2onnx-fc-layers/frozen.pb`);
    expect(code).toBe(0);
    expect(stdout).toContain('GraphDef, 24 nodes');
    expect(stdout).toMatch(/3 {2}MatMul/);
    expect(stdout).toContain('X:0  float [?, 784]');
    expect(stdout).toContain('output:0');
  });

  it('reads a TF 0.x training graph: variables, shapes written as unknown, nothing unsupported (--json)', async () => {
    const { stdout } = await tf('inspect', `${graphs}tfrust/regression_train.pb`, '--json');
    const summary = JSON.parse(stdout);
    expect(summary.variables.map((v: { name: string }) => v.name)).toEqual(['w:0', 'b:0']);
    expect(summary.placeholders).toEqual([
      { name: 'x:0', dtype: 'float', shape: null },
      { name: 'y:0', dtype: 'float', shape: null },
    ]);
    expect(summary.unsupported).toEqual([]);
  });

  it('names the nodes @tf cannot run, by node: the saver ops and their string constants', async () => {
    const { stdout } = await tf('inspect', `${graphs}tfrust/regression_checkpoint_train.pb`, '--json');
    const unsupported = Object.fromEntries(JSON.parse(stdout).unsupported.map((u: { op: string; nodes: string[] }) => [u.op, u.nodes]));
    expect(unsupported.SaveV2).toEqual(['save/SaveV2']);
    expect(unsupported.RestoreV2).toEqual(['save/RestoreV2']);
    // DT_STRING constants (tensor names for the saver) are opaque; float constants are not.
    expect(unsupported.Const).toContain('save/SaveV2/tensor_names');
    expect(unsupported.Const).not.toContain('train/learning_rate');
  });

  it('reads text GraphDefs', async () => {
    const { stdout } = await tf('inspect', `${graphs}tf-aot/test_graph_tfadd.pbtxt`, '--json');
    expect(JSON.parse(stdout)).toMatchObject({ nodes: 3, outputs: ['x_y_sum'], unsupported: [] });
  });
});

describe('tf run', () => {
  it('feeds inline JSON and prints the output (pred = 0.21396178·X + 1.0495254)', async () => {
    const { code, stdout } = await tf('run', `${graphs}tf2onnx-regression/graphdef/frozen.pb`, '--input', 'X:0=[[-1],[0],[2.5]]', '--json');
    expect(code).toBe(0);
    const { name, shape, value } = JSON.parse(stdout);
    expect([name, shape]).toEqual(['pred:0', [3, 1]]);
    [-1, 0, 2.5].forEach((x, i) => expect(value[i][0]).toBeCloseTo(0.21396178 * x + 1.0495254, 6));
  });

  it('runs a text GraphDef with no inputs, and int32 feeds by bare name', async () => {
    expect((await tf('run', `${graphs}tf-aot/test_graph_tfadd.pbtxt`)).stdout).toBe('x_y_sum:0 int32 [1]\n[3]\n');
    const { stdout } = await tf('run', `${graphs}tfrust/addition.pb`, '--input', 'x=3', '--input', 'y=4', '--json');
    expect(JSON.parse(stdout)).toEqual({ name: 'z:0', dtype: 'int32', shape: [], value: 7 });
  });

  it('writes the output to a .npy file', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tf-run-')), 'c.npy');
    const { code } = await tf('run', `${graphs}tfrust/multiplication.pb`, '--input', 'a=[1.5, 2]', '--input', 'b=[4, -1]', '--out', out);
    expect(code).toBe(0);
    const c = readNpy(readFileSync(out));
    expect([c.dtype, c.shape, Array.from(c.data)]).toEqual(['float32', [2], [6, -2]]);
  });

  it('says which names exist when one does not, and which placeholder needs a feed', async () => {
    const unknown = await tf('run', `${graphs}tf2onnx-regression/graphdef/frozen.pb`, '--input', 'Y:0=[[1]]');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('--input Y:0: no tensor of that name');
    expect(unknown.stderr).toContain('try X:0');
    const missing = await tf('run', `${graphs}tf2onnx-regression/graphdef/frozen.pb`);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("You must feed a value for placeholder tensor 'X'");
  });
});
