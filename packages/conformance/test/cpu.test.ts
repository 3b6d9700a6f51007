import { createCpuBackend } from '@tf/kernels-cpu';
import { runConformance } from '../src/index.js';

// The CPU backend's conformance run. It lives here rather than in packages/kernels-cpu/test: the
// runner needs @tf/session, which depends on @tf/kernels-cpu, so kernels-cpu devDepending on
// @tf/conformance would close a cycle in turbo's `^build` graph.
runConformance('cpu', createCpuBackend, {
  expectedFailures: {
    // Found by the suite; remove an entry when its fix lands (it.fails then fails).
  },
});
