// The browser smoke test: dist/ (the page and its rolldown bundle of the packages) is served from
// 127.0.0.1, Debian's Chromium (driven by playwright-core, never a downloaded browser) runs the
// smoke graph on WebGPU through SwiftShader, and the values must match a CPU Session in Node.
// Flags and set-up: DEVELOPERS.md at the repository root.
import { Session } from '@tf/session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSmokeModel, runSmoke, type SmokeValues } from '../src/model.js';
import type { SmokeResult } from '../src/smoke.js';
import { browserTest, ensureBuilt, expectNoNodeOnlyImports, type OpenPage, openPage, skipReason } from './chromium.js';

describe('the bundle', () => {
  beforeAll(() => ensureBuilt('smoke.js'));

  it('has no Node-only imports (node:*, webgpu, @tf/kernels-webgpu/node)', () => {
    const bundle = expectNoNodeOnlyImports('smoke.js');
    // The bundle carries the browser WebGPU backend and the packages themselves.
    expect(bundle).toContain('navigator');
    expect(bundle).toContain('createWebGpuBackend');
  });
});

const browserIt = browserTest('the browser smoke test');

describe('in Chromium on WebGPU', () => {
  let opened: OpenPage | undefined;
  afterAll(async () => opened?.close());

  browserIt(
    browserIt === it ? 'runs the smoke graph and matches the CPU' : `runs the smoke graph (skipped: ${skipReason})`,
    async () => {
      ensureBuilt('smoke.js');
      opened = await openPage('smoke.html');
      const { logs } = opened;
      const result = await opened.result<SmokeResult>(30_000);
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
