// The browser smoke test: dist/ (the page and its rolldown bundle of the packages) is served from
// 127.0.0.1, Debian's Chromium (driven by playwright-core, never a downloaded browser) runs the
// smoke graph on WebGPU through SwiftShader, and the values must match a CPU Session in Node.
// Flags and set-up: DEVELOPERS.md at the repository root.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Session } from '@tf/session';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSmokeModel, runSmoke, type SmokeValues } from '../src/model.js';
import type { SmokeResult } from '../src/smoke.js';
import { type StaticServer, serveStatic } from './static-server.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/** Headless Chromium with WebGPU on SwiftShader (no GPU needed); DEVELOPERS.md says why each is here. */
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-angle=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const haveChromium = existsSync(CHROMIUM);
const skipReason = `${CHROMIUM} not found (apt-get install chromium, or set CHROMIUM_PATH)`;
if (!haveChromium && process.env['CI'] !== 'true') console.warn(`Skipping the browser smoke test: ${skipReason}`);

describe('the bundle', () => {
  beforeAll(() => {
    // `turbo run test` builds first; a bare `vitest run` builds here.
    if (!existsSync(join(dist, 'smoke.js'))) execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  });

  it('has no Node-only imports (node:*, webgpu, @tf/kernels-webgpu/node)', () => {
    const bundle = readFileSync(join(dist, 'smoke.js'), 'utf8');
    expect(bundle).not.toMatch(/["']node:/);
    expect(bundle).not.toMatch(
      /(?:^\s*(?:import|export)\b[^;'"]*?(?:\bfrom\s*)?|\bimport\s*\(\s*|\brequire\s*\(\s*)["'](?:webgpu|@tf\/kernels-webgpu\/node)["']/m,
    );
    // The bundle carries the browser WebGPU backend and the packages themselves.
    expect(bundle).toContain('navigator');
    expect(bundle).toContain('createWebGpuBackend');
  });
});

const browserIt = haveChromium || process.env['CI'] === 'true' ? it : it.skip;

describe('in Chromium on WebGPU', () => {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  browserIt(
    browserIt === it ? 'runs the smoke graph and matches the CPU' : `runs the smoke graph (skipped: ${skipReason})`,
    async () => {
      if (!haveChromium) throw new Error(`CI=true and ${skipReason}`);
      if (!existsSync(join(dist, 'smoke.js'))) execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
      server = await serveStatic(dist);
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, timeout: 20_000 });
      const page = await browser.newPage();
      const logs: string[] = [];
      page.on('console', (message) => logs.push(`${message.type()}: ${message.text()}`));
      page.on('pageerror', (error) => logs.push(`pageerror: ${error.message}`));
      await page.goto(server.url);
      const handle = await page
        .waitForFunction(() => document.body.dataset['result'], undefined, { timeout: 30_000 })
        .catch((error: Error) => {
          throw new Error(`${error.message}\nbrowser console:\n${logs.join('\n')}`);
        });
      const result = JSON.parse((await handle.jsonValue()) as string) as SmokeResult;
      expect(result.error, `browser console:\n${logs.join('\n')}`).toBeUndefined();
      expect(result.ok).toBe(true);
      expect(result.device).toBe('webgpu');
      console.info(`WebGPU adapter ${JSON.stringify(result.adapter)}; the page ran in ${result.ms.toFixed(0)} ms`);

      const model = buildSmokeModel();
      const cpu = new Session({ graph: model.graph });
      const expected = await runSmoke(cpu, model);
      cpu.close();
      const values = result.values as SmokeValues;
      for (const key of ['y0', 'y1', 'W', 'b'] as const) {
        expect(values[key]).toHaveLength(expected[key].length);
        values[key].forEach((v, i) => expect(v, `${key}[${i}]`).toBeCloseTo(expected[key][i]!, 4));
      }
      expect(values.loss0).toBeCloseTo(expected.loss0, 4);
      expect(values.loss1).toBeCloseTo(expected.loss1, 4);
      expect(values.loss1).toBeLessThan(values.loss0); // it trained
    },
    // About 5 s alone, 10–15 s beside the other packages' tests on a 2-core machine.
    45_000,
  );
});
