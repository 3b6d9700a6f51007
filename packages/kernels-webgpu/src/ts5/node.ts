/// <reference types="@webgpu/types" preserve="true" />
// Declarations for TypeScript < 6 (package.json: `types@<6.0`, and `typesVersions` for node10
// resolution). Their DOM lib has no WebGPU, so this variant brings `@webgpu/types` (a dependency).
// TypeScript 6+ has WebGPU in its DOM lib, where `@webgpu/types` would clash with it (duplicate
// identifiers), so the entry points themselves do not reference it.
export * from '../node.js';
