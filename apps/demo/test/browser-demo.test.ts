// The demo page (index.html, built by Vite) end to end in Debian's Chromium, as a user drives it:
// train a few steps on WebGPU (SwiftShader) and check the loss chart has points and validation
// accuracy rose above chance; switch to the CPU mid-way and back; draw a "1" with the mouse and
// read the prediction; unfold a name scope in the graph view (by click and by keyboard) and read
// an op's placement; read the traced step's timeline; download the frozen GraphDef and load it
// back as a model; force a device loss (`GPUDevice.destroy()` through the page's test hook) and
// see the banner and training carry on on the CPU. A second Chromium without a WebGPU adapter
// trains on the CPU and says so, at phone width. Budgets are tiny (a few dozen steps) to keep the
// file at ~30 s on two cores. Screenshots go to test-artifacts/ (gitignored).
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type {} from '../src/app/main.js'; // window.__tfDemo
import type { TrainerState } from '../src/app/trainer.js';
import {
  artifacts,
  browserTest,
  dist,
  ensureBuilt,
  expectNoNodeOnlyImports,
  NO_WEBGPU_FLAGS,
  type OpenPage,
  openPage,
  skipReason,
} from './chromium.js';

/** Short budgets: validation every 10 steps on 300 digits. */
const QUERY = '?evalEvery=10&validation=300';

const state = (page: Page): Promise<TrainerState> => page.evaluate(() => window.__tfDemo!.state());
const points = (page: Page): Promise<Record<string, number>> => page.evaluate(() => window.__tfDemo!.chartPoints());

async function waitForStep(page: Page, step: number, timeout = 30_000): Promise<void> {
  await page.waitForFunction((n) => window.__tfDemo!.state().step >= n, step, { timeout });
}

async function ready(opened: OpenPage): Promise<void> {
  await opened.page
    .waitForFunction(() => document.body.dataset['ready'], undefined, { timeout: 30_000 })
    .catch((error: Error) => {
      throw new Error(`${error.message}\nbrowser console:\n${opened.logs.join('\n')}`);
    });
  expect(await opened.page.evaluate(() => document.body.dataset['ready']), opened.logs.join('\n')).toBe('true');
}

/** A vertical stroke down the middle of the drawing pad: a "1". */
async function drawOne(page: Page): Promise<void> {
  const box = (await page.locator('#pad').boundingBox())!;
  const x = box.x + box.width * 0.5;
  await page.mouse.move(x, box.y + box.height * 0.15);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(x - i * 0.4, box.y + box.height * (0.15 + i * 0.07));
  await page.mouse.up();
}

function shot(page: Page, name: string, fullPage = false): Promise<Buffer> {
  mkdirSync(artifacts, { recursive: true });
  return page.screenshot({ path: join(artifacts, name), fullPage });
}

describe('the demo bundle', () => {
  it('is built by Vite with no Node-only imports, and serves the MNIST sample as an asset', () => {
    ensureBuilt('index.html', '.vite/manifest.json', 'smoke.html');
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    const script = html.match(/<script type="module" crossorigin src="\/?(assets\/index-[\w-]+\.js)">/)?.[1];
    expect(script, 'index.html loads the Vite bundle').toBeDefined();
    const bundle = expectNoNodeOnlyImports(script!);
    expect(bundle).toContain('createWebGpuBackend');
    // No Node code through the packages' conditions (#default-store, #platform, #webgpu-loader).
    const sources: string[] = JSON.parse(readFileSync(join(dist, `${script}.map`), 'utf8')).sources;
    expect(sources.filter((s) => /default-store-node|node-store|platform-node|webgpu-loader-node/.test(s))).toEqual([]);
    expect(sources.some((s) => s.includes('uplot'))).toBe(true);
    expect(sources.some((s) => s.includes('dagre'))).toBe(true);
    const sample = readdirSync(join(dist, 'assets')).find((f) => /^mnist-sample-[\w-]+\.bin$/.test(f));
    expect(sample, 'the MNIST sample is copied into assets/').toBeDefined();
    expect(bundle).toContain(`assets/${sample}`);
  });
});

const browserIt = browserTest('the demo in Chromium');

describe('the demo in Chromium', () => {
  const opened: OpenPage[] = [];
  afterAll(async () => {
    for (const o of opened) await o.close();
  });

  browserIt(
    browserIt === it
      ? 'trains on WebGPU and the CPU, predicts a drawn 1, shows the graph and the timeline, survives a device loss'
      : `(skipped: ${skipReason})`,
    async () => {
      ensureBuilt('index.html', '.vite/manifest.json');
      const o = await openPage(QUERY, { width: 1280, height: 800 });
      opened.push(o);
      const { page, logs } = o;
      const started = performance.now();
      await ready(o);
      const hooks = await page.evaluate(() => window.__tfDemo!.webGpu);
      expect(hooks.ok, JSON.stringify(hooks)).toBe(true);
      expect(await page.textContent('#adapter-name')).toContain(hooks.adapterName!);
      let s = await state(page);
      expect(s.device).toBe('webgpu');
      expect(s.step).toBe(0);
      // The accuracy at step 0 (chance), before any training.
      expect(s.lastAccuracy).toBeLessThan(0.3);

      // Train on WebGPU.
      await page.click('#start');
      // Step 20 and its validation (the third point: steps 0, 10, 20).
      await page.waitForFunction(() => window.__tfDemo!.chartPoints()['accuracy']! >= 3, undefined, { timeout: 30_000 });
      s = await state(page);
      expect(s.running).toBe(true);
      expect(s.device).toBe('webgpu');
      expect(s.lastAccuracy, 'validation accuracy after ~20 steps on WebGPU').toBeGreaterThan(0.3);
      const onGpu = await points(page);
      expect(onGpu['loss']).toBeGreaterThanOrEqual(20);
      expect(onGpu['accuracy']).toBeGreaterThanOrEqual(3);
      expect(await page.getAttribute('#chart-loss .chart-plot', 'aria-label')).toMatch(
        /Training loss: .* points, latest [\d.]+ at step \d+ on WebGPU/,
      );
      console.info(
        `WebGPU: ${s.step} steps, accuracy ${s.lastAccuracy}, ${((performance.now() - started) / 1000).toFixed(1)} s since load`,
      );

      // Switch to the CPU while training: the weights come along, training goes on.
      await page.check('#device-cpu');
      await page.waitForFunction(() => window.__tfDemo!.state().device === 'cpu');
      const atSwitch = (await state(page)).step;
      await waitForStep(page, atSwitch + 15);
      s = await state(page);
      expect(s.device).toBe('cpu');
      expect(s.running).toBe(true);
      expect(s.lastLoss!).toBeLessThan(1.5);
      expect(s.lastAccuracy, 'validation accuracy on the CPU, after the switch').toBeGreaterThan(0.5);
      expect(await page.getAttribute('#chart-loss .chart-plot', 'aria-label')).toMatch(/on CPU$/);

      // And back to WebGPU.
      await page.check('#device-webgpu');
      await page.waitForFunction(() => window.__tfDemo!.state().device === 'webgpu');
      await waitForStep(page, (await state(page)).step + 5);
      await page.click('#start'); // Pause
      await page.waitForFunction(() => !window.__tfDemo!.state().running);
      expect(await page.textContent('#start')).toBe('Resume');

      // The timeline of the step traced on the CPU session, then on WebGPU: ops on WEBGPU:0.
      await page.waitForFunction(() => document.getElementById('timeline')!.dataset['devices']?.includes('WEBGPU'));
      expect(Number(await page.getAttribute('#timeline', 'data-ops'))).toBeGreaterThan(10);
      expect(await page.locator('.timeline-table tbody tr').count()).toBeGreaterThan(5);

      // Draw a 1: the model being trained says what it sees.
      await drawOne(page);
      await page.waitForFunction(() => document.getElementById('prediction-trained')!.dataset['prediction'] !== undefined);
      const predicted = await page.getAttribute('#prediction-trained', 'data-prediction');
      console.info(`the drawn stroke was read as ${predicted}: ${await page.textContent('#prediction-trained .prediction')}`);
      expect(predicted).toBe('1');
      await page.evaluate(() => scrollTo(0, 0));
      await shot(page, 'demo-1280x800.png');

      // The graph: scopes start folded; a click unfolds layer1, Enter unfolds loss; an op shows where it ran.
      expect(await page.locator('[data-id="scope:layer1"]').count()).toBe(1);
      expect(await page.locator('[data-id="op:layer1/Relu"]').count()).toBe(0);
      await page.click('[data-id="scope:layer1"]');
      expect(await page.getAttribute('#graph-view', 'data-expanded')).toBe('layer1');
      await page.focus('[data-id="scope:loss"]');
      await page.keyboard.press('Enter');
      expect(await page.getAttribute('#graph-view', 'data-expanded')).toBe('layer1,loss');
      await page.click('[data-id="op:layer1/Relu"]');
      const details = (await page.textContent('#node-details'))!;
      expect(details).toContain('layer1/Relu');
      expect(details).toMatch(/Type\s*Relu/);
      expect(details).toContain('/device:WEBGPU:0');
      expect(details).toContain('float32 (?, 256)');
      await page.locator('section.graph').screenshot({ path: join(artifacts, 'demo-graph.png') });
      await page.locator('section.timeline-panel').screenshot({ path: join(artifacts, 'demo-timeline.png') });
      await shot(page, 'demo-1280-full.png', true);

      // The frozen GraphDef, downloaded and loaded back: the same guess for the same digit.
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-frozen')]);
      expect(download.suggestedFilename()).toMatch(/^mnist-mlp-step\d+-frozen\.pb$/);
      await page.setInputFiles('#load-files', (await download.path())!);
      await page.waitForFunction(() => document.getElementById('prediction-loaded')!.dataset['prediction'] !== undefined);
      expect(await page.getAttribute('#prediction-loaded', 'data-prediction')).toBe(predicted);
      expect(await page.textContent('#loaded-status')).toMatch(/Loaded GraphDef .* input x:0 \[\?,784\] → output probabilities:0/);

      // A lost device: the banner says so, training moves to the CPU from the last snapshot.
      await page.click('#start');
      await waitForStep(page, (await state(page)).step + 2);
      expect(await page.evaluate(() => window.__tfDemo!.loseDevice())).toBe(true);
      const banner = page.locator('.banner[data-reason="device-lost"]');
      await banner.waitFor({ timeout: 20_000 });
      expect(await banner.getAttribute('role')).toBe('alert');
      expect(await banner.textContent()).toMatch(/The WebGPU device was lost.*Training moved to the CPU with the weights of step \d+/s);
      await page.waitForFunction(() => window.__tfDemo!.state().device === 'cpu');
      const afterLoss = (await state(page)).step;
      await waitForStep(page, afterLoss + 3);
      expect((await state(page)).running).toBe(true);
      await shot(page, 'demo-device-lost.png');
      // "Try WebGPU again": a new device, the weights come along.
      await page.locator('.banner[data-reason="device-lost"]').getByRole('button', { name: 'Try WebGPU again' }).click();
      await page.waitForFunction(() => window.__tfDemo!.state().device === 'webgpu');
      await page.click('#start');
      expect(logs.filter((l) => l.startsWith('pageerror'))).toEqual([]);
      console.info(`the WebGPU test took ${((performance.now() - started) / 1000).toFixed(1)} s`);
    },
    90_000,
  );

  browserIt(
    browserIt === it ? 'without WebGPU trains on the CPU, says so, and fits a phone' : `(skipped: ${skipReason})`,
    async () => {
      ensureBuilt('index.html', '.vite/manifest.json');
      const o = await openPage(QUERY, { width: 390, height: 844 }, undefined, NO_WEBGPU_FLAGS);
      opened.push(o);
      const { page } = o;
      await ready(o);
      const banner = page.locator('.banner[data-reason="no-webgpu"]');
      expect(await banner.textContent()).toMatch(/No WebGPU here: training on the CPU/);
      expect(await page.isDisabled('#device-webgpu')).toBe(true);
      expect(await page.isChecked('#device-cpu')).toBe(true);
      expect(await page.textContent('#status')).toMatch(/the CPU \(no WebGPU in this browser\)/);
      // Keyboard only: Tab to Start and press it.
      await page.focus('#start');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => window.__tfDemo!.chartPoints()['accuracy']! >= 3, undefined, { timeout: 30_000 });
      await page.keyboard.press('Enter'); // Pause
      await page.waitForFunction(() => !window.__tfDemo!.state().running);
      const s = await state(page);
      expect(s.device).toBe('cpu');
      expect(s.lastAccuracy, 'validation accuracy after ~20 steps on the CPU').toBeGreaterThan(0.3);
      expect((await points(page))['loss']).toBeGreaterThanOrEqual(20);
      // Nothing wider than the phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.locator('#draw-title').scrollIntoViewIfNeeded();
      await drawOne(page);
      await page.waitForFunction(() => document.getElementById('prediction-trained')!.dataset['prediction'] !== undefined);
      await shot(page, 'demo-phone.png');
      await shot(page, 'demo-phone-full.png', true);

      // The CNN: choosing it rebuilds the graph (a reset); a few steps on the CPU.
      await page.selectOption('#batch-size', '32');
      await page.selectOption('#model', 'cnn');
      await page.waitForFunction(
        () => window.__tfDemo!.state().settings.model === 'cnn' && document.querySelector('[data-id="scope:conv1"]'),
      );
      expect((await state(page)).step).toBe(0);
      await page.click('#start');
      await waitForStep(page, 10);
      await page.click('#start');
      await page.waitForFunction(() => !window.__tfDemo!.state().running);
      const cnn = await state(page);
      expect(cnn.lastLoss).toBeLessThan(2.3);
      expect((await points(page))['loss']).toBe(cnn.step);
      expect(await page.textContent('#program')).toContain("buildModel('cnn', 'sgd')");
    },
    60_000,
  );
});
