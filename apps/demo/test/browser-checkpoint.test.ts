// The browser checkpoint test: dist/checkpoint.html (src/checkpoint-page.ts) in Debian's Chromium
// with WebGPU on SwiftShader. The page trains an MLP with Adam, saves it to IndexedDB and restores
// it into a fresh graph (both must then train on with equal losses), restores TensorFlow's own
// checkpoint and model.meta from 127.0.0.1 through urlFileStore, and exports a SavedModel into a
// memory store, loads it back and offers it as a tar download. Here: the bundle (no Node-only
// module, @tf/train's `#default-store` resolved to its browser file), then every value the page
// reports, against TensorFlow's numbers and a CPU Session in Node; the download is clicked, unpacked
// and loaded in Node; a reload shows the checkpoint outlived the page in IndexedDB.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { enableRelaxedSimd } from '@tf/kernels-cpu';
import { Session } from '@tf/session';
import { memoryFileStore, savedModel } from '@tf/train';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARCHIVE_NAME, ARCHIVE_ROOT, buildMlp, STEPS, TF_X, trainSteps, X } from '../src/checkpoint-model.js';
import type { CheckpointResult } from '../src/checkpoint-page.js';
import { untarFiles } from '../src/download.js';
import {
  browserTest,
  CHROMIUM,
  CHROMIUM_FLAGS,
  dist,
  ensureBuilt,
  expectNoNodeOnlyImports,
  haveChromium,
  type OpenPage,
  openPage,
  root,
  skipReason,
} from './chromium.js';
import { serveStatic } from './static-server.js';

// Chromium has WebAssembly relaxed SIMD, so the page's CPU matmuls use fused multiply-adds; Node's
// reference runs the same GEMM build (Node 20 keeps relaxed SIMD behind a V8 flag), so the two
// CPUs agree bit for bit.
enableRelaxedSimd();

const TF_FILES = ['checkpoint', 'model.index', 'model.data-00000-of-00001', 'model.meta'];
const built = () => ensureBuilt('checkpoint.js', ...TF_FILES.map((f) => `checkpoints/tf2onnx-regression/${f}`));

/** |a − b| within 1e-4, relative to |b| beyond 1: float32 on WebGPU against the CPU. */
const expectClose = (actual: readonly number[], expected: readonly number[], what: string) => {
  expect(actual.length, what).toBe(expected.length);
  actual.forEach((a, i) =>
    expect(Math.abs(a - expected[i]!) <= 1e-4 * Math.max(1, Math.abs(expected[i]!)), `${what}[${i}]: ${a} vs ${expected[i]}`).toBe(true),
  );
};

/** The MLP trained 2·STEPS Adam steps by a CPU Session in Node: its losses, and `pred` for X after them. */
async function cpuReference(): Promise<{ losses: number[]; pred: number[] }> {
  const m = buildMlp();
  const sess = new Session({ graph: m.graph });
  try {
    sess.run(m.init);
    const losses = await trainSteps(sess, m, 2 * STEPS);
    const pred = Array.from((await sess.runAsync(m.pred, [[m.x, X]])).data as Float32Array);
    return { losses, pred };
  } finally {
    sess.close();
  }
}

describe('the checkpoint page bundle', () => {
  beforeAll(built);

  it("has no Node-only imports, @tf/train's #default-store is its browser file, and TF's checkpoint is served beside it", () => {
    const bundle = expectNoNodeOnlyImports('checkpoint.js');
    const sources: string[] = JSON.parse(readFileSync(join(dist, 'checkpoint.js.map'), 'utf8')).sources;
    expect(sources.filter((s) => s.includes('train/dist/storage/')).sort()).toEqual(
      [
        '../../../packages/train/dist/storage/default-store-browser.js',
        '../../../packages/train/dist/storage/file-store.js',
        '../../../packages/train/dist/storage/indexeddb-store.js',
        '../../../packages/train/dist/storage/memory-store.js',
        '../../../packages/train/dist/storage/url-store.js',
      ].sort(),
    );
    // The Node store's code (temporary file, fsync, rename, fsync of the directory) is not in it.
    for (const text of ['syncDirectory', 'randomBytes', 'nodeFileStore()']) expect(bundle).not.toContain(text);
    expect(bundle).toContain('indexedDbFileStore');
    for (const f of TF_FILES) {
      expect(readFileSync(join(dist, 'checkpoints/tf2onnx-regression', f)), f).toEqual(
        readFileSync(join(root, '../../fixtures/tf-graphs/tf2onnx-regression/checkpoint', f)),
      );
    }
  });
});

const browserIt = browserTest('the browser checkpoint test');

describe('in Chromium: checkpoints in IndexedDB, read by URL, and a SavedModel downloaded', () => {
  let opened: OpenPage | undefined;
  afterAll(async () => opened?.close());

  browserIt(
    browserIt === it
      ? 'saves and restores through IndexedDB, URLs and memory, and offers the SavedModel as a download'
      : `saves and restores in the browser (skipped: ${skipReason})`,
    async () => {
      built();
      const fetched: string[] = [];
      opened = await openPage('checkpoint.html', undefined, (page) =>
        page.on('request', (request) => fetched.push(`${request.method()} ${new URL(request.url()).pathname}`)),
      );
      const { page, logs } = opened;
      const result = await opened.result<CheckpointResult>(60_000);
      const context = `page result:\n${JSON.stringify(result, null, 1)}\nbrowser console:\n${logs.join('\n')}`;
      expect(result.errors, context).toEqual([]);
      expect(result.ok, context).toBe(true);
      expect(result.device).toBe('webgpu');
      expect(result.fallback).toBeUndefined();

      // 1. IndexedDB: the restored session trains on exactly as the original does.
      const idb = result.indexedDb!;
      expect(idb.savedTo).toBe(`ckpt/mlp-${STEPS}`);
      expect(idb.latest).toBe(idb.savedTo);
      expect(idb.restoredStep).toBe(STEPS);
      expect(idb.original).toHaveLength(STEPS);
      expect(idb.restored).toEqual(idb.original);
      expect(idb.equal).toBe(true);
      expect(idb.variables.map((v) => v.name)).toEqual([
        'beta1_power',
        'beta2_power',
        'global_step',
        'hidden/W',
        'hidden/W/Adam',
        'hidden/W/Adam_1',
        'hidden/b',
        'hidden/b/Adam',
        'hidden/b/Adam_1',
        'out/W',
        'out/W/Adam',
        'out/W/Adam_1',
        'out/b',
        'out/b/Adam',
        'out/b/Adam_1',
      ]);
      expect(idb.variables.find((v) => v.name === 'global_step')).toEqual({ name: 'global_step', dtype: 'DT_INT64', shape: [] });
      expect(idb.variables.find((v) => v.name === 'hidden/W/Adam')).toEqual({ name: 'hidden/W/Adam', dtype: 'DT_FLOAT', shape: [3, 8] });
      // Read with the bare IndexedDB API: the files are in the database, not in a cache of the store object.
      expect(idb.idbKeys).toEqual(['ckpt/checkpoint', 'ckpt/mlp-4.data-00000-of-00001', 'ckpt/mlp-4.index', 'ckpt/mlp-4.meta']);
      // The losses agree with the same training on the CPU in Node (and fall).
      const cpu = await cpuReference();
      expectClose([...idb.before, ...idb.original], cpu.losses, 'losses, WebGPU vs CPU');
      expect(idb.original[STEPS - 1]!).toBeLessThan(idb.before[0]!);

      // 2. TensorFlow's checkpoint and model.meta, fetched from this origin.
      const url = result.url!;
      expect(url.latest).toBe('model');
      expect(url.variables).toEqual([
        { name: 'W', dtype: 'DT_FLOAT', shape: [] },
        { name: 'b', dtype: 'DT_FLOAT', shape: [] },
      ]);
      expect(url.W).toBe(Math.fround(0.21396178));
      expect(url.b).toBe(Math.fround(1.0495254));
      expect(url.metaBytes).toBe(readFileSync(join(dist, 'checkpoints/tf2onnx-regression/model.meta')).length);
      expect(url.saverKeys).toEqual(['W', 'b']);
      expect(url.trainableVariables).toEqual(['W:0', 'b:0']);
      expect(url.pred).toHaveLength(TF_X.length);
      url.pred.forEach((p, i) => expect(p, `pred[${i}]`).toBeCloseTo(0.21396178 * TF_X[i]! + 1.0495254, 6));
      for (const f of ['checkpoint', 'model.index', 'model.data-00000-of-00001', 'model.meta']) {
        expect(fetched, f).toContain(`GET /checkpoints/tf2onnx-regression/${f}`);
      }

      // 3. The SavedModel in a memory store, loaded back with the same outputs.
      const sm = result.savedModel!;
      expect(sm.files.map((f) => f.path)).toEqual([
        'saved_model.pb',
        'variables/variables.data-00000-of-00001',
        'variables/variables.index',
      ]);
      expect(sm.files.every((f) => f.size > 0)).toBe(true);
      expect(sm.signature).toEqual({ inputs: { x: 'x:0' }, outputs: { pred: 'pred:0' } });
      expect(sm.loaded).toEqual(sm.original);
      expect(sm.equal).toBe(true);
      expectClose(sm.original, cpu.pred, 'pred after training, WebGPU vs CPU');
      expect(sm.download.href).toMatch(/^blob:http:\/\/127\.0\.0\.1:\d+\//);

      // The download: clicked, saved by the browser, unpacked and loaded here by a CPU Session.
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-saved-model')]);
      expect(download.suggestedFilename()).toBe(ARCHIVE_NAME);
      const archive = new Uint8Array(await readFile(await download.path()));
      expect(archive.length).toBe(sm.download.size);
      const files = untarFiles(archive);
      expect(files.map((f) => f.path)).toEqual(sm.download.entries);
      expect(files.map((f) => f.bytes.length)).toEqual(sm.files.map((f) => f.size));
      const store = memoryFileStore();
      for (const f of files) await store.writeFile(f.path, f.bytes);
      const sess = new Session();
      try {
        const meta = await savedModel.load(sess, ['serve'], ARCHIVE_ROOT, { store });
        const sig = meta.signatureDef['serving_default']!;
        const pred = await sess.runAsync(sig.outputs['pred']!.name!, { [sig.inputs['x']!.name!]: X });
        expectClose(Array.from(pred!.data as Float32Array), sm.original, 'the downloaded SavedModel on the CPU vs the page');
      } finally {
        sess.close();
      }

      // A reload: the last visit's checkpoint is still in IndexedDB (the page clears it first), and the run repeats exactly.
      await page.evaluate(() => delete document.body.dataset['result']);
      await page.reload();
      const again = await opened.result<CheckpointResult>(60_000);
      expect(again.errors).toEqual([]);
      expect(again.indexedDb!.cleared).toBe(4);
      expect(again.indexedDb!.original).toEqual(idb.original);
      console.info(
        `WebGPU adapter ${JSON.stringify(result.adapter)}; ${result.ms.toFixed(0)} ms; losses ${JSON.stringify(idb.before)} → saved → ` +
          `original ${JSON.stringify(idb.original)} = restored; TF W ${url.W}, b ${url.b}, pred ${JSON.stringify(url.pred)}`,
      );
    },
    120_000,
  );

  browserIt(
    browserIt === it
      ? 'without a WebGPU adapter runs on the CPU, says so, and matches the CPU in Node'
      : `the CPU fallback (skipped: ${skipReason})`,
    async () => {
      if (!haveChromium) throw new Error(`CI=true and ${skipReason}`);
      built();
      // The harness's flags without WebGPU's: navigator.gpu is there, requestAdapter() finds nothing.
      const flags = [...CHROMIUM_FLAGS.filter((f) => !/webgpu|vulkan|swiftshader/i.test(f)), '--disable-features=Vulkan'];
      const server = await serveStatic(dist);
      const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: flags, timeout: 20_000 });
      try {
        const page = await browser.newPage();
        await page.goto(`${server.url}checkpoint.html`);
        const handle = await page.waitForFunction(() => document.body.dataset['result'], undefined, { timeout: 60_000 });
        const result = JSON.parse((await handle.jsonValue()) as string) as CheckpointResult;
        expect(result.errors).toEqual([]);
        expect(result.ok).toBe(true);
        expect(result.device).toBe('cpu');
        expect(result.fallback).toMatch(/no adapter|navigator\.gpu is missing|did not start/);
        // The browser's CPU kernels are Node's: the same losses, bit for bit.
        const cpu = await cpuReference();
        expect([...result.indexedDb!.before, ...result.indexedDb!.original]).toEqual(cpu.losses);
        expect(result.indexedDb!.restored).toEqual(result.indexedDb!.original);
        expect(result.savedModel!.loaded).toEqual(cpu.pred);
        expect(result.url!.W).toBe(Math.fround(0.21396178));
      } finally {
        await browser.close();
        await server.close();
      }
    },
    90_000,
  );
});
