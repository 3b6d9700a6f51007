import * as tf from '@tf/graph';
import { Session } from '@tf/session';

process.env['VK_ICD_FILENAMES'] ??= '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * Why WebGPU cannot run here (undefined when it can): the rule of `@tf/kernels-webgpu/testing` (not
 * a dependency of the examples), through a session. Only a missing adapter skips, and only locally.
 */
export async function webGpuUnavailable(): Promise<string | undefined> {
  const probe = new Session({ graph: new tf.Graph(), device: 'webgpu' });
  try {
    await probe.ready;
    return undefined;
  } catch (error) {
    if (process.env['CI'] === 'true' || !(error instanceof tf.UnavailableError)) throw error;
    return `WebGPU unavailable: ${error.message}`;
  } finally {
    probe.close();
  }
}
