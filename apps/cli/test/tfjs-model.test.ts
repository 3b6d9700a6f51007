import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';

// tf inspect and tf run on a TF.js graph model: model.json + weights.bin, the shards read from
// model.json's folder (fixtures/tf-graphs/tfjs-graph-model/, see its SOURCES.md).
const dir = new URL('../../../fixtures/tf-graphs/tfjs-graph-model/', import.meta.url).pathname;
const model = `${dir}model.json`;

async function tf(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const writer = (append: (s: string) => void) => ({
    write: (s: string) => {
      append(s);
      return true;
    },
  });
  const io = { stdout: writer((s) => (stdout += s)), stderr: writer((s) => (stderr += s)) };
  const code = await main(['node', 'tf', ...args], io as never);
  return { code, stdout, stderr };
}

/** A temporary folder holding model.json (as given) and, unless left out, weights.bin. */
function folder(modelJson: string = readFileSync(model, 'utf8'), withWeights = true): string {
  const d = mkdtempSync(join(tmpdir(), 'tf-tfjs-'));
  writeFileSync(join(d, 'model.json'), modelJson);
  if (withWeights) copyFileSync(`${dir}weights.bin`, join(d, 'weights.bin'));
  return d;
}

describe('tf inspect model.json', () => {
  it('summarizes the GraphDef in modelTopology, weights filled', async () => {
    const { code, stdout } = await tf('inspect', model);
    expect(code).toBe(0);
    expect(stdout).toContain(`${model}: TF.js graph model, 3 nodes (producer 175)`);
    expect(stdout).toContain('Placeholder:0  float [2, 2]');
    expect(stdout).toMatch(/Likely outputs:\n {2}MatMul:0/);
    const json = JSON.parse((await tf('inspect', model, '--json')).stdout);
    expect(json).toMatchObject({ format: 'TF.js graph model', nodes: 3, outputs: ['MatMul'], unsupported: [] });
  });

  it('knows a model.json by its content under another name', async () => {
    const d = folder();
    copyFileSync(join(d, 'model.json'), join(d, 'graph'));
    expect(JSON.parse((await tf('inspect', join(d, 'graph'), '--json')).stdout).format).toBe('TF.js graph model');
  });
});

describe('tf run model.json', () => {
  it('feeds the fixture input and prints [0.75676152, -0.18349380] per row', async () => {
    const { code, stdout } = await tf('run', model, '--input', 'Placeholder:0=[[1,1],[1,1]]', '--json');
    expect(code).toBe(0);
    const { name, dtype, shape, value } = JSON.parse(stdout);
    expect([name, dtype, shape]).toEqual(['MatMul:0', 'float32', [2, 2]]);
    for (const row of value) {
      expect(row[0]).toBeCloseTo(0.75676152, 7);
      expect(row[1]).toBeCloseTo(-0.1834938, 7);
    }
  });

  it('names a missing shard and the weights it holds', async () => {
    const { code, stderr } = await tf('run', join(folder(undefined, false), 'model.json'), '--input', 'Placeholder=[[1,1],[1,1]]');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: Cannot read weight shard 'weights.bin' of weightsManifest\[0\] \(weights 'w'\): ENOENT/);
  });

  it('refuses a shard path that leaves the model folder', async () => {
    const json = JSON.parse(readFileSync(model, 'utf8'));
    json.weightsManifest[0].paths = ['../weights.bin'];
    const { code, stderr } = await tf('inspect', join(folder(JSON.stringify(json)), 'model.json'));
    expect(code).toBe(1);
    expect(stderr).toContain("Cannot read weight shard '../weights.bin'");
    expect(stderr).toContain("the path leaves the model's folder");
  });

  it('says what is wrong with a JSON file that is not a graph model, or not JSON', async () => {
    const notModel = await tf('inspect', join(folder('{"format": "layers-model"}'), 'model.json'));
    expect(notModel.stderr).toContain('is JSON but not a TF.js graph model (it has no modelTopology)');
    const notJson = await tf('inspect', join(folder('{"modelTopology": '), 'model.json'));
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/model\.json is not JSON: /);
  });
});
