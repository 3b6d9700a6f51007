// `pnpm bench`: @tf against TensorFlow.js (CPU and WASM backends), measured side by side in
// this run, printed as ratios (> 1 means @tf is faster). Medians; never a test, never fails CI.
import { gflops, ourMatMul, tfjsMatMul, type MatMulShape } from './matmul.js';
import { ourMlpStep, tfjsMlpStep, type MlpShape } from './mlp.js';
import type { Timing } from './stats.js';

const quick = process.argv.includes('--quick');
const repeats = quick ? 10 : 50;
const warmup = quick ? 3 : 10;

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
  console.log(row(['samples/s', Math.round((shape.batch * 1000) / ours.median), Math.round((shape.batch * 1000) / cpu.median), Math.round((shape.batch * 1000) / wasm.median)]));
  console.log(row(['@tf speed-up', '1.00x', `${(cpu.median / ours.median).toFixed(2)}x`, `${(wasm.median / ours.median).toFixed(2)}x`]));
}

async function benchMatMul(shape: MatMulShape): Promise<void> {
  const ours = await ourMatMul(shape, repeats, warmup);
  const cpu = await tfjsMatMul('cpu', shape, repeats, warmup);
  const wasm = await tfjsMatMul('wasm', shape, repeats, warmup);
  const g = (t: Timing) => gflops(shape, t.median).toFixed(2);
  console.log(row([`matmul ${shape.join('x')}`, `${g(ours)} GFLOPS`, `${g(cpu)} GFLOPS`, `${g(wasm)} GFLOPS`, `${(cpu.median / ours.median).toFixed(2)}x / ${(wasm.median / ours.median).toFixed(2)}x`]));
}

console.log('@tf benchmarks (ratios > 1: @tf is faster than TensorFlow.js 4.22 in this same run)');
await benchMlp({ batch: 100, hidden: 256 });
console.log(`\nMatMul (fed operands, result fetched; median of ${repeats})`);
console.log(row(['shape', '@tf cpu', 'tfjs cpu', 'tfjs wasm', 'vs cpu / wasm']));
for (const shape of [[100, 784, 256], [100, 256, 10], [256, 256, 256]] as const) await benchMatMul(shape);
