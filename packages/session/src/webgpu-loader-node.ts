// `#webgpu-loader` in Node (package.json "imports", condition "node"): WebGPU through Dawn, the
// `webgpu` npm package, which `@tf/kernels-webgpu/node` loads. Browsers get
// webgpu-loader-browser.ts instead, so a browser bundle never reaches `webgpu`.
import { UnavailableError } from '@tf/graph';
import type { Backend } from '@tf/graph/backend';

/** Where the `webgpu` package is missing, Node's resolver names it in a module-not-found error. */
function isMissingWebgpuPackage(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  return (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') && /['"]webgpu['"]/.test(e?.message ?? '');
}

/** A WebGPU backend without `navigator.gpu`: Dawn in Node; a missing `webgpu` package says what to install. */
export async function loadWebGpuWithoutNavigator(): Promise<Backend> {
  let mod: typeof import('@tf/kernels-webgpu/node');
  try {
    mod = await import('@tf/kernels-webgpu/node');
  } catch (error) {
    if (isMissingWebgpuPackage(error)) {
      throw new UnavailableError(
        "device: 'webgpu' in Node needs the npm package `webgpu` (Dawn's Node bindings): npm install webgpu@^0.6.2. " +
          'Without a GPU it runs on SwiftShader (Debian: apt-get install chromium libvulkan1).',
      );
    }
    throw error;
  }
  return (await mod.createNodeWebGpuBackend()) as unknown as Backend;
}
