import { enableRelaxedSimd } from '../src/index.js';

// Imported first by the relaxed-SIMD test files: turns V8's relaxed SIMD on (Node 20) before
// anything loads the GEMM, so this process runs its relaxed build.
enableRelaxedSimd();
