// Part of `build` and `prepack`: the MNIST sample ships in dist/, beside the code that reads it
// (src/platform-node.ts) and where the `@tf/datasets/mnist-sample.bin` export points.
import { copyFileSync, mkdirSync } from 'node:fs';

mkdirSync(new URL('../dist/', import.meta.url), { recursive: true });
copyFileSync(new URL('../data/mnist-sample.bin', import.meta.url), new URL('../dist/mnist-sample.bin', import.meta.url));
