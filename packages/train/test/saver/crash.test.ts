import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { latestCheckpoint, Saver } from '../../src/index.js';
import { nodeFileStore } from '../../src/node.js';
import { sessionFor } from '../helpers.js';

const CHILD = fileURLToPath(new URL('./crash-child.mjs', import.meta.url));
const KILLS = 15;

/**
 * Starts the saving child and kills it (SIGKILL) `delayMs` after its first save of this run
 * completed: from then on it is always somewhere inside a save, whatever the machine's load.
 */
function saveAndKill(dir: string, delayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    let armed = false;
    child.stdout.on('data', (d: Buffer) => {
      if (armed || !d.toString().includes('saved')) return;
      armed = true;
      setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited ${code}: ${stderr}`))));
  });
}

// A deterministic spread of kill moments (ms after the child's first save of a run), so a failure reproduces.
const delays = Array.from({ length: KILLS }, (_, i) => 5 + ((i * 37) % 160));

describe('checkpoints survive a crash at any moment', () => {
  it(`restores a complete checkpoint after each of ${KILLS} SIGKILLs during saves`, { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-crash-'));
    const store = nodeFileStore();
    const graph = new tf.Graph();
    const vars = graph.asDefault(() => [
      tf.Variable(tf.zeros([256, 256]), { name: 'W' }),
      tf.Variable(tf.zeros([256]), { name: 'b' }),
      tf.Variable(tf.zeros([3, 7]), { name: 'c' }),
    ]);
    const saver = graph.asDefault(() => new Saver({ store }));
    const sess = sessionFor(graph);
    let lastStep = 0;
    try {
      for (const delay of delays) {
        await saveAndKill(dir, delay);
        const latest = await latestCheckpoint(dir, store);
        expect(latest, 'a run that saved once leaves a checkpoint').toBeDefined();
        await saver.restore(sess, latest!);
        const step = Number(/model-(\d+)$/.exec(latest!)![1]);
        // Complete: every element of every variable holds the checkpoint's step.
        for (const v of vars) expect(new Set(sess.run(v).data), `${v.name} in ${latest}`).toEqual(new Set([step]));
        expect(step).toBeGreaterThanOrEqual(lastStep);
        lastStep = step;
      }
      expect(lastStep, 'the children saved something').toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
