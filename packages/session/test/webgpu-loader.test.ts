import { UnavailableError } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { loadWebGpuWithoutNavigator as browserLoader } from '../src/webgpu-loader-browser.js';

// `#webgpu-loader` is chosen by package.json condition: Node gets Dawn (the `webgpu` package),
// a browser bundle gets this file, so it never reaches `webgpu`. A browser without
// `navigator.gpu` learns why and what to do instead of a module-resolution error.
describe('#webgpu-loader in a browser without navigator.gpu', () => {
  it('rejects with an UnavailableError that says what is missing and what to use instead', async () => {
    await expect(browserLoader()).rejects.toThrow(UnavailableError);
    await expect(browserLoader()).rejects.toThrow(/no WebGPU \(navigator\.gpu is undefined.*device: 'cpu'/);
  });
});
