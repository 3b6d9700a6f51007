import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tf/graph';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main as section2 } from '../api-section2.js';
import { main as section3 } from '../api-section3.js';
import { main as section4a } from '../api-section4a.js';
import { main as section4bc } from '../api-section4bc.js';
import { getDefaultSession } from '@tf/session';

// The docs/api.md programs in examples/ are run as written; these tests check what they print.

const spyOnLog = () => vi.spyOn(console, 'log').mockImplementation(() => {});
let log: ReturnType<typeof spyOnLog>;
beforeEach(() => {
  tf.resetDefaultGraph();
  log = spyOnLog();
});
afterEach(() => {
  vi.restoreAllMocks();
  expect(getDefaultSession()).toBeUndefined();
});

describe('examples/', () => {
  it('api-section2.ts (run() vs eval(), Session vs InteractiveSession)', () => {
    const warn = vi.spyOn(console, 'warn');
    section2();
    expect(log.mock.calls).toEqual([[30], ['30.0'], ['30.0']]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('api-section3.ts (Session.run)', async () => {
    await section3();
    expect(log.mock.calls).toEqual([
      [undefined],
      [undefined],
      ['11.0'],
      [3],
      [14],
      ['[[1. 2.]\n [2. 6.]]'],
      [11],
      [11, undefined],
      [11, 1],
      [true],
      [30],
      ["Cannot feed value of shape (3,) for Tensor 'x:0', which has shape '(?, 2)'"],
      ['float32', '[3,2]', '1,2,2,6,0,2'],
      ['[[1,2],[2,6],[0,2]]'],
      ['[[2. 6.]]'],
      [11],
    ]);
  });

  it('the examples can run again in a fresh graph', async () => {
    section2();
    tf.resetDefaultGraph();
    await section3();
    expect(log).toHaveBeenCalledTimes(3 + 16);
  });

  it('api-section4a.ts (a frozen TF 1.x graph, run directly, and written back)', async () => {
    await section4a();
    expect(log.mock.calls).toEqual([[[4, 10]], [true]]);
  });

  it('api-section4bc.ts (a checkpoint saved, restored and its MetaGraph imported; a SavedModel saved and loaded)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-examples-'));
    try {
      await section4bc(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(log.mock.calls).toEqual([['ckpt/model-1000'], [['21.000']], [['1.000', '3.000', '5.000', '7.000']]]);
  });
});
