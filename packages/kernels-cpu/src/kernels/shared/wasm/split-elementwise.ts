import { inSharedMemory } from './elementwise.js';
import { gemmThreadsAllowed } from './gemm.js';
import { type ElementwiseCalls, type ElementwiseTask, readyWorkersFor, runElementwiseTask } from './threads.js';

// Optimizer updates, Relu, ReluGrad and bias adds split across the GEMM's worker pool. Adam's
// division and square root cost ~1.2–1.7 ns an element on one thread in float32 (3.9–5.5 ms a step
// for the MNIST CNN's 3.2M-weight matrix; ~3 ns in float64, before 2026-12-06), and each element
// is independent, so every thread computes its share with the same bits. GradientDescent and
// Momentum are cheaper but split as well above the same size (two threads, one process, medians of
// six interleaved blocks: GradientDescent 68 → 37 µs and Momentum 167 → 89 µs at 200,000 elements,
// the seed MLP's first layer; 35 → 20 and 85 → 46 at 100,000; even or slightly ahead at 50,000).

/**
 * Below this many elements an update stays on the calling thread: waking a worker (20–40 µs)
 * costs more than the half it would save. Relu, ReluGrad and a bias add cost ~0.3 ns an element
 * (a pass over memory), ten times less than Adam, so they split from eight times as many.
 */
let minElements = 1 << 16;
const RELU_FACTOR = 8;
/** The jobs that cost about a memory pass (Relu, ReluGrad, a bias add): split from RELU_FACTOR times as many. */
const MEMORY_BOUND = new Set<ElementwiseTask['kind']>(['relu', 'reluGrad', 'binaryRows']);

/** Sets the threshold (tests: 0 splits every update); returns the previous one. */
export function setElementwiseThreadThreshold(elements: number): number {
  const previous = minElements;
  minElements = elements;
  return previous;
}

/** Chunks per thread: elements cost the same everywhere, so a few balance a late thread. */
const CHUNKS_PER_THREAD = 2;

/**
 * Runs `task` (the elementwise module's addresses) across the pool; false, having done nothing,
 * where it stays on this thread: small, the module not over the heap the workers share, no ready
 * worker, or a backend without threads.
 */
export function splitElementwise(u: ElementwiseCalls, task: ElementwiseTask): boolean {
  const threshold = MEMORY_BOUND.has(task.kind) ? minElements * RELU_FACTOR : minElements;
  if (task.n < threshold || task.n < 4 || !inSharedMemory() || !gemmThreadsAllowed()) return false;
  const workers = readyWorkersFor('updates');
  if (workers === 0) return false;
  runElementwiseTask(u, task, CHUNKS_PER_THREAD * (workers + 1), workers);
  return true;
}
