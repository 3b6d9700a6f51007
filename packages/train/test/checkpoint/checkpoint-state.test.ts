import { DataLossError, InvalidArgumentError, ValueError } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import {
  latestCheckpoint,
  parseCheckpointState,
  readCheckpointState,
  writeCheckpointState,
} from '../../src/checkpoint/checkpoint-state.js';
import { pythonFloat, quoteString } from '../../src/checkpoint/text-format.js';
import { memoryFileStore } from '../../src/storage/memory-store.js';
import { TF_CHECKPOINT_DIR, tfCheckpointStore } from './fixtures.js';
import { text } from './table-helpers.js';

describe('the checkpoint state file', () => {
  it('reads the file TF wrote, with its paths joined to the directory (TF get_checkpoint_state)', async () => {
    const store = await tfCheckpointStore();
    expect(await readCheckpointState(store, 'ckpt')).toEqual({
      modelCheckpointPath: 'ckpt/model',
      allModelCheckpointPaths: ['ckpt/model'],
    });
    expect(await latestCheckpoint('ckpt', store)).toBe('ckpt/model');
  });

  it('finds TF’s checkpoint on disk through the default (Node) store', async () => {
    const dir = TF_CHECKPOINT_DIR.replace(/\/$/, '');
    expect(await latestCheckpoint(dir)).toBe(`${dir}/model`);
  });

  it('latestCheckpoint is undefined without a state file, or when the named checkpoint has no .index', async () => {
    const store = await tfCheckpointStore();
    expect(await latestCheckpoint('elsewhere', store)).toBeUndefined();
    expect(await readCheckpointState(store, 'elsewhere')).toBeUndefined();
    await store.remove('ckpt/model.index');
    expect(await latestCheckpoint('ckpt', store)).toBeUndefined();
  });

  it('writes TF’s text format exactly, paths relative to the directory (TF save_relative_paths)', async () => {
    const store = memoryFileStore();
    await writeCheckpointState(store, 'train/ckpt', {
      modelCheckpointPath: 'train/ckpt/model-10',
      allModelCheckpointPaths: ['train/ckpt/model-5', 'train/ckpt/model-10'],
    });
    expect(text(await store.readFile('train/ckpt/checkpoint'))).toBe(
      'model_checkpoint_path: "model-10"\nall_model_checkpoint_paths: "model-5"\nall_model_checkpoint_paths: "model-10"\n',
    );
    expect(await readCheckpointState(store, 'train/ckpt')).toEqual({
      modelCheckpointPath: 'train/ckpt/model-10',
      allModelCheckpointPaths: ['train/ckpt/model-5', 'train/ckpt/model-10'],
    });
  });

  it('writes the same bytes as TF’s file for the same state', async () => {
    const store = memoryFileStore();
    await writeCheckpointState(store, 'ckpt', { modelCheckpointPath: 'ckpt/model', allModelCheckpointPaths: ['ckpt/model'] });
    expect(await store.readFile('ckpt/checkpoint')).toEqual((await (await tfCheckpointStore()).readFile('ckpt/checkpoint')).slice());
  });

  it('writes timestamps as Python prints floats, and reads them back', async () => {
    const store = memoryFileStore();
    const state = {
      modelCheckpointPath: 'model-2',
      allModelCheckpointPaths: ['model-1', 'model-2'],
      allModelCheckpointTimestamps: [1577836800.123456, 1700000000],
      lastPreservedTimestamp: 1577836700.5,
    };
    await writeCheckpointState(store, '', state);
    expect(text(await store.readFile('checkpoint'))).toBe(
      [
        'model_checkpoint_path: "model-2"',
        'all_model_checkpoint_paths: "model-1"',
        'all_model_checkpoint_paths: "model-2"',
        'all_model_checkpoint_timestamps: 1577836800.123456',
        'all_model_checkpoint_timestamps: 1700000000.0',
        'last_preserved_timestamp: 1577836700.5',
        '',
      ].join('\n'),
    );
    expect(await readCheckpointState(store, '')).toEqual(state);
  });

  it('formats floats as Python’s repr', () => {
    const cases: [number, string][] = [
      [0, '0.0'],
      [-0, '-0.0'],
      [1, '1.0'],
      [0.1, '0.1'],
      [123.456, '123.456'],
      [1e-4, '0.0001'],
      [1.5e-5, '1.5e-05'],
      [1e15, '1000000000000000.0'],
      [1e16, '1e+16'],
      [1.2345e22, '1.2345e+22'],
      [1234567890123456.8, '1234567890123456.8'], // 16 significant digits, fixed notation still
      [-2.5e-300, '-2.5e-300'],
      [Number.POSITIVE_INFINITY, 'inf'],
      [Number.NaN, 'nan'],
    ];
    for (const [value, repr] of cases) expect(pythonFloat(value)).toBe(repr);
  });

  it('escapes strings as TF’s text format does (C escapes, UTF-8 bytes in octal) and reads them back', async () => {
    expect(quoteString('a"b\'c\\d\ne\tf')).toBe('"a\\"b\\\'c\\\\d\\ne\\tf"');
    expect(quoteString('é')).toBe('"\\303\\251"');
    const store = memoryFileStore();
    const odd = 'runs/ü "quoted"\\x';
    await writeCheckpointState(store, 'runs', { modelCheckpointPath: odd, allModelCheckpointPaths: [] });
    expect(text(await store.readFile('runs/checkpoint'))).toContain('model_checkpoint_path: "\\303\\274 \\"quoted\\"\\\\x"');
    expect((await readCheckpointState(store, 'runs'))?.modelCheckpointPath).toBe(odd);
  });

  it('parses what TF’s Python text format accepts: exponents, comments, single quotes, lists, joined strings, separators', () => {
    const text = [
      '# written by hand',
      'model_checkpoint_path: \'model\' "-10"',
      'all_model_checkpoint_paths: ["/abs/model-5", "model-10"];',
      'all_model_checkpoint_timestamps: 1.5e9,',
      'all_model_checkpoint_timestamps: 1.6E+09',
      'last_preserved_timestamp: -inf',
    ].join('\n');
    expect(parseCheckpointState(text, 'checkpoint')).toEqual({
      modelCheckpointPath: 'model-10',
      allModelCheckpointPaths: ['/abs/model-5', 'model-10'],
      allModelCheckpointTimestamps: [1.5e9, 1.6e9],
      lastPreservedTimestamp: Number.NEGATIVE_INFINITY,
    });
    expect(parseCheckpointState('model_checkpoint_path:"a\\101\\x42\\u00e9"', 'c').modelCheckpointPath).toBe('aABé');
  });

  it('keeps absolute paths, and refuses relative ones outside the directory', async () => {
    const store = memoryFileStore();
    await writeCheckpointState(store, 'ckpt', {
      modelCheckpointPath: '/data/model-3',
      allModelCheckpointPaths: ['gs://bucket/model-1', 'ckpt/model-2'],
    });
    expect(text(await store.readFile('ckpt/checkpoint'))).toBe(
      'model_checkpoint_path: "/data/model-3"\nall_model_checkpoint_paths: "gs://bucket/model-1"\nall_model_checkpoint_paths: "model-2"\nall_model_checkpoint_paths: "/data/model-3"\n',
    );
    expect(await readCheckpointState(store, 'ckpt')).toEqual({
      modelCheckpointPath: '/data/model-3',
      allModelCheckpointPaths: ['gs://bucket/model-1', 'ckpt/model-2', '/data/model-3'],
    });
    await expect(writeCheckpointState(store, 'ckpt', { modelCheckpointPath: 'other/model', allModelCheckpointPaths: [] })).rejects.toThrow(
      InvalidArgumentError,
    );
  });

  it('checks what TF checks: timestamps match paths, the save path is not the state file', async () => {
    const store = memoryFileStore();
    await expect(
      writeCheckpointState(store, 'c', {
        modelCheckpointPath: 'c/m-2',
        allModelCheckpointPaths: ['c/m-1', 'c/m-2'],
        allModelCheckpointTimestamps: [1],
      }),
    ).rejects.toThrow(ValueError);
    await expect(writeCheckpointState(store, 'c', { modelCheckpointPath: 'c/checkpoint', allModelCheckpointPaths: [] })).rejects.toThrow(
      /conflicts/,
    );
  });

  it('uses another state file name when given one (TF latest_filename)', async () => {
    const store = memoryFileStore();
    await store.writeFile('c/m.index', new Uint8Array(0));
    await writeCheckpointState(store, 'c', { modelCheckpointPath: 'c/m', allModelCheckpointPaths: [] }, 'latest');
    expect(await store.list('c')).toEqual(['latest', 'm.index']);
    expect(await latestCheckpoint('c', store)).toBeUndefined();
    expect(await latestCheckpoint('c', store, 'latest')).toBe('c/m');
  });

  it('refuses a damaged state file with DataLossError naming the file and line', async () => {
    const store = memoryFileStore();
    const bad = [
      ['model_checkpoint_path: "model"\nbogus_field: 1\n', /checkpoint:2: CheckpointState has no field named bogus_field/],
      ['model_checkpoint_path: "mod', /checkpoint:1: unterminated string/],
      ['model_checkpoint_path "model"', /expected ':'/],
      ['all_model_checkpoint_timestamps: "x"', /wants a number/],
      ['all_model_checkpoint_paths: "model"', /names no model_checkpoint_path/],
      ['model_checkpoint_path: "\\xff"', /not valid UTF-8/],
      ['model_checkpoint_path: "a\\q"', /invalid escape/],
    ] as const;
    for (const [content, message] of bad) {
      await store.writeFile('d/checkpoint', new TextEncoder().encode(content));
      await expect(readCheckpointState(store, 'd')).rejects.toThrow(DataLossError);
      await expect(readCheckpointState(store, 'd')).rejects.toThrow(message);
    }
  });
});
