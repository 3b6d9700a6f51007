// `#webgpu-loader` outside Node (package.json "imports", condition "default"): a browser whose
// `navigator.gpu` is missing has no WebGPU, and there is nothing to load instead.
import { UnavailableError } from '@tf/graph';
import type { Backend } from '@tf/graph/backend';

export async function loadWebGpuWithoutNavigator(): Promise<Backend> {
  throw new UnavailableError(
    "device: 'webgpu': this browser has no WebGPU (navigator.gpu is undefined; it needs a secure context, https or localhost, " +
      "and a browser with WebGPU enabled). Use device: 'cpu' here.",
  );
}
