import type { TypedArray } from '@tf/graph';
import type { Backend, KernelCall } from '@tf/graph/backend';
import { createCpuBackend } from '@tf/kernels-cpu';
import { describe, expect, it } from 'vitest';
import { loadOpCaseFiles, runAgreementCase, type OpCaseFile } from '../src/index.js';

const opCaseFiles = await loadOpCaseFiles();

// runAgreementCase must catch a device that is slightly wrong: the "device" here is the CPU
// backend with one kernel's first output element altered after it runs.
type Tamper = (value: number) => number;

function tamperedCpu(opType: string, tamper: Tamper): () => Backend {
  return () => {
    const cpu = createCpuBackend() as Backend<TypedArray>;
    const device: Backend<TypedArray> = {
      name: cpu.name,
      canReadSync: cpu.canReadSync,
      supports: (type) => cpu.supports(type),
      allocate: (info) => cpu.allocate(info),
      release: (storage) => cpu.release(storage),
      write: (storage, data) => cpu.write(storage, data),
      readSync: (storage) => cpu.readSync(storage),
      read: (storage) => cpu.read(storage),
      flush: () => cpu.flush(),
      dispose: () => cpu.dispose(),
      execute: (call: KernelCall<TypedArray>) => {
        cpu.execute(call);
        const out = call.outputs[0]?.storage;
        if (call.type === opType && out && out.length > 0) out[0] = tamper(Number(out[0]));
      },
    };
    return device as Backend;
  };
}

function caseOf(op: string, name: string): [OpCaseFile, OpCaseFile['cases'][number]] {
  const file = opCaseFiles.find((f) => f.op === op)!;
  const testCase = file.cases.find((c) => c.name === name);
  if (!testCase) throw new Error(`no case ${op}/${name}`);
  return [file, testCase];
}

const agree = (op: string, name: string, device: () => Backend) => {
  const [file, testCase] = caseOf(op, name);
  return runAgreementCase(file, testCase, 1, device, createCpuBackend);
};

describe('runAgreementCase', () => {
  it('passes a device that computes what the reference computes', async () => {
    await expect(
      agree(
        'Exp',
        'basic',
        tamperedCpu('Exp', (v) => v),
      ),
    ).resolves.toBeUndefined();
    await expect(
      agree(
        'MatMul',
        'basic 2x2',
        tamperedCpu('MatMul', (v) => v),
      ),
    ).resolves.toBeUndefined();
  });

  it('fails an exact op off by one float32 ulp', async () => {
    const nextUp = (v: number) => v + Math.abs(v) * 2 ** -23;
    await expect(agree('Add', 'basic', tamperedCpu('Add', nextUp))).rejects.toThrow(
      /Add\/basic \(seed 1\): 1 of \d+ elements disagree; first at flat index 0/,
    );
  });

  it('fails Exp off by 1e-4 relative (rtol 1e-5), passes it off by 1e-6', async () => {
    await expect(
      agree(
        'Exp',
        'basic',
        tamperedCpu('Exp', (v) => v * (1 + 1e-4)),
      ),
    ).rejects.toThrow(/allowed \|Δ\|/);
    await expect(
      agree(
        'Exp',
        'basic',
        tamperedCpu('Exp', (v) => v * (1 + 1e-6)),
      ),
    ).resolves.toBeUndefined();
  });

  it('fails a matmul beyond K·2⁻²³·Σ|aᵢbᵢ| + 1e-6', async () => {
    await expect(
      agree(
        'MatMul',
        'basic 2x2',
        tamperedCpu('MatMul', (v) => v + 1e-4 * (1 + Math.abs(v))),
      ),
    ).rejects.toThrow(/MatMul\/basic 2x2/);
  });

  it('fails a NaN where the reference has a number', async () => {
    await expect(
      agree(
        'Relu',
        'basic',
        tamperedCpu('Relu', () => Number.NaN),
      ),
    ).rejects.toThrow(/device NaN/);
  });
});
