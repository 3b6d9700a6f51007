import { describe, expect, it, vi } from 'vitest';
import { formatProfile, profileStep } from '../src/commands/profile.js';
import { trainMnist, type ProfileReport } from '../src/commands/train-mnist.js';
import { createProgram, type TrainMnistFlags } from '../src/program.js';
import { Capture } from './helpers.js';

const node = (op: string, micros: number) => ({
  nodeName: op,
  op,
  timelineLabel: `${op} = ${op}()`,
  allStartMicros: 0,
  opStartRelMicros: 0,
  opEndRelMicros: micros,
  allEndRelMicros: micros,
  outputs: [],
  outputShapes: [],
});

describe('--profile', () => {
  it('sums node stats by op type across devices, longest first', () => {
    const profile = profileStep({
      devStats: [
        { device: '/device:CPU:0', nodeStats: [node('Shape', 100), node('MatMul', 3000)] },
        { device: '/device:WEBGPU:0', nodeStats: [node('MatMul', 1000), node('Relu', 900)] },
      ],
    });
    expect(profile.rows).toEqual([
      { op: 'MatMul', count: 2, totalMs: 4, percent: 80 },
      { op: 'Relu', count: 1, totalMs: 0.9, percent: 18 },
      { op: 'Shape', count: 1, totalMs: 0.1, percent: 2 },
    ]);
    expect(profile).toMatchObject({ totalMs: 5, ops: 4, devices: ['/device:CPU:0', '/device:WEBGPU:0'] });
    expect(formatProfile(profile).split('\n')).toEqual([
      'op type  count    total ms       %',
      'MatMul       2       4.000    80.0',
      'Relu         1       0.900    18.0',
      'Shape        1       0.100     2.0',
      'total        4       5.000   100.0',
    ]);
  });

  it('traces the second training step and leaves training unchanged', async () => {
    const options = { epochs: 1, maxStepsPerEpoch: 3, hidden: 16 };
    const plain: number[] = [];
    await trainMnist(options, { step: (p) => plain.push(p.loss) });
    const profiled: number[] = [];
    const reports: ProfileReport[] = [];
    await trainMnist({ ...options, profile: true }, { step: (p) => profiled.push(p.loss), profile: (r) => reports.push(r) });
    expect(profiled).toEqual(plain);
    expect(reports).toHaveLength(1);
    const [report] = reports as [ProfileReport];
    expect(report).toMatchObject({ epoch: 1, step: 2, device: 'cpu', devices: ['/device:CPU:0'] });
    const ops = report.rows.map((r) => r.op);
    // The MLP's layers (fused on the CPU), its loss and its four variable updates.
    expect(ops).toEqual(expect.arrayContaining(['_FusedMatMul', 'SoftmaxCrossEntropyWithLogits', 'ApplyGradientDescent']));
    expect(report.rows.find((r) => r.op === 'ApplyGradientDescent')!.count).toBe(4);
    expect(report.rows.reduce((n, r) => n + r.count, 0)).toBe(report.ops);
    expect(report.rows.reduce((p, r) => p + r.percent, 0)).toBeCloseTo(100, 6);
    for (let i = 1; i < report.rows.length; i++) expect(report.rows[i - 1]!.totalMs).toBeGreaterThanOrEqual(report.rows[i]!.totalMs);
  });

  it('tf train mnist --profile parses, prints the table after the epoch line, and a JSON line with --json', async () => {
    const trainSpy = vi.fn<(flags: TrainMnistFlags) => void>();
    await createProgram({ trainMnist: trainSpy }, { stdout: new Capture(), stderr: new Capture() }).parseAsync(
      ['train', 'mnist', '--profile'],
      {
        from: 'user',
      },
    );
    expect(trainSpy.mock.calls[0]![0].profile).toBe(true);

    const args = ['train', 'mnist', '--epochs', '1', '--max-steps-per-epoch', '2', '--hidden', '8', '--profile'];
    const human = { stdout: new Capture(), stderr: new Capture() };
    await createProgram(undefined, human).parseAsync(args, { from: 'user' });
    const lines = human.stdout.text.split('\n');
    expect(lines[0]).toMatch(/^epoch 1\/1 /);
    expect(lines[1]).toMatch(/^profile of training step 2 of epoch 1 \(cpu, \/device:CPU:0\): \d+ ops, [\d.]+ ms$/);
    expect(lines[2]).toMatch(/^op type +count +total ms +%$/);
    expect(lines.some((l) => /^_FusedMatMul +2 +[\d.]+ +[\d.]+$/.test(l))).toBe(true);
    expect(lines.some((l) => /^total +\d+ +[\d.]+ +100\.0$/.test(l))).toBe(true);

    const json = { stdout: new Capture(), stderr: new Capture() };
    await createProgram(undefined, json).parseAsync([...args, '--json'], { from: 'user' });
    const objects = json.stdout.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const profile = objects.find((o) => 'profile' in o)?.['profile'] as { step: number; ops: { op: string; count: number }[] };
    expect(profile.step).toBe(2);
    expect(profile.ops.find((o) => o.op === '_FusedMatMul')?.count).toBe(2);
  });
});
