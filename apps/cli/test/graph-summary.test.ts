import { describe, expect, it } from 'vitest';
import { formatSummary, nodeOfInput, summarizeGraphDef } from '../src/commands/graph-summary.js';
import { parseFeedSpec } from '../src/io/feed-spec.js';

const shape = (...dims: number[]) => ({ shape: { dim: dims.map((size) => ({ size })) } });
const mlp = {
  versions: { producer: 27 },
  node: [
    { name: 'X', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: shape(-1, 784) } },
    { name: 'W', op: 'VariableV2', attr: { dtype: { type: 'DT_FLOAT' }, shape: shape(784, 10) } },
    { name: 'W/read', op: 'Identity', input: ['W'] },
    { name: 'logits', op: 'MatMul', input: ['X', 'W/read'] },
    { name: 'probs', op: 'Softmax', input: ['logits'] },
    { name: 'examples', op: 'ParseExample', input: ['serialized'] },
    { name: 'examples_1', op: 'ParseExample', input: ['serialized'] },
    { name: 'init', op: 'NoOp', input: ['^W'] },
  ],
};

describe('tf inspect: graph summary', () => {
  it('names the node of every input form', () => {
    expect([nodeOfInput('x'), nodeOfInput('x:1'), nodeOfInput('^x'), nodeOfInput('a/b:0'), nodeOfInput('odd:name')]).toEqual([
      'x',
      'x',
      'x',
      'a/b',
      'odd:name',
    ]);
  });

  it('counts ops, lists inputs, variables, outputs and what @tf cannot run', () => {
    const s = summarizeGraphDef(mlp, (node) => node.op !== 'ParseExample');
    expect(s.nodes).toBe(8);
    expect(s.producer).toBe(27);
    expect(s.ops[0]).toEqual({ op: 'ParseExample', count: 2 });
    expect(s.placeholders).toEqual([{ name: 'X:0', dtype: 'float', shape: [-1, 784] }]);
    expect(s.variables).toEqual([{ name: 'W:0', dtype: 'float', shape: [784, 10] }]);
    expect(s.outputs).toEqual(['probs', 'examples', 'examples_1']);
    expect(s.unsupported).toEqual([{ op: 'ParseExample', nodes: ['examples', 'examples_1'] }]);
    const text = formatSummary('model.pb', s);
    expect(text).toContain('model.pb: GraphDef, 8 nodes (producer 27)');
    expect(text).toContain('X:0  float [?, 784]');
    expect(text).toContain('ParseExample: examples, examples_1');
  });
});

describe('tf run: --input specs', () => {
  const files: Record<string, Uint8Array> = { 'batch.json': new TextEncoder().encode('[[1, 2], [3, 4]]') };
  const read = (path: string) => {
    const file = files[path];
    if (!file) throw new Error(`ENOENT: ${path}`);
    return file;
  };

  it('reads inline JSON and .json files', () => {
    expect(parseFeedSpec('X:0=[[1,2]]', read)).toEqual({ name: 'X:0', value: [[1, 2]], source: '--input X:0' });
    expect(parseFeedSpec('keep_prob=1.0', read).value).toBe(1);
    expect(parseFeedSpec('X:0=batch.json', read).value).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('explains what it expected', () => {
    expect(() => parseFeedSpec('X:0', read)).toThrow('expected NAME=VALUE');
    expect(() => parseFeedSpec('X:0=[1,', read)).toThrow('--input X:0: not a .npy file, a .json file or inline JSON');
    expect(() => parseFeedSpec('X:0={"a":1}', read)).toThrow('expected a number, a boolean or a (nested) array');
    const deep = `${'['.repeat(50_000)}1${']'.repeat(50_000)}`;
    expect(() => parseFeedSpec(`X:0=${deep}`, read)).not.toThrow(RangeError);
  });
});
