// The browser import test: dist/import.html fetches real TensorFlow graphs (binary GraphDefs and a
// TF.js graph model, copied from fixtures/tf-graphs/ into dist/models/ by the build) from
// 127.0.0.1, imports them from the fetched bytes, and runs each on WebGPU (SwiftShader, in Debian's
// Chromium driven by playwright-core) and on the CPU. Each WebGPU output must match the page's CPU
// output, a CPU Session in Node on the same files, and the values TensorFlow gives where known.
// `TF_DEMO_SCREENSHOT=/tmp/import.png` saves a screenshot of the page. Set-up: DEVELOPERS.md.
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { enableRelaxedSimd } from '@tf/kernels-cpu';
import { Session } from '@tf/session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASES, importCase, runCase } from '../src/graphs.js';
import type { ImportResult } from '../src/import-page.js';
import { browserTest, dist, ensureBuilt, expectNoNodeOnlyImports, type OpenPage, openPage, root, skipReason } from './chromium.js';

// Chromium has WebAssembly relaxed SIMD, so the page's CPU matmuls use fused multiply-adds; Node's
// reference runs the same GEMM build (Node 20 keeps relaxed SIMD behind a V8 flag), so the two
// CPUs agree bit for bit.
enableRelaxedSimd();

const built = () => ensureBuilt('import.js', 'models/tfjs/weights.bin');

/** |a − b| within 1e-4, relative to |b| beyond 1 (float32 sums of up to 784 products, in another order). */
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-4 * Math.max(1, Math.abs(b));

describe('the import page bundle', () => {
  beforeAll(built);

  it('has no Node-only imports, and the graphs it fetches are served beside it', () => {
    const bundle = expectNoNodeOnlyImports('import.js');
    expect(bundle).toContain('createWebGpuBackend');
    // importGraphDef keeps the whole op catalogue in a bundle (packages/graph/src/interop/catalogue.ts),
    // ops the page never names included; without it BiasAdd and Relu would import as opaque nodes.
    for (const op of ['BiasAdd', 'Relu', 'Conv2D', 'MaxPool', 'DynamicStitch']) expect(bundle).toContain(`type: "${op}"`);
    for (const c of CASES) expect(existsSync(join(dist, c.file)), c.file).toBe(true);
    expect(readFileSync(join(dist, 'models/regression.pb'))).toEqual(
      readFileSync(join(root, '../../fixtures/tf-graphs/tf2onnx-regression/graphdef/frozen.pb')),
    );
  });
});

const browserIt = browserTest('the browser import test');

describe('in Chromium: graphs fetched by URL, imported, run on WebGPU and the CPU', () => {
  let opened: OpenPage | undefined;
  afterAll(async () => opened?.close());

  browserIt(
    browserIt === it ? 'imports each graph from fetched bytes and agrees with the CPU' : `imports each graph (skipped: ${skipReason})`,
    async () => {
      built();
      const fetched: string[] = [];
      opened = await openPage('import.html', { width: 1280, height: 480 }, (page) =>
        page.on('request', (request) => fetched.push(new URL(request.url()).pathname)),
      );
      const { page, logs } = opened;
      const result = await opened.result<ImportResult>(40_000);
      const screenshot = process.env['TF_DEMO_SCREENSHOT'];
      if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
      expect(result.error, `browser console:\n${logs.join('\n')}`).toBeUndefined();
      expect(
        result.cases.map((c) => [c.name, c.error]),
        logs.join('\n'),
      ).toEqual(CASES.map((c) => [c.name, undefined]));
      expect(result.ok).toBe(true);
      expect(result.device).toBe('webgpu');
      // The page fetched every file (the TF.js shard by the path its manifest gives, beside model.json).
      for (const c of CASES) expect(fetched).toContain(`/${c.file}`);
      expect(fetched).toContain('/models/tfjs/weights.bin');

      const report: string[] = [];
      for (const c of CASES) {
        const got = result.cases.find((r) => r.name === c.name)!;
        const webgpu = got.webgpu!;
        // A CPU Session in Node on the same bytes.
        const graph = await importCase(c, async (path) => new Uint8Array(await readFile(join(dist, path))));
        const cpu = new Session({ graph });
        const node = await runCase(cpu, c);
        cpu.close();
        expect(webgpu.shape, c.name).toEqual(node.shape);
        // The WebGPU session ran every step on the device (the TF.js model's `/device:CPU:0` strings are dropped by loadGraphModel).
        expect(Object.keys(webgpu.steps), c.name).toEqual(['/device:WEBGPU:0']);
        expect(Object.keys(got.cpu!.steps)).toEqual(['/device:CPU:0']);
        expect(got.cpu!.values, `${c.name}: the browser's CPU = Node's CPU`).toEqual(node.values);
        const expected = c.expected?.(c.inputValues());
        webgpu.values.forEach((v, i) => {
          expect(close(v, node.values[i]!), `${c.name}[${i}]: WebGPU ${v} vs CPU ${node.values[i]}`).toBe(true);
          if (expected) expect(v, `${c.name}[${i}] vs TensorFlow`).toBeCloseTo(expected[i]!, 6);
        });
        report.push(
          `${c.name} ${JSON.stringify(webgpu.shape)}: max |WebGPU − CPU| = ${got.maxDiff!.toExponential(2)}, steps ${JSON.stringify(webgpu.steps)}`,
        );
      }
      console.info(`WebGPU adapter ${JSON.stringify(result.adapter)}; ${result.ms.toFixed(0)} ms\n${report.join('\n')}`);
    },
    60_000,
  );
});
