// `pnpm bench`: @tf against TensorFlow.js (CPU and WASM backends) and, on WebGPU, against
// tfjs-backend-webgpu and jax-js, measured side by side in this run, printed as ratios (> 1 means
// @tf is faster). Medians; never a test, never fails CI. `--cpu` / `--webgpu`: one section only.
import { gflops, ourMatMul, tfjsMatMul, type MatMulShape } from './matmul.js';
import { ourMlpStep, tfjsMlpStep, type MlpShape } from './mlp.js';
import type { Timing } from './stats.js';

const quick = process.argv.includes('--quick');
const repeats = quick ? 10 : 50;
const warmup = quick ? 3 : 10;
// SwiftShader (Dawn's software Vulkan, the adapter on a machine without a GPU) is slow.
const gpuRepeats = quick ? 5 : 20;
const gpuWarmup = quick ? 2 : 5;
const onlyCpu = process.argv.includes('--cpu');
const onlyWebGpu = process.argv.includes('--webgpu');
const runCpu = onlyCpu || !onlyWebGpu;
const runWebGpu = onlyWebGpu || !onlyCpu;

function row(cells: readonly (string | number)[]): string {
  return cells.map((c, i) => String(c).padEnd(i === 0 ? 22 : 16)).join('');
}

function ms(t: Timing): string {
  return `${t.median.toFixed(2)} ms`;
}

async function benchMlp(shape: MlpShape): Promise<void> {
  const ours = await ourMlpStep(shape, repeats, warmup);
  const cpu = await tfjsMlpStep('cpu', shape, repeats, warmup);
  const wasm = await tfjsMlpStep('wasm', shape, repeats, warmup);
  console.log(`\nSeed MLP train step, batch ${shape.batch}, hidden ${shape.hidden} (loss read back each step; median of ${repeats})`);
  console.log(row(['', '@tf cpu', 'tfjs cpu', 'tfjs wasm']));
  console.log(row(['ms/step', ms(ours), ms(cpu), ms(wasm)]));
  console.log(
    row([
      'samples/s',
      Math.round((shape.batch * 1000) / ours.median),
      Math.round((shape.batch * 1000) / cpu.median),
      Math.round((shape.batch * 1000) / wasm.median),
    ]),
  );
  console.log(row(['@tf speed-up', '1.00x', `${(cpu.median / ours.median).toFixed(2)}x`, `${(wasm.median / ours.median).toFixed(2)}x`]));
}

async function benchMatMul(shape: MatMulShape): Promise<void> {
  const ours = await ourMatMul(shape, repeats, warmup);
  const cpu = await tfjsMatMul('cpu', shape, repeats, warmup);
  const wasm = await tfjsMatMul('wasm', shape, repeats, warmup);
  const g = (t: Timing) => gflops(shape, t.median).toFixed(2);
  console.log(
    row([
      `matmul ${shape.join('x')}`,
      `${g(ours)} GFLOPS`,
      `${g(cpu)} GFLOPS`,
      `${g(wasm)} GFLOPS`,
      `${(cpu.median / ours.median).toFixed(2)}x / ${(wasm.median / ours.median).toFixed(2)}x`,
    ]),
  );
}

async function cpuSection(): Promise<void> {
  await benchMlp({ batch: 100, hidden: 256 });
  console.log(`\nMatMul (fed operands, result fetched; median of ${repeats})`);
  console.log(row(['shape', '@tf cpu', 'tfjs cpu', 'tfjs wasm', 'vs cpu / wasm']));
  for (const shape of [
    [100, 784, 256],
    [100, 256, 10],
    [256, 256, 256],
  ] as const)
    await benchMatMul(shape);
}

/** A competitor that may fail to run: its error is printed and the section goes on. */
async function attempt<T>(label: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    console.log(`  (${label} did not run: ${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    return undefined;
  }
}

async function webGpuSection(): Promise<void> {
  const gpu = await import('./webgpu.js');
  let adapter: string;
  try {
    adapter = await gpu.installWebGpu();
  } catch (error) {
    console.log(`\nWebGPU section skipped: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  console.log(`\nWebGPU, adapter: ${adapter} (one GPU object shared by all three; median of ${gpuRepeats} after ${gpuWarmup} warm-up)`);
  const shape: MlpShape = { batch: 100, hidden: 256 };
  const ours = await gpu.ourMlpStepWebGpu(shape, gpuRepeats, gpuWarmup);
  const tfw = await attempt('tfjs webgpu', () => gpu.tfjsWebGpuMlpStep(shape, gpuRepeats, gpuWarmup));
  const jax = await attempt('jax-js webgpu', () => gpu.jaxMlpStep(shape, gpuRepeats, gpuWarmup));
  const na = 'n/a';
  console.log(`\nSeed MLP train step on WebGPU, batch ${shape.batch}, hidden ${shape.hidden} (loss read back each step)`);
  console.log(row(['', '@tf webgpu', 'tfjs webgpu', 'jax-js webgpu']));
  console.log(row(['ms/step', ms(ours), tfw ? ms(tfw) : na, jax ? ms(jax) : na]));
  const sps = (t: Timing | undefined) => (t ? Math.round((shape.batch * 1000) / t.median) : na);
  console.log(row(['samples/s', sps(ours), sps(tfw), sps(jax)]));
  const ratio = (t: Timing | undefined) => (t ? `${(t.median / ours.median).toFixed(2)}x` : na);
  console.log(row(['@tf speed-up', '1.00x', ratio(tfw), ratio(jax)]));
  const loss = (t: { loss: readonly [number, number] } | undefined) => (t ? `${t.loss[0].toFixed(3)}->${t.loss[1].toFixed(4)}` : na);
  console.log(row(['loss first->last', loss(ours), loss(tfw), loss(jax)]));

  console.log(`\nMatMul on WebGPU (fed operands, result read back; median of ${gpuRepeats})`);
  console.log(row(['shape', '@tf webgpu', 'tfjs webgpu', 'jax-js webgpu', 'vs tfjs / jax-js']));
  for (const mm of [
    [100, 784, 256],
    [256, 256, 256],
  ] as const) {
    const o = await gpu.ourMatMulWebGpu(mm, gpuRepeats, gpuWarmup);
    const t = await attempt('tfjs webgpu', () => gpu.tfjsWebGpuMatMul(mm, gpuRepeats, gpuWarmup));
    const j = await attempt('jax-js webgpu', () => gpu.jaxMatMul(mm, gpuRepeats, gpuWarmup));
    const g = (x: Timing | undefined) => (x ? `${gflops(mm, x.median).toFixed(2)} GFLOPS` : na);
    const r = (x: Timing | undefined) => (x ? `${(x.median / o.median).toFixed(2)}x` : na);
    console.log(row([`matmul ${mm.join('x')}`, g(o), g(t), g(j), `${r(t)} / ${r(j)}`]));
  }
}

console.log('@tf benchmarks (ratios > 1: @tf is faster than the other library in this same run)');
if (runCpu) await cpuSection();
if (runWebGpu) await webGpuSection();
// Dawn keeps the event loop alive; the numbers are printed.
process.exit(0);
