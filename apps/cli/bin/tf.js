#!/usr/bin/env node
// The `tf` command. Build first (`pnpm turbo run build --filter=@tf/cli...`): this runs dist/.
import { enableRelaxedSimd } from '@tf/kernels-cpu';
import { runCli } from '../dist/main.js';

// The CLI owns its process: it turns on WebAssembly relaxed SIMD (a V8 flag in Node 20; shipped in
// Node 22+) so the CPU backend's matmuls use fused multiply-adds.
enableRelaxedSimd();

await runCli(process.argv);
