import { it } from 'vitest';
import { runConformance } from '../src/index.js';
import { sharedWebGpuBackend } from './shared-webgpu-backend.js';

// The WebGPU backend's conformance run, on Dawn (SwiftShader where there is no GPU). One backend
// serves every case (see shared-webgpu-backend.ts). Under CI=true a missing adapter fails the
// run; locally it skips with the reason.
const shared = await sharedWebGpuBackend('the WebGPU conformance run');

/** Validation that TF does inside a kernel on the host; a GPU kernel cannot stop the step. */
const NEEDS_READBACK = 'data-dependent validation would need a read-back inside the step';

if (shared) {
  runConformance('webgpu', () => shared, {
    expectedFailures: {
      // Raising these needs the values on the host mid-step; the kernels document what they give.
      'Div/int32 division by zero is an InvalidArgumentError': `${NEEDS_READBACK}; the kernel returns x`,
      'FloorDiv/int32 division by zero is an InvalidArgumentError': `${NEEDS_READBACK}; the kernel returns x`,
      'FloorMod/int32 modulo zero is an InvalidArgumentError': `${NEEDS_READBACK}; the kernel returns x`,
      'Pow/int32 negative exponent is an InvalidArgumentError': `${NEEDS_READBACK}; the kernel truncates`,
      'SparseSoftmaxCrossEntropyWithLogits/label out of range is an InvalidArgumentError': `${NEEDS_READBACK}; the row is NaN`,
      'SparseSoftmaxCrossEntropyWithLogits/negative label is an InvalidArgumentError': `${NEEDS_READBACK}; the row is NaN`,
      'GatherV2/index out of range is an InvalidArgumentError': `${NEEDS_READBACK}; the kernel gives zeros`,
      'GatherV2/negative index is an InvalidArgumentError': `${NEEDS_READBACK}; the kernel gives zeros`,
      'GatherV2/bad index in 2-D indices names its position': `${NEEDS_READBACK}; the kernel gives zeros`,
      'GatherV2/any index into an empty axis is an InvalidArgumentError': `${NEEDS_READBACK}; the kernel gives zeros`,
      'UnsortedSegmentSum/id >= num_segments is an InvalidArgumentError': `${NEEDS_READBACK}; the kernel drops the row`,
      'InvertPermutation/duplicate is an InvalidArgumentError': `${NEEDS_READBACK}; the kernel leaves a -1`,
      'InvertPermutation/out of range is an InvalidArgumentError': `${NEEDS_READBACK}; the kernel leaves a -1`,
      'InvertPermutation/negative is an InvalidArgumentError': `${NEEDS_READBACK}; the kernel leaves a -1`,
      'Softplus/large |x| float32': 'GPUs flush float32 subnormals to zero (WGSL allows it): softplus(-100) is 0, not 3.7e-44',
      'ApplyGradientDescent/float64 scalar variable': 'variables live on the device, which has no float64',
    },
    skipGradChecks: 'WebGPU has no float64; gradients are checked on the CPU',
  });
}
// Without an adapter (allowed only outside CI; the reason was printed), the file still reports one skipped test.
else it.skip('the WebGPU conformance run (no WebGPU adapter)', () => {});
