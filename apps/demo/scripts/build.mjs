// Bundles src/smoke.ts and the workspace packages it imports into dist/smoke.js for the browser
// (rolldown, platform 'browser'), and copies index.html beside it; dist/ is then a static site.
// The import page does the same: src/import-page.ts → dist/import.js beside import.html, with the
// graphs it fetches copied from the repository's fixtures/tf-graphs/ into dist/models/. The
// checkpoint page too: src/checkpoint-page.ts → dist/checkpoint.js beside checkpoint.html, with
// TensorFlow's checkpoint of the regression copied into dist/checkpoints/tf2onnx-regression/.
// The datasets page: src/datasets-page.ts → dist/datasets.js beside datasets.html, with the MNIST
// sample of @tf/datasets (its `@tf/datasets/mnist-sample.bin` export) copied to dist/data/.
//
// Node-only code never enters the bundle, with no plugin or stub: the packages choose their
// Node-only files through package.json conditions, which platform 'browser' resolves to the
// browser files. @tf/session loads Dawn (`webgpu`) through `#webgpu-loader` (`node` → Dawn,
// `default` → a "this browser has no WebGPU" error); @tf/train picks its default file store
// through `#default-store` (`node` → the node:fs store, `default` → a memory store); @tf/datasets
// reaches node:fs and node:zlib only through `#platform` (`node` → files, gunzip and downloads,
// `default` → errors saying what to do instead). The checks at the end fail the build if a
// Node-only module, the node store or @tf/datasets' Node code slipped through anyway.
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

/** fixtures/tf-graphs/ files the import and checkpoint pages fetch, and where they go under dist/. */
const fixtures = join(root, '../../fixtures/tf-graphs');
const MODELS = {
  'models/regression.pb': 'tf2onnx-regression/graphdef/frozen.pb',
  'models/fc-layers.pb': 'tf2onnx-fc-layers/frozen.pb',
  'models/tfjs/model.json': 'tfjs-graph-model/model.json',
  'models/tfjs/weights.bin': 'tfjs-graph-model/weights.bin',
  'checkpoints/tf2onnx-regression/checkpoint': 'tf2onnx-regression/checkpoint/checkpoint',
  'checkpoints/tf2onnx-regression/model.index': 'tf2onnx-regression/checkpoint/model.index',
  'checkpoints/tf2onnx-regression/model.data-00000-of-00001': 'tf2onnx-regression/checkpoint/model.data-00000-of-00001',
  'checkpoints/tf2onnx-regression/model.meta': 'tf2onnx-regression/checkpoint/model.meta',
};

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
for (const [entry, page, file] of [
  ['smoke', 'smoke.html', 'smoke.js'],
  ['import-page', 'import.html', 'import.js'],
  ['checkpoint-page', 'checkpoint.html', 'checkpoint.js'],
  ['datasets-page', 'datasets.html', 'datasets.js'],
]) {
  await build({
    input: join(root, `src/${entry}.ts`),
    platform: 'browser',
    logLevel: 'warn',
    output: {
      dir: dist,
      format: 'esm',
      entryFileNames: file,
      chunkFileNames: '[name].js',
      codeSplitting: false,
      sourcemap: true,
    },
  });
  await copyFile(join(root, page), join(dist, page));

  const bundle = await readFile(join(dist, file), 'utf8');
  // Import statements (`import … from 'x'`, `import 'x'`, `export … from 'x'`), dynamic imports and
  // require calls naming a Node-only module; error messages that merely mention one do not count.
  const leaked = bundle.match(
    /(?:^\s*(?:import|export)\b[^;'"]*?(?:\bfrom\s*)?|\bimport\s*\(\s*|\brequire\s*\(\s*)["'](?:node:[^"']*|webgpu|@tf\/kernels-webgpu\/node)["']/m,
  );
  if (leaked) throw new Error(`dist/${file} imports a Node-only module: ${leaked[0]}`);
  // @tf/train's `#default-store` must have resolved to its browser file (see above).
  const sources = JSON.parse(await readFile(join(dist, `${file}.map`), 'utf8')).sources;
  const nodeStore = sources.find((s) => /storage\/(?:default-store-node|node-store)\.[jt]s$/.test(s));
  if (nodeStore) throw new Error(`dist/${file} bundles @tf/train's Node file store (${nodeStore}): #default-store resolved to its node condition`);
  // @tf/datasets' `#platform` likewise (its Node file reaches the file system, zlib and the download cache).
  const nodePlatform = sources.find((s) => /datasets\/(?:src|dist)\/(?:platform-node|files|download)\.[jt]s$/.test(s));
  if (nodePlatform) throw new Error(`dist/${file} bundles @tf/datasets' Node code (${nodePlatform}): #platform resolved to its node condition`);
  console.log(`dist/${file}: ${(bundle.length / 1024).toFixed(0)} KiB`);
}
for (const [to, from] of Object.entries(MODELS)) {
  await mkdir(dirname(join(dist, to)), { recursive: true });
  await copyFile(join(fixtures, from), join(dist, to));
}
// The sample the datasets page fetches, found the way a user's build would find it.
await mkdir(join(dist, 'data'), { recursive: true });
await copyFile(createRequire(import.meta.url).resolve('@tf/datasets/mnist-sample.bin'), join(dist, 'data/mnist-sample.bin'));
