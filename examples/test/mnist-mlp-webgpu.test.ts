import { expect, it } from 'vitest';
import { trainMnistMlp } from '../mnist-mlp-webgpu.js';
import { webGpuUnavailable } from './webgpu-available.js';

const skipReason = await webGpuUnavailable();
if (skipReason) process.stderr.write(`Skipping the WebGPU seed MLP test: ${skipReason}\n`);

// docs/api.md §1's seed MLP, as written (10 epochs), on WebGPU against the same program on the CPU,
// same seed: the WebGPU issue's acceptance check. With the same seed both start from the same
// weights (the CPU kernels use the WebGPU kernels' Philox scheme) and see the same batches, so
// accuracies agree closely. On a machine without a GPU this runs on SwiftShader (software Vulkan,
// several seconds an epoch), the longest test of the suite.
it.skipIf(skipReason !== undefined)(
  'examples/mnist-mlp-webgpu.ts: 10 epochs on WebGPU reach the CPU accuracy within 0.5 points',
  async () => {
    const quiet = () => {};
    const gpu = await trainMnistMlp({ device: 'webgpu', epochs: 10, seed: 1, log: quiet });
    const cpu = await trainMnistMlp({ device: 'cpu', epochs: 10, seed: 1, log: quiet });
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    console.info(
      `mnist-mlp 10 epochs: webgpu test accuracy ${gpu.testAccuracy} (median ${Math.round(median(gpu.msPerEpoch))} ms/epoch), ` +
        `cpu ${cpu.testAccuracy} (median ${Math.round(median(cpu.msPerEpoch))} ms/epoch)`,
    );
    expect(gpu.testAccuracy).toBeGreaterThan(0.9);
    expect(Math.abs(gpu.testAccuracy - cpu.testAccuracy)).toBeLessThanOrEqual(0.005);
    gpu.validAccuracies.forEach((accuracy, epoch) =>
      expect(Math.abs(accuracy - cpu.validAccuracies[epoch]!), `epoch ${epoch + 1}`).toBeLessThanOrEqual(0.005),
    );
  },
  900_000,
);
