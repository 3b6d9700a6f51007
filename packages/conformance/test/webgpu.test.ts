import type { Backend } from '@tf/graph';
import { createNodeWebGpuBackend } from '@tf/kernels-webgpu/node';
import { afterAll } from 'vitest';
import { runConformance } from '../src/index.js';

// The WebGPU backend's conformance run, on Dawn (SwiftShader where there is no GPU). One backend
// serves every case: a session does not dispose a backend it was given. Under CI=true a missing
// adapter fails the run; locally it skips with the reason.
process.env['VK_ICD_FILENAMES'] ??= '/usr/lib/chromium/vk_swiftshader_icd.json';

const backend = await createNodeWebGpuBackend().catch((error: unknown) => {
  if (process.env['CI'] === 'true') throw error;
  console.warn(`Skipping the WebGPU conformance run: ${(error as Error).message}`);
  return undefined;
});

/** Shape arithmetic runs on the host CPU by placement: WebGPU never needs these kernels. */
const HOST_OPS = 'host op: placement runs it on the CPU beside the device';
/** Validation that TF does inside a kernel on the host; a GPU kernel cannot stop the step. */
const NEEDS_READBACK = 'data-dependent validation would need a read-back inside the step';

/** The one device every case runs on; only this file disposes it (the runner may call `dispose`). */
function sharedView(gpu: Backend): Backend {
  return {
    name: gpu.name,
    canReadSync: gpu.canReadSync,
    ...(gpu.dtypes ? { dtypes: gpu.dtypes } : {}),
    supports: (type) => gpu.supports(type),
    allocate: (info) => gpu.allocate(info),
    release: (storage) => gpu.release(storage),
    write: (storage, data) => gpu.write(storage, data),
    readSync: (storage) => gpu.readSync(storage),
    read: (storage) => gpu.read(storage),
    execute: (call) => gpu.execute(call),
    flush: () => gpu.flush(),
    // CheckNumerics reports through it: runAsync settles the device's checks.
    ...(gpu.settle ? { settle: gpu.settle.bind(gpu) } : {}),
    dispose: () => {},
  };
}

if (backend) {
  const shared = sharedView(backend as unknown as Backend);
  afterAll(() => backend.dispose());
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
      'Softplus/large |x| float32': 'GPUs flush float32 subnormals to zero (WGSL allows it): softplus(-100) is 0, not 3.7e-44',
      'ApplyGradientDescent/float64 scalar variable': 'variables live on the device, which has no float64',
    },
    skipGradChecks: 'WebGPU has no float64; gradients are checked on the CPU',
    unsupported: {
      BroadcastGradientArgs: HOST_OPS,
      ReducedShape: HOST_OPS,
      Shape: HOST_OPS,
      Size: HOST_OPS,
      Rank: HOST_OPS,
      InvertPermutation: HOST_OPS,
      Range: HOST_OPS,
    },
  });
}
