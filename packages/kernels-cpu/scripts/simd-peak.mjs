// `pnpm --filter @tf/kernels-cpu simd-peak`: what one core of this machine can do with WebAssembly
// SIMD128, the ceiling every GEMM figure in apps/bench is measured against.
//
// 1. The clock, from a chain of dependent i64.add (one a cycle on every x64 core since the P6).
// 2. The 128-bit peak that clock allows with two FMA pipes (Zen 2/3, Skylake client): 2 pipes × 4
//    lanes × 2 flops a cycle. Separate multiplies and adds do not beat it: the multiplies need the
//    same two pipes.
// 3. The micro-kernel's own rate: an mr×nr register tile (wasm/gemm.wat uses 4×8) over panels that
//    stay in L1, k = 256, with fused multiply-adds (relaxed SIMD) and with baseline mul + add. Tiles
//    that need more than x64's 16 vector registers spill, and V8 runs them at half speed or worse.
import { setFlagsFromString } from 'node:v8';
import { binaryOf } from './compile-wat.mjs';

setFlagsFromString('--experimental-wasm-relaxed-simd');

async function compile(text, features) {
  return new WebAssembly.Module(await binaryOf('probe.wat', text, features));
}

/** Best of five timings (ms) of `fn`. */
function best(fn) {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    fn();
    min = Math.min(min, performance.now() - start);
  }
  return min;
}

async function clockGHz() {
  const adds = '(local.set $x (i64.add (local.get $x) (local.get $y)))\n'.repeat(16);
  const text = `(module (func (export "run") (param $n i32) (param $y i64) (result i64) (local $x i64)
    (loop $l ${adds} (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br_if $l (local.get $n))) (local.get $x)))`;
  const { run } = new WebAssembly.Instance(await compile(text, {})).exports;
  const iterations = 5e7;
  run(1e6, 3n);
  return (iterations * 16) / best(() => run(iterations, 3n)) / 1e6;
}

/** The k loop of an mr × (4·vectors) tile, as wasm/gemm.wat writes it. */
function tileKernel(mr, vectors, fused) {
  const lines = ['(module (import "env" "memory" (memory 1))'];
  lines.push('(func (export "tile") (param $ap i32) (param $bp i32) (param $bEnd i32) (param $c i32) (local $a v128)');
  for (let v = 0; v < vectors; v++) lines.push(`(local $b${v} v128)`);
  for (let r = 0; r < mr; r++) for (let v = 0; v < vectors; v++) lines.push(`(local $c${r}_${v} v128)`);
  lines.push('(loop $k');
  for (let v = 0; v < vectors; v++) lines.push(`(local.set $b${v} (v128.load offset=${16 * v} (local.get $bp)))`);
  for (let r = 0; r < mr; r++) {
    lines.push(`(local.set $a (v128.load32_splat offset=${4 * r} (local.get $ap)))`);
    for (let v = 0; v < vectors; v++) {
      const c = `$c${r}_${v}`;
      lines.push(
        fused
          ? `(local.set ${c} (f32x4.relaxed_madd (local.get $a) (local.get $b${v}) (local.get ${c})))`
          : `(local.set ${c} (f32x4.add (local.get ${c}) (f32x4.mul (local.get $a) (local.get $b${v}))))`,
      );
    }
  }
  lines.push(`(local.set $ap (i32.add (local.get $ap) (i32.const ${4 * mr})))`);
  lines.push(`(local.set $bp (i32.add (local.get $bp) (i32.const ${16 * vectors})))`);
  lines.push('(br_if $k (i32.lt_u (local.get $bp) (local.get $bEnd))))');
  for (let r = 0; r < mr; r++)
    for (let v = 0; v < vectors; v++) lines.push(`(v128.store offset=${16 * (r * vectors + v)} (local.get $c) (local.get $c${r}_${v}))`);
  lines.push('))');
  return lines.join('\n');
}

async function tileGflops(mr, vectors, fused) {
  const memory = new WebAssembly.Memory({ initial: 4 });
  const module = await compile(tileKernel(mr, vectors, fused), { simd: true, relaxed_simd: fused });
  const { tile } = new WebAssembly.Instance(module, { env: { memory } }).exports;
  new Float32Array(memory.buffer).fill(1e-3);
  const k = 256;
  const bp = 32768;
  const bEnd = bp + k * 16 * vectors;
  const calls = 20000;
  const loop = () => {
    for (let i = 0; i < calls; i++) tile(0, bp, bEnd, 200000);
  };
  loop(); // past Liftoff: V8 tiers the function up to TurboFan on later calls
  loop();
  return (2 * mr * vectors * 4 * k * calls) / best(loop) / 1e6;
}

const ghz = await clockGHz();
const peak = ghz * 16;
console.log(`clock ≈ ${ghz.toFixed(2)} GHz (dependent i64.add chain); 128-bit FMA peak ≈ ${peak.toFixed(1)} GFLOPS a core`);
console.log('micro-kernel over L1-resident panels, k = 256 (GFLOPS a core; % of that peak):');
for (const [mr, vectors] of [
  [4, 2],
  [3, 3],
  [2, 4],
  [5, 2],
  [6, 2],
]) {
  const cells = [];
  for (const fused of [true, false]) {
    const g = await tileGflops(mr, vectors, fused);
    cells.push(`${fused ? 'fused' : 'mul+add'} ${g.toFixed(1)} (${((100 * g) / peak).toFixed(0)} %)`);
  }
  console.log(`  ${mr}×${vectors * 4}${mr === 4 && vectors === 2 ? ' (wasm/gemm.wat)' : ''}: ${cells.join(', ')}`);
}
