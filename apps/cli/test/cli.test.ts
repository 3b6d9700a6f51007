import { webGpuSkipReason } from '@tf/kernels-webgpu/testing';
import { describe, expect, it } from 'vitest';
import { runTf } from './helpers.js';

const webGpuSkip = await webGpuSkipReason('the CLI --device webgpu test');

describe('node bin/tf.js', () => {
  it('train mnist --json prints one JSON object per epoch and the test accuracy', async () => {
    const { code, stdout, stderr } = await runTf(['train', 'mnist', '--epochs', '2', '--max-steps-per-epoch', '5', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, number>);
    expect(lines).toHaveLength(3);
    lines.slice(0, 2).forEach((line, i) => {
      expect(Object.keys(line)).toEqual(['epoch', 'globalStep', 'loss', 'validationAccuracy', 'samplesPerSecond', 'msPerStep']);
      expect(line['epoch']).toBe(i + 1);
      expect(line['globalStep']).toBe(5 * (i + 1));
      expect(line['loss']).toBeGreaterThan(0);
      expect(line['validationAccuracy']).toBeGreaterThan(0.1);
      expect(line['samplesPerSecond']).toBeGreaterThan(0);
      expect(line['msPerStep']).toBeGreaterThan(0);
    });
    expect(lines[2]).toEqual({ testAccuracy: expect.any(Number), globalStep: 10 });
    expect(lines[2]!['testAccuracy']).toBeGreaterThan(0.1);
  });

  it('train mnist without a TTY: plain lines on stdout, no progress bar escapes', async () => {
    const { code, stdout, stderr } = await runTf(['train', 'mnist', '--epochs', '1', '--max-steps-per-epoch', '3', '--hidden', '32']);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^epoch 1\/1 {2}step 3 {2}loss \d+\.\d{4} {2}validation accuracy 0\.\d{4} {2}[\d,]+ samples\/s {2}\d+\.\d\d ms\/step$/m,
    );
    expect(stdout).toMatch(/^test accuracy 0\.\d{4}$/m);
    expect(stderr).toContain('Training a 784-32-10 MLP');
    expect(stderr).not.toContain('\u001b[');
  });

  // Dawn's start-up, SwiftShader compiling the pipelines and evaluating 7,000 examples on the CPU
  // emulation of a GPU: seconds alone, a minute or more beside the other packages' tests under
  // turbo. The limits are generous; the work is kept small (3 steps, 16 hidden units).
  const WEBGPU_SPAWN_LIMIT_MS = 150_000;
  it.skipIf(webGpuSkip !== undefined)(
    '--device webgpu trains on WebGPU and prints JSON',
    async () => {
      const { code, stdout, stderr } = await runTf(
        ['train', 'mnist', '--device', 'webgpu', '--epochs', '1', '--max-steps-per-epoch', '3', '--hidden', '16', '--json'],
        undefined,
        WEBGPU_SPAWN_LIMIT_MS,
      );
      expect(code, stderr).toBe(0);
      const lines = stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, number>);
      expect(lines).toHaveLength(2);
      expect(lines[0]!['epoch']).toBe(1);
      expect(Number.isFinite(lines[0]!['loss'])).toBe(true);
      expect(lines[1]!['testAccuracy']).toBeGreaterThanOrEqual(0);
      expect(lines[1]!['testAccuracy']).toBeLessThanOrEqual(1);
    },
    WEBGPU_SPAWN_LIMIT_MS + 10_000,
  );

  it('--version and --help', async () => {
    const version = await runTf(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const help = await runTf(['train', 'mnist', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--max-steps-per-epoch <n>');
  });
});
