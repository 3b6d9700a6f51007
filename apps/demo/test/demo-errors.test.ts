// What the demo's banners say for each failure (the browser test forces a device loss; the others
// are hard to provoke on purpose): the error a run throws is sorted by `classify`, and
// `failureBanner` says what happened, what the page did and what to do.
import { InternalError, InvalidArgumentError, ResourceExhaustedError, UnavailableError } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { failureBanner } from '../src/app/banner.js';
import { classify } from '../src/app/trainer.js';

describe('classify', () => {
  it('sorts a run error into device loss, out of memory, a kernel failure or other', () => {
    const lost = new UnavailableError('The WebGPU device was lost (destroyed: Device was destroyed.). Its buffers are gone');
    expect(classify(lost, 'webgpu', false)).toBe('device-lost');
    // A read-back cut short by the loss, once the backend knows its device is gone.
    expect(classify(new DOMException('Buffer was unmapped before mapping was resolved.', 'AbortError'), 'webgpu', true)).toBe(
      'device-lost',
    );
    expect(classify(new ResourceExhaustedError('MatMul: out of GPU memory: Failed to allocate'), 'webgpu', false)).toBe('out-of-memory');
    expect(classify(new ResourceExhaustedError('OOM when allocating tensor with shape [65536, 65536]'), 'cpu', false)).toBe(
      'out-of-memory',
    );
    expect(classify(new InternalError("Conv2D: WGSL compile error: unresolved identifier 'x'"), 'webgpu', false)).toBe('shader');
    expect(classify(new InternalError('a CPU kernel failed'), 'cpu', false)).toBe('other');
    expect(classify(new InvalidArgumentError('Incompatible shapes: [100,784] vs [100,10]'), 'webgpu', false)).toBe('other');
  });
});

describe('failureBanner', () => {
  const retry = () => {};
  it('says what happened, what the page did and what to do', () => {
    const lost = failureBanner(
      {
        kind: 'device-lost',
        message: 'The WebGPU device was lost (destroyed)',
        recovery: 'training moved to the CPU with the weights of step 40 (the last snapshot)',
      },
      retry,
    );
    expect(lost).toMatchObject({ kind: 'error', reason: 'device-lost', title: 'The WebGPU device was lost' });
    expect(lost.message).toBe(
      'The WebGPU device was lost (destroyed). Training moved to the CPU with the weights of step 40 (the last snapshot).',
    );
    expect(lost.actions?.map((a) => a.label)).toEqual(['Try WebGPU again']);

    const oom = failureBanner(
      { kind: 'out-of-memory', message: 'ResourceExhaustedError: out of GPU memory', recovery: 'training is paused' },
      retry,
    );
    expect(oom).toMatchObject({ reason: 'out-of-memory', title: 'Out of memory' });
    expect(oom.advice).toMatch(/Lower the batch size/);

    const shader = failureBanner(
      {
        kind: 'shader',
        message: 'InternalError: WGSL compile error',
        recovery: 'training moved to the CPU with fresh weights (the last snapshot)',
      },
      retry,
    );
    expect(shader).toMatchObject({ reason: 'shader', title: 'A WebGPU kernel failed' });
    expect(shader.advice).toMatch(/training continues on the CPU/);

    expect(failureBanner({ kind: 'webgpu-start', message: 'No adapter', recovery: 'training stays on the CPU' }, retry)).toMatchObject({
      kind: 'warning',
      reason: 'webgpu-start',
    });
    expect(failureBanner({ kind: 'other', message: 'InvalidArgumentError: bad', recovery: 'training is paused' }, retry).advice).toMatch(
      /Reset/,
    );
  });
});
