import { expect, it } from 'vitest';
import { trainMnistMlp } from '../mnist-mlp-webgpu.js';

// API.md §1's seed MLP on WebGPU against the same program on the CPU, same seed. On a machine
// without a GPU this runs on SwiftShader (software Vulkan, ~10 s an epoch), so the test trains
// one epoch, not ten. With the same seed both start from the same weights (the CPU kernels use
// the WebGPU kernels' Philox scheme) and see the same batches, so accuracies agree closely.
it('examples/mnist-mlp-webgpu.ts: one epoch on WebGPU reaches > 0.8, within 0.5 points of the CPU', async () => {
  const quiet = () => {};
  const gpu = await trainMnistMlp({ device: 'webgpu', epochs: 1, seed: 1, log: quiet });
  const cpu = await trainMnistMlp({ device: 'cpu', epochs: 1, seed: 1, log: quiet });
  console.info(
    `mnist-mlp 1 epoch: webgpu test ${gpu.testAccuracy} (${Math.round(gpu.msPerEpoch[0]!)} ms), ` +
      `cpu test ${cpu.testAccuracy} (${Math.round(cpu.msPerEpoch[0]!)} ms)`,
  );
  expect(gpu.testAccuracy).toBeGreaterThan(0.8);
  expect(Math.abs(gpu.testAccuracy - cpu.testAccuracy)).toBeLessThanOrEqual(0.005);
}, 300_000);
