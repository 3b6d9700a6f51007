// `pnpm bench`: @tf against TensorFlow.js (wasm and cpu backends) and jax-js (wasm) on the CPU, and
// on WebGPU against tfjs-backend-webgpu and jax-js, measured side by side in this run. Medians;
// never a test, never fails CI. Flags: `--cpu` / `--webgpu` (one section), `--quick` (1 round,
// shorter budgets), `--only=W1,W4,I-MLP,W3` (workloads; W3 takes every size), `--rounds=N`,
// `--profile` (@tf's per-op profile of one step of each training workload), `--no-pin`,
// `--no-relaxed-simd` (children without WebAssembly relaxed SIMD: @tf's baseline-SIMD GEMM),
// `--no-pytorch` (no PyTorch row even where /usr/bin/python3 has torch; see src/pytorch.ts),
// `--malloc-reuse` (every measuring process with glibc keeping freed memory; see src/malloc-reuse.ts).
import { loadavg } from 'node:os';
import { cpuSection } from './cpu.js';
import { cpuDescription } from './cpu-model.js';
import { pytorchAvailable } from './pytorch.js';
import { gflops } from './matmul.js';
import type { MlpShape } from './mlp.js';
import type { Timing } from './stats.js';
import type { RoundTiming } from './webgpu.js';

const quick = process.argv.includes('--quick');
const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const only = (flag('only') ?? '').split(',').filter(Boolean);
const rounds = Number(flag('rounds') ?? (quick ? 1 : 2));
const profile = process.argv.includes('--profile');
const pin = !process.argv.includes('--no-pin');
const relaxedSimd = !process.argv.includes('--no-relaxed-simd');
const mallocReuse = process.argv.includes('--malloc-reuse');
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
  // @tf and jax-js in interleaved rounds (at least 3: SwiftShader shares the CPU with the machine's
  // drifting load); tfjs-webgpu, an order of magnitude slower, once.
  const mlpRounds = Math.max(rounds, 3);
  const load = () => loadavg()[0]!.toFixed(1);
  const loadBefore = load();
  const [oursRounds, jax] = await gpu.interleaved(
    [
      () => gpu.ourMlpStepWebGpu(shape, gpuRepeats, gpuWarmup),
      () => attempt('jax-js webgpu', () => gpu.jaxMlpStep(shape, gpuRepeats, gpuWarmup)),
    ],
    mlpRounds,
  );
  const ours = oursRounds!;
  const tfw = await attempt('tfjs webgpu', () => gpu.tfjsWebGpuMlpStep(shape, gpuRepeats, gpuWarmup));
  const na = 'n/a';
  console.log(
    `\nSeed MLP train step on WebGPU, batch ${shape.batch}, hidden ${shape.hidden} (loss read back each step; ` +
      `@tf and jax-js: median of ${mlpRounds} interleaved rounds' medians, load average ${loadBefore} -> ${load()})`,
  );
  console.log(row(['', '@tf webgpu', 'tfjs webgpu', 'jax-js webgpu']));
  console.log(row(['ms/step', ms(ours), tfw ? ms(tfw) : na, jax ? ms(jax) : na]));
  const range = (t: RoundTiming | undefined) => (t ? `${t.range[0].toFixed(1)}-${t.range[1].toFixed(1)}` : na);
  console.log(row(['round medians', range(ours), '1 round', range(jax)]));
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

  // W4 on WebGPU: seconds per step on SwiftShader, so a few steps each.
  const cnnRepeats = quick ? 2 : 5;
  const cnnWarmup = 1;
  const cnn = await import('./webgpu-cnn.js');
  const ourCnn = await cnn.ourCnnStepWebGpu(cnnRepeats, cnnWarmup);
  const tfwCnn = await attempt('tfjs webgpu', async () => cnn.tfjsWebGpuCnnStep(await gpu.useTfjsWebGpu(), cnnRepeats, cnnWarmup));
  const jaxCnn = await attempt('jax-js webgpu', async () => cnn.jaxCnnStepWebGpu(await gpu.useJaxWebGpu(), cnnRepeats, cnnWarmup));
  console.log(`\nW4 CNN Deep MNIST train step on WebGPU, batch 50, Adam (median of ${cnnRepeats} after ${cnnWarmup} warm-up)`);
  console.log(row(['', '@tf webgpu', 'tfjs webgpu', 'jax-js webgpu']));
  console.log(row(['ms/step', ms(ourCnn), tfwCnn ? ms(tfwCnn) : na, jaxCnn ? ms(jaxCnn) : na]));
  const cnnRatio = (t: Timing | undefined) => (t ? `${(t.median / ourCnn.median).toFixed(2)}x` : na);
  console.log(row(['@tf speed-up', '1.00x', cnnRatio(tfwCnn), cnnRatio(jaxCnn)]));
  console.log(row(['loss first->last', loss(ourCnn), loss(tfwCnn), loss(jaxCnn)]));

  // First-run latency: a new session's first step, compiling its pipelines, or after `sess.prepare`.
  const first = await import('./webgpu-first-run.js');
  const firstRounds = quick ? 1 : 2;
  console.log(`\nFirst run on WebGPU (@tf, new session each, median of ${firstRounds}): without / with sess.prepare`);
  console.log(row(['', 'first step', 'prepare', 'first step after']));
  for (const [label, build] of [
    ['seed MLP', () => first.mlpTrainGraph(shape)],
    ['W4 CNN', () => first.cnnTrainGraph()],
  ] as const) {
    const f = await first.firstRunLatency(build, firstRounds);
    console.log(row([label, `${f.cold.toFixed(0)} ms`, `${f.prepare.toFixed(0)} ms`, `${f.prepared.toFixed(0)} ms`]));
  }
}

console.log(`@tf benchmarks, ${new Date().toISOString()}, Node ${process.version}, ${cpuDescription()} (ratios > 1: @tf is faster)`);
let agree = true;
const pytorch = runCpu && !process.argv.includes('--no-pytorch') && pytorchAvailable();
if (runCpu) agree = await cpuSection({ quick, rounds, only, profile, pin, relaxedSimd, pytorch, mallocReuse });
if (runWebGpu && only.length === 0) await webGpuSection();
// Dawn keeps the event loop alive; the numbers are printed. Disagreeing results fail the command.
process.exit(agree ? 0 : 1);
